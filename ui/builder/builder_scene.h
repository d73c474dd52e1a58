// ui/builder/builder_scene.h: the canvas, a view of the NetworkDocument. It keeps one
// BlockItem per block id (created, removed and repositioned as the document reports inserts,
// removals and moves, so a 54-block ResNet-110 is never redrawn from scratch), the stem and
// the head as LayerStackItems, and the wires of the chain. It never edits the spec: drops,
// drags, skip clicks, deletes and context-menu actions become undo commands on the document's
// stack. For the training side it draws per-block flow (skip vs branch) and short notes.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/builder/palette_entries.h"
#include "ui/document/network_document.h"

#include <QGraphicsScene>
#include <QList>

#include <unordered_map>

class QMenu;
class QMimeData;
class QUndoCommand;
class QGraphicsSceneContextMenuEvent;

namespace ui {

class BlockItem;
class ChainWireItem;
class InsertionMarkerItem;
class LayerChipItem;
class LayerStackItem;

// Where a drop lands: a gap of the chain (blocks) or of the stem/head (layers).
struct DropTarget {
    enum class Kind { None, Block, Layer };
    Kind kind = Kind::None;
    LayerSection section = LayerSection::Stem;   // Layer only
    int index = -1;          // the gap: 0 = before the first block (or layer)
    QPointF marker;          // scene point of the gap, on the chip row
};

class BuilderScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit BuilderScene(NetworkDocument* document, QObject* parent = nullptr);
    ~BuilderScene() override;

    NetworkDocument* document() const { return m_document; }

    // Items.
    BlockItem* blockItem(core::BlockId id) const;
    int blockItemCount() const { return int(m_blocks.size()); }
    LayerStackItem* stackItem(LayerSection section) const;
    // The bounding rectangle of the drawn network (stem, blocks, head, notes).
    QRectF networkRect() const;
    // Some block shows the flow bars of training (the view then draws their key).
    bool showsFlow() const;
    int rowCount() const { return m_rows; }

    // Selection.
    QList<core::BlockId> selectedBlockIds() const;   // in chain order
    QList<LayerRef> selectedLayers() const;
    void selectBlocks(const QList<core::BlockId>& ids);
    void selectLayer(LayerSection section, int index);
    void selectAllItems();

    // Gestures, each pushed as one undo command.
    void deleteSelection();
    void toggleSkip(core::BlockId id);
    void setShortcut(core::BlockId id, core::ShortcutKind kind);
    void setAllResidual(bool residual);
    // Double-click in the palette: after the selection, or at the end of the chain.
    void insertFromPalette(PaletteEntry entry);

    // Drops: what a drag carrying `mime` at `scenePos` would do, and doing it.
    DropTarget dropTargetFor(const QMimeData* mime, const QPointF& scenePos) const;
    DropTarget blockDropTargetAt(const QPointF& scenePos) const;
    DropTarget layerDropTargetAt(const QPointF& scenePos) const;
    bool dropMimeData(const QMimeData* mime, const QPointF& scenePos);

    // Training overlays (the next issue's training panel drives these).
    void setBlockFlow(core::BlockId id, float inputNorm, float branchNorm, float gradViaShortcut,
                      float gradViaBranch);
    void clearBlockFlow();   // also the zeroed-branch marks: they belong to the session
    void setBranchZeroed(core::BlockId id, bool zeroed);
    void showBlockNote(core::BlockId id, const QString& text);
    void clearBlockNotes();

    // Pictures for slides: a white background instead of the canvas grey.
    void setPlainBackground(bool plain) { m_plainBackground = plain; }

    // Called by the items.
    void startBlockDrag(BlockItem* item, QWidget* source);
    void showBlockMenu(BlockItem* item, QGraphicsSceneContextMenuEvent* event);
    void showLayerMenu(LayerChipItem* item, QGraphicsSceneContextMenuEvent* event);
    // The context menu of a block (exposed so tests can trigger its actions).
    QMenu* createBlockMenu(core::BlockId id, QWidget* parent = nullptr);

signals:
    // "Zero the branch" on a residual block: the training side sets the branch's last weights
    // to zero, so the block passes its input through (out = g(x)).
    void zeroBranchRequested(core::BlockId id);
    // The chain was laid out again (items moved or rows changed).
    void layoutChanged();

protected:
    void dragEnterEvent(QGraphicsSceneDragDropEvent* event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent* event) override;
    void dragLeaveEvent(QGraphicsSceneDragDropEvent* event) override;
    void dropEvent(QGraphicsSceneDragDropEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;

private:
    void rebuild();
    void onBlockInserted(core::BlockId id);
    void onBlockRemoved(core::BlockId id);
    void onChanged();
    void refreshItems();
    void relayout();
    void push(QUndoCommand* command);
    BlockItem* createBlockItem(const core::BlockSpec& block);

    NetworkDocument* m_document;
    std::unordered_map<core::BlockId, BlockItem*> m_blocks;
    LayerStackItem* m_stem;
    LayerStackItem* m_head;
    ChainWireItem* m_wires;
    InsertionMarkerItem* m_marker;
    int m_rows = 0;
    double m_rowWidth = 0;
    bool m_plainBackground = false;   // kept between layouts while it stays close to the ideal
};

}  // namespace ui
