#include "ui/builder/builder_scene.h"

#include "ui/builder/block_item.h"
#include "ui/builder/builder_mime.h"
#include "ui/builder/builder_resources.h"
#include "ui/builder/builder_style.h"
#include "ui/builder/chain_layout.h"
#include "ui/builder/chain_wire_item.h"
#include "ui/builder/commands/insert_remove_block.h"
#include "ui/builder/commands/insert_remove_layer.h"
#include "ui/builder/commands/move_block.h"
#include "ui/builder/commands/set_shortcut.h"
#include "ui/builder/insertion_marker_item.h"
#include "ui/builder/layer_chip_item.h"
#include "ui/builder/layer_stack_item.h"
#include "ui/builder/skip_arrow_item.h"
#include "ui/document/spec_queries.h"

#include <QActionGroup>
#include <QDrag>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneDragDropEvent>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QPointer>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace ui {

using namespace canvas;

namespace {

QString shortcutMenuText(core::ShortcutKind kind) {
    switch (kind) {
    case core::ShortcutKind::None: return BuilderScene::tr("None (plain block)");
    case core::ShortcutKind::Identity: return BuilderScene::tr("Identity");
    case core::ShortcutKind::Projection: return BuilderScene::tr("Projection (learned W_s)");
    case core::ShortcutKind::ZeroPad: return BuilderScene::tr("Zero-padding");
    }
    return {};
}

// A candidate gap for a drop and the cost of choosing it for the cursor at `p`: rows are
// weighted three times so the cursor picks a gap of its own row first.
struct Gap {
    QPointF point;
    int index;
    LayerSection section;
};

double gapCost(const Gap& gap, const QPointF& p) {
    const double dx = gap.point.x() - p.x();
    const double dy = 3 * (gap.point.y() - p.y());
    return dx * dx + dy * dy;
}

}  // namespace

BuilderScene::BuilderScene(NetworkDocument* document, QObject* parent)
    : QGraphicsScene(parent),
      m_document(document),
      m_stem(new LayerStackItem(LayerSection::Stem)),
      m_head(new LayerStackItem(LayerSection::Head)),
      m_wires(new ChainWireItem),
      m_marker(new InsertionMarkerItem) {
    ensureResources();
    // BSP indexing pays off for static scenes; ours moves items on every edit.
    setItemIndexMethod(NoIndex);
    addItem(m_wires);
    addItem(m_stem);
    addItem(m_head);
    addItem(m_marker);
    connect(document, &NetworkDocument::specReset, this, &BuilderScene::rebuild);
    connect(document, &NetworkDocument::blockInserted, this, &BuilderScene::onBlockInserted);
    connect(document, &NetworkDocument::blockRemoved, this, &BuilderScene::onBlockRemoved);
    connect(document, &NetworkDocument::changed, this, &BuilderScene::onChanged);
    rebuild();
    onChanged();
}

BuilderScene::~BuilderScene() = default;

BlockItem* BuilderScene::blockItem(core::BlockId id) const {
    const auto it = m_blocks.find(id);
    return it == m_blocks.end() ? nullptr : it->second;
}

LayerStackItem* BuilderScene::stackItem(LayerSection section) const {
    return section == LayerSection::Stem ? m_stem : m_head;
}

BlockItem* BuilderScene::createBlockItem(const core::BlockSpec& block) {
    auto* item = new BlockItem(block.id);
    addItem(item);
    m_blocks[block.id] = item;
    return item;
}

// From scratch: New, Open, and whole-network edits. Blocks that keep their id keep their item
// (and their selection).
void BuilderScene::rebuild() {
    std::set<core::BlockId> ids;
    for (const core::BlockSpec& block : m_document->spec().blocks) {
        ids.insert(block.id);
        if (!blockItem(block.id))
            createBlockItem(block);
    }
    for (auto it = m_blocks.begin(); it != m_blocks.end();) {
        if (!ids.count(it->first)) {
            delete it->second;
            it = m_blocks.erase(it);
        } else {
            ++it;
        }
    }
    m_rowWidth = 0;
}

void BuilderScene::onBlockInserted(core::BlockId id) {
    if (const auto index = m_document->spec().indexOf(id))
        createBlockItem(m_document->spec().blocks[*index]);
}

void BuilderScene::onBlockRemoved(core::BlockId id) {
    const auto it = m_blocks.find(id);
    if (it == m_blocks.end())
        return;
    delete it->second;
    m_blocks.erase(it);
}

void BuilderScene::onChanged() {
    refreshItems();
    relayout();
}

// Brings every item up to date with the spec and the analysis. Items compare what they are
// given with what they show and repaint only when it differs, so an edit repaints the edited
// block and the blocks whose shapes or issues it changed, nothing else.
void BuilderScene::refreshItems() {
    const core::NetworkSpec& spec = m_document->spec();
    const core::SpecAnalysis& analysis = m_document->analysis();
    using Where = core::SpecIssue::Where;

    std::vector<QStringList> blockTexts(spec.blocks.size());
    std::set<int> badStem, badHead;
    QStringList stemTexts, headTexts;
    for (const core::SpecIssue& issue : analysis.issues) {
        const QString text = QString::fromStdString(issue.message);
        switch (issue.where) {
        case Where::Block:
            if (issue.index >= 0 && issue.index < int(blockTexts.size()))
                blockTexts[std::size_t(issue.index)] << text;
            break;
        case Where::Stem: badStem.insert(issue.index); stemTexts << text; break;
        case Where::Input: stemTexts << text; break;
        case Where::Head: badHead.insert(issue.index); headTexts << text; break;
        case Where::Network:
            if (issue.field == "classes")
                headTexts << text;
            break;
        }
    }

    for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
        const core::BlockSpec& block = spec.blocks[i];
        BlockItem* item = blockItem(block.id);
        if (!item)
            item = createBlockItem(block);
        const int index = int(i);
        item->setBlock(block, blockInputShape(spec, analysis, index).spatial);
        const core::LayerSummary* row = blockSummary(spec, analysis, index);
        item->setSummary(index, row ? QString::fromStdString(row->output.str()) : QStringLiteral("?"),
                         row ? row->params : 0, row ? QString::fromStdString(row->description) : QString(),
                         blockTexts[i]);
    }

    qint64 stemParams = 0, headParams = 0;
    for (int i = 0; i < int(spec.stem.size()); ++i)
        if (const core::LayerSummary* row = stemSummary(analysis, i))
            stemParams += row->params;
    for (int i = 0; i < int(spec.head.size()); ++i)
        if (const core::LayerSummary* row = headSummary(spec, analysis, i))
            headParams += row->params;
    const core::Shape stemOut = blockInputShape(spec, analysis, 0);
    m_stem->setLayers(spec.stem, QString::fromStdString(analysis.inputShape.str()),
                      QString::fromStdString(stemOut.str()), stemParams, badStem, stemTexts.join('\n'));
    m_head->setLayers(spec.head, tr("%n classes", nullptr, spec.classes),
                      QString::fromStdString(analysis.outputShape.str()), headParams, badHead, headTexts.join('\n'));
}

void BuilderScene::relayout() {
    std::vector<QGraphicsItem*> chain;
    std::vector<double> widths;
    chain.push_back(m_stem);
    widths.push_back(m_stem->width());
    for (const core::BlockSpec& block : m_document->spec().blocks) {
        BlockItem* item = blockItem(block.id);
        chain.push_back(item);
        widths.push_back(item->width());
    }
    chain.push_back(m_head);
    widths.push_back(m_head->width());

    ChainLayoutParams params;
    params.itemHeight = kItemHeight;
    params.gap = kItemGap;
    params.rowGap = kRowGap;
    // Keep the row width while it stays close to the ideal one and needs no extra row, so
    // inserting one block into a long chain shifts the blocks after it instead of reflowing
    // every row.
    ChainPlacement placement = layoutChain(widths, params);
    if (m_rowWidth > 0 && std::abs(m_rowWidth - placement.rowWidth) <= 0.25 * placement.rowWidth) {
        params.rowWidth = m_rowWidth;
        ChainPlacement kept = layoutChain(widths, params);
        if (kept.rows <= placement.rows)
            placement = std::move(kept);
    }
    m_rowWidth = placement.rowWidth;

    std::vector<QRectF> rects;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        chain[i]->setPos(placement.topLeft[i]);
        rects.emplace_back(placement.topLeft[i], QSizeF(widths[i], kItemHeight));
    }
    m_wires->setChain(rects, placement.row, kChipMid, kRowGap);
    m_rows = placement.rows;
    setSceneRect(networkRect().adjusted(-600, -400, 600, 400));
    emit layoutChanged();
}

QRectF BuilderScene::networkRect() const {
    QRectF rect = m_stem->sceneBoundingRect() | m_head->sceneBoundingRect();
    for (const auto& [id, item] : m_blocks)
        rect |= item->mapRectToScene(item->boundingRect() | item->childrenBoundingRect());
    return rect;
}

QList<core::BlockId> BuilderScene::selectedBlockIds() const {
    QList<core::BlockId> ids;
    for (const core::BlockSpec& block : m_document->spec().blocks)
        if (BlockItem* item = blockItem(block.id); item && item->isSelected())
            ids << block.id;
    return ids;
}

QList<LayerRef> BuilderScene::selectedLayers() const {
    QList<LayerRef> layers;
    for (LayerStackItem* stack : {m_stem, m_head})
        for (LayerChipItem* chip : stack->chips())
            if (chip->isSelected())
                layers << LayerRef{stack->section(), chip->index()};
    return layers;
}

void BuilderScene::selectBlocks(const QList<core::BlockId>& ids) {
    clearSelection();
    for (core::BlockId id : ids)
        if (BlockItem* item = blockItem(id))
            item->setSelected(true);
}

void BuilderScene::selectLayer(LayerSection section, int index) {
    clearSelection();
    if (LayerChipItem* chip = stackItem(section)->chip(index))
        chip->setSelected(true);
}

void BuilderScene::selectAllItems() {
    for (const auto& [id, item] : m_blocks)
        item->setSelected(true);
}

void BuilderScene::push(QUndoCommand* command) { m_document->undoStack()->push(command); }

void BuilderScene::deleteSelection() {
    const QList<core::BlockId> ids = selectedBlockIds();
    QList<LayerRef> layers = selectedLayers();
    if (ids.isEmpty() && layers.isEmpty())
        return;
    // Layers go from the highest index down, so each removal leaves the others' indices valid.
    std::sort(layers.begin(), layers.end(), [](const LayerRef& a, const LayerRef& b) {
        return a.section != b.section ? a.section < b.section : a.index > b.index;
    });
    const int count = int(ids.size() + layers.size());
    QUndoCommand* parent = nullptr;
    if (count > 1)
        parent = new QUndoCommand(tr("Delete %n items", nullptr, count));
    QUndoCommand* single = nullptr;
    for (core::BlockId id : ids)
        single = new RemoveBlockCommand(m_document, id, parent);
    for (const LayerRef& layer : layers)
        single = new RemoveLayerCommand(m_document, layer.section, layer.index, parent);
    push(parent ? parent : single);
}

void BuilderScene::toggleSkip(core::BlockId id) {
    const auto index = m_document->spec().indexOf(id);
    if (!index)
        return;
    const core::BlockSpec& block = m_document->spec().blocks[*index];
    setShortcut(id, block.residual() ? core::ShortcutKind::None
                                     : residualShortcutFor(m_document->spec(), m_document->analysis(), int(*index)));
}

void BuilderScene::setShortcut(core::BlockId id, core::ShortcutKind kind) {
    auto* command = new SetShortcutCommand(m_document, id, kind);
    if (command->changesAnything())
        push(command);
    else
        delete command;
}

void BuilderScene::setAllResidual(bool residual) {
    const core::NetworkSpec& spec = m_document->spec();
    const std::vector<core::ShortcutKind> kinds = residual ? residualShortcuts(spec)
                                                           : std::vector<core::ShortcutKind>(spec.blocks.size(),
                                                                                             core::ShortcutKind::None);
    std::vector<SetShortcutCommand::Change> changes;
    for (std::size_t i = 0; i < spec.blocks.size(); ++i)
        changes.push_back({spec.blocks[i].id, kinds[i]});
    auto* command = new SetShortcutCommand(m_document, changes,
                                           residual ? tr("Make every block residual") : tr("Make every block plain"));
    if (command->changesAnything())
        push(command);
    else
        delete command;
}

void BuilderScene::insertFromPalette(PaletteEntry entry) {
    const core::NetworkSpec& spec = m_document->spec();
    if (paletteInfo(entry).isBlock) {
        const QList<core::BlockId> selected = selectedBlockIds();
        const int index = selected.isEmpty() ? int(spec.blocks.size()) : int(*spec.indexOf(selected.back())) + 1;
        auto* command = new InsertBlockCommand(
            m_document, index, makeBlock(entry, blockInputShape(spec, m_document->analysis(), index)));
        push(command);
        selectBlocks({command->blockId()});
        return;
    }
    LayerRef target{LayerSection::Stem, int(spec.stem.size())};
    const QList<LayerRef> layers = selectedLayers();
    if (!layers.isEmpty())
        target = {layers.back().section, layers.back().index + 1};
    else if (entry == PaletteEntry::GlobalAvgPool || entry == PaletteEntry::Flatten)
        target = {LayerSection::Head, 0};
    push(new InsertLayerCommand(m_document, target.section, target.index,
                                makeLayer(entry, target.section == LayerSection::Head, spec.classes)));
    selectLayer(target.section, target.index);
}

DropTarget BuilderScene::blockDropTargetAt(const QPointF& p) const {
    const core::NetworkSpec& spec = m_document->spec();
    std::vector<Gap> gaps;
    const double half = kItemGap / 2;
    auto mid = [](const QGraphicsItem* item) { return item->y() + kChipMid; };
    gaps.push_back({{m_stem->x() + m_stem->width() + half, mid(m_stem)}, 0, LayerSection::Stem});
    for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
        const BlockItem* item = blockItem(spec.blocks[i].id);
        gaps.push_back({{item->x() - half, mid(item)}, int(i), LayerSection::Stem});
        gaps.push_back({{item->x() + item->width() + half, mid(item)}, int(i) + 1, LayerSection::Stem});
    }
    gaps.push_back({{m_head->x() - half, mid(m_head)}, int(spec.blocks.size()), LayerSection::Stem});
    const Gap* best = &gaps.front();
    for (const Gap& gap : gaps)
        if (gapCost(gap, p) < gapCost(*best, p))
            best = &gap;
    return {DropTarget::Kind::Block, LayerSection::Stem, best->index, best->point};
}

DropTarget BuilderScene::layerDropTargetAt(const QPointF& p) const {
    std::vector<Gap> gaps;
    for (LayerStackItem* stack : {m_stem, m_head}) {
        // Only over the stem or the head itself (with a margin): a layer dropped among the
        // blocks has no place to go.
        if (!stack->sceneBoundingRect().adjusted(-kItemGap, -40, kItemGap, 40).contains(p))
            continue;
        const std::vector<double> xs = stack->gapXs();
        for (int j = 0; j < int(xs.size()); ++j)
            gaps.push_back({stack->mapToScene(QPointF(xs[std::size_t(j)], kChipMid)), j, stack->section()});
    }
    if (gaps.empty())
        return {};
    const Gap* best = &gaps.front();
    for (const Gap& gap : gaps)
        if (gapCost(gap, p) < gapCost(*best, p))
            best = &gap;
    return {DropTarget::Kind::Layer, best->section, best->index, best->point};
}

DropTarget BuilderScene::dropTargetFor(const QMimeData* mime, const QPointF& scenePos) const {
    if (const auto entry = paletteEntryFromMime(mime))
        return paletteInfo(*entry).isBlock ? blockDropTargetAt(scenePos) : layerDropTargetAt(scenePos);
    if (!blockIdsFromMime(mime).isEmpty())
        return blockDropTargetAt(scenePos);
    return {};
}

bool BuilderScene::dropMimeData(const QMimeData* mime, const QPointF& scenePos) {
    const DropTarget target = dropTargetFor(mime, scenePos);
    if (target.kind == DropTarget::Kind::None)
        return false;
    const core::NetworkSpec& spec = m_document->spec();
    if (const auto entry = paletteEntryFromMime(mime)) {
        if (target.kind == DropTarget::Kind::Block) {
            const core::Shape input = blockInputShape(spec, m_document->analysis(), target.index);
            auto* command = new InsertBlockCommand(m_document, target.index, makeBlock(*entry, input));
            push(command);
            selectBlocks({command->blockId()});
        } else {
            push(new InsertLayerCommand(m_document, target.section, target.index,
                                        makeLayer(*entry, target.section == LayerSection::Head, spec.classes)));
            selectLayer(target.section, target.index);
        }
        return true;
    }
    QList<core::BlockId> ids;
    for (core::BlockId id : blockIdsFromMime(mime))
        if (spec.indexOf(id))
            ids << id;
    if (ids.isEmpty())
        return false;
    auto* command = new MoveBlocksCommand(m_document, ids, target.index);
    if (command->changesOrder())
        push(command);
    else
        delete command;
    selectBlocks(ids);
    return true;
}

void BuilderScene::dragEnterEvent(QGraphicsSceneDragDropEvent* event) { dragMoveEvent(event); }

void BuilderScene::dragMoveEvent(QGraphicsSceneDragDropEvent* event) {
    const DropTarget target = dropTargetFor(event->mimeData(), event->scenePos());
    if (target.kind == DropTarget::Kind::None) {
        m_marker->hide();
        event->ignore();
        return;
    }
    m_marker->showAt(target.marker);
    event->setDropAction(event->mimeData()->hasFormat(kBlocksMimeType) ? Qt::MoveAction : Qt::CopyAction);
    event->accept();
}

void BuilderScene::dragLeaveEvent(QGraphicsSceneDragDropEvent*) { m_marker->hide(); }

void BuilderScene::dropEvent(QGraphicsSceneDragDropEvent* event) {
    m_marker->hide();
    const bool move = event->mimeData()->hasFormat(kBlocksMimeType);
    if (dropMimeData(event->mimeData(), event->scenePos())) {
        event->setDropAction(move ? Qt::MoveAction : Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void BuilderScene::drawBackground(QPainter* painter, const QRectF& rect) {
    painter->fillRect(rect, m_plainBackground ? QColor(Qt::white) : canvasBackground());
}

void BuilderScene::startBlockDrag(BlockItem* item, QWidget* source) {
    if (!item->isSelected()) {
        clearSelection();
        item->setSelected(true);
    }
    const QList<core::BlockId> ids = selectedBlockIds();
    // A picture of the grabbed block (with a count when several move together).
    const QRectF rect = item->sceneBoundingRect();
    const double scale = std::min(1.0, 220.0 / rect.width());
    QPixmap picture(QSize(int(rect.width() * scale) + 2, int(rect.height() * scale) + 2));
    picture.fill(Qt::transparent);
    {
        QPainter painter(&picture);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setOpacity(0.8);
        render(&painter, QRectF(QPointF(0, 0), rect.size() * scale), rect);
        if (ids.size() > 1) {
            painter.setOpacity(1);
            painter.setBrush(selectionColor());
            painter.setPen(Qt::NoPen);
            painter.drawEllipse(QRectF(picture.width() - 28, 2, 26, 26));
            painter.setPen(Qt::white);
            painter.setFont(headerFont());
            painter.drawText(QRectF(picture.width() - 28, 2, 26, 26), Qt::AlignCenter, QString::number(ids.size()));
        }
    }
    auto* drag = new QDrag(source);
    drag->setMimeData(blocksMimeData(ids));
    drag->setPixmap(picture);
    drag->setHotSpot(QPoint(picture.width() / 2, int(kChipMid * scale)));
    drag->exec(Qt::MoveAction);
    m_marker->hide();
}

QMenu* BuilderScene::createBlockMenu(core::BlockId id, QWidget* parent) {
    const auto index = m_document->spec().indexOf(id);
    if (!index)
        return nullptr;
    const core::BlockSpec block = m_document->spec().blocks[*index];
    auto* menu = new QMenu(parent);
    menu->addAction(block.residual() ? tr("Remove Skip Connection") : tr("Add Skip Connection"), this,
                    [this, id] { toggleSkip(id); });
    QMenu* shortcuts = menu->addMenu(tr("Shortcut"));
    auto* group = new QActionGroup(shortcuts);
    for (core::ShortcutKind kind : {core::ShortcutKind::None, core::ShortcutKind::Identity,
                                    core::ShortcutKind::Projection, core::ShortcutKind::ZeroPad}) {
        QAction* action = shortcuts->addAction(shortcutMenuText(kind), this, [this, id, kind] { setShortcut(id, kind); });
        action->setCheckable(true);
        action->setChecked(block.shortcut == kind);
        group->addAction(action);
    }
    for (core::ShortcutKind fix : shortcutFixes(m_document->spec(), id))
        menu->addAction(fix == core::ShortcutKind::Projection ? tr("Fix: Use a Projection Shortcut")
                                                              : tr("Fix: Use a Zero-Padding Shortcut"),
                        this, [this, id, fix] { setShortcut(id, fix); });
    if (block.residual()) {
        menu->addSeparator();
        QAction* zero = menu->addAction(tr("Zero the Branch"), this, [this, id] { emit zeroBranchRequested(id); });
        zero->setToolTip(tr("Set the branch's last weights to zero: the block then passes its input through"));
        zero->setObjectName(QStringLiteral("zeroBranch"));
    }
    menu->addSeparator();
    QAction* remove = menu->addAction(QIcon(QStringLiteral(":/icons/delete.svg")), tr("Delete"), this, [this] {
        // Deleting destroys the item whose context-menu handler is still on the stack: wait
        // until it has returned.
        QTimer::singleShot(0, this, [this] { deleteSelection(); });
    });
    remove->setShortcut(QKeySequence::Delete);
    return menu;
}

void BuilderScene::showBlockMenu(BlockItem* item, QGraphicsSceneContextMenuEvent* event) {
    if (!item->isSelected()) {
        clearSelection();
        item->setSelected(true);
    }
    QMenu* menu = createBlockMenu(item->blockId(), event->widget());
    if (!menu)
        return;
    menu->exec(event->screenPos());
    delete menu;
}

void BuilderScene::showLayerMenu(LayerChipItem* item, QGraphicsSceneContextMenuEvent* event) {
    if (!item->isSelected()) {
        clearSelection();
        item->setSelected(true);
    }
    QMenu menu(event->widget());
    QAction* remove = menu.addAction(QIcon(QStringLiteral(":/icons/delete.svg")), tr("Delete Layer"), this,
                                     [this] { QTimer::singleShot(0, this, [this] { deleteSelection(); }); });
    remove->setShortcut(QKeySequence::Delete);
    menu.exec(event->screenPos());
}

void BuilderScene::setBlockFlow(core::BlockId id, float inputNorm, float branchNorm, float gradViaShortcut,
                                float gradViaBranch) {
    const bool first = !showsFlow();
    if (BlockItem* item = blockItem(id))
        item->setFlow(BlockFlow{inputNorm, branchNorm, gradViaShortcut, gradViaBranch});
    if (first && showsFlow())
        update();   // the view draws the key of the bars
}

void BuilderScene::clearBlockFlow() {
    for (const auto& [id, item] : m_blocks) {
        item->setFlow(std::nullopt);
        item->setBranchZeroed(false);
    }
    update();   // the key goes with the bars
}

void BuilderScene::setBranchZeroed(core::BlockId id, bool zeroed) {
    if (BlockItem* item = blockItem(id))
        item->setBranchZeroed(zeroed);
}

bool BuilderScene::showsFlow() const {
    return std::any_of(m_blocks.begin(), m_blocks.end(), [](const auto& entry) { return entry.second->showsFlow(); });
}

void BuilderScene::showBlockNote(core::BlockId id, const QString& text) {
    if (BlockItem* item = blockItem(id))
        item->setNote(text);
}

void BuilderScene::clearBlockNotes() {
    for (const auto& [id, item] : m_blocks)
        item->setNote({});
}

}  // namespace ui
