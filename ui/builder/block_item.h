// ui/builder/block_item.h: one block of the chain on the canvas, drawn like the chapter's
// figures: a box holding the branch's layers in order (conv/dense, BN, activation), the ⊕
// where the skip joins, the final activation, and under them the block's output shape and
// parameter count. Its SkipArrowItem child is the skip connection. The item only shows the
// block; gestures (click the skip, drag to move, context menu) go to the BuilderScene, which
// turns them into undo commands.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/builder/block_flow.h"
#include "ui/builder/builder_style.h"

#include <QGraphicsItem>
#include <QStringList>

#include <optional>
#include <vector>

namespace ui {

class SkipArrowItem;
class BlockNoteItem;

class BlockItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    explicit BlockItem(core::BlockId id);

    core::BlockId blockId() const { return m_id; }
    const core::BlockSpec& block() const { return m_block; }
    SkipArrowItem* skipArrow() const { return m_skip; }

    // Rebuilds the layer chips from the block's fields. `images`: the block receives an image
    // (conv layers) rather than a vector (dense layers). Returns true when the width changed.
    bool setBlock(const core::BlockSpec& block, bool images);
    // What the analysis says about it: its index in the chain, its output shape ("32x16x16"),
    // its parameters, a one-line description and the validation messages that name it.
    void setSummary(int index, const QString& outputShape, qint64 params, const QString& description,
                    const QStringList& issues);
    void setFlow(const std::optional<BlockFlow>& flow);
    bool showsFlow() const { return m_flow.has_value(); }
    // The trained network's branch of this block is zeroed (the identity demo): marked F(x) = 0.
    void setBranchZeroed(bool zeroed);
    bool branchZeroed() const { return m_branchZeroed; }
    const std::optional<BlockFlow>& flow() const { return m_flow; }
    // A short message shown in a callout over the block; an empty text removes it.
    void setNote(const QString& text);
    QString note() const;

    int index() const { return m_index; }
    bool isInvalid() const { return !m_issues.isEmpty(); }
    const QStringList& issues() const { return m_issues; }
    double width() const { return m_width; }
    // The rectangle of the skip switch in the header (item coordinates).
    QRectF skipSwitchRect() const;

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    struct Chip {
        canvas::ChipKind kind;
        QString line1;
        QString line2;
        double x;
        double w;
    };
    double layoutChips();   // fills m_chips and m_addX, returns the box width
    void updateToolTip();
    QString title() const;

    core::BlockId m_id;
    core::BlockSpec m_block;
    bool m_images = false;
    std::vector<Chip> m_chips;
    double m_addX = -1;          // centre of the ⊕ (where the skip would join on a plain block)
    double m_width = canvas::kMinBlockWidth;
    int m_index = -1;
    QString m_outputShape;
    qint64 m_params = 0;
    QString m_description;
    QStringList m_issues;
    std::optional<BlockFlow> m_flow;
    bool m_branchZeroed = false;
    bool m_hovered = false;
    bool m_pressOnSwitch = false;
    SkipArrowItem* m_skip;
    BlockNoteItem* m_note = nullptr;
};

}  // namespace ui
