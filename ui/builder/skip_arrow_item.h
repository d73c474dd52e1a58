// ui/builder/skip_arrow_item.h: the skip connection of one block, drawn as in the chapter's
// figures: a curved arrow that leaves the block's input, runs over the branch and joins the
// ⊕ before the final activation. A projection shortcut carries its 1x1 conv (or linear) and
// BN on the arrow; zero-padding carries "pad". A shortcut variant (He et al. 2016, Fig. 2)
// carries its operation: "×0.5" for constant scaling, "×(1−g)" for a gate, a dashed arrow
// marked "dropout 0.5" for the dropout shortcut. On a plain block the arrow is a dashed ghost
// that appears on hover. One click toggles the skip. During training it can show the forward
// and backward share of the skip path as two lanes whose thickness is that share.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/builder/block_flow.h"

#include <QGraphicsItem>
#include <QPainterPath>

#include <optional>

namespace ui {

class BlockItem;

class SkipArrowItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };
    explicit SkipArrowItem(BlockItem* block);

    // The arrow runs from x = startX on the input wire to the ⊕ centred at x = endX.
    void setSpan(double startX, double endX);
    void setShortcut(core::ShortcutKind kind, bool images, bool batchNorm, int stride);
    void setVariant(const core::BlockDesign& design);
    void setGhostVisible(bool visible);   // plain blocks: show the dashed "add a skip" arrow
    void setFlow(const std::optional<BlockFlow>& flow);
    core::ShortcutKind shortcut() const { return m_kind; }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

private:
    // The arc from (x0, kChipMid) over y = top down into the ⊕ at x1.
    QPainterPath arcPath(double x0, double x1, double top) const;
    QString label() const;
    void rebuild();
    void updateToolTip();

    BlockItem* m_block;
    double m_startX = 10;
    double m_endX = 100;
    core::ShortcutKind m_kind = core::ShortcutKind::Identity;
    bool m_images = false;
    bool m_batchNorm = true;
    int m_stride = 1;
    core::ShortcutVariant m_variant = core::ShortcutVariant::None;
    double m_lambda = 0.5;
    double m_dropoutRate = 0.5;
    bool m_ghost = false;
    bool m_hovered = false;
    std::optional<BlockFlow> m_flow;
    QPainterPath m_path;
    QPainterPath m_hitShape;
};

}  // namespace ui
