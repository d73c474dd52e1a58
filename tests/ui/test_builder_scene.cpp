// tests/ui/test_builder_scene.cpp: the canvas as a view of the document and as the place
// where gestures become commands: palette drops (from the palette's own drag data) land at
// the gap under the cursor, drags move blocks, Delete removes the selection, a click on the
// skip arrow toggles it, invalid blocks carry their message, the issues panel selects and
// fixes them, and the training overlays (flow, notes, "zero the branch") reach the right block.
#include "ui/builder/block_item.h"
#include "ui/builder/block_palette.h"
#include "ui/builder/builder_mime.h"
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_style.h"
#include "ui/builder/builder_view.h"
#include "ui/builder/issues_panel.h"
#include "ui/builder/layer_chip_item.h"
#include "ui/builder/layer_stack_item.h"
#include "ui/builder/skip_arrow_item.h"
#include "ui/document/network_document.h"

#include "core/spec/presets.h"

#include <QAction>
#include <QGraphicsSceneDragDropEvent>
#include <QListWidget>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include <memory>

using namespace ui;

class TestBuilderScene : public QObject {
    Q_OBJECT

    static std::string json(const NetworkDocument& document) { return core::specToJson(document.spec()); }

    // The scene point of the gap just before block `index` (or after the last block).
    static QPointF gapBefore(BuilderScene& scene, int index) {
        const core::NetworkSpec& spec = scene.document()->spec();
        if (index < int(spec.blocks.size())) {
            const BlockItem* item = scene.blockItem(spec.blocks[std::size_t(index)].id);
            return item->pos() + QPointF(-canvas::kItemGap / 2, canvas::kChipMid);
        }
        const LayerStackItem* head = scene.stackItem(LayerSection::Head);
        return head->pos() + QPointF(-canvas::kItemGap / 2, canvas::kChipMid);
    }

    // Sends a real drop event, as QGraphicsView does when the mouse is released.
    static bool sendDrop(BuilderScene& scene, QMimeData* mime, const QPointF& scenePos) {
        for (QEvent::Type type : {QEvent::GraphicsSceneDragEnter, QEvent::GraphicsSceneDragMove, QEvent::GraphicsSceneDrop}) {
            QGraphicsSceneDragDropEvent event(type);
            event.setScenePos(scenePos);
            event.setMimeData(mime);
            event.setPossibleActions(Qt::CopyAction | Qt::MoveAction);
            event.setProposedAction(Qt::CopyAction);
            event.setButtons(Qt::LeftButton);
            event.setAccepted(false);
            QCoreApplication::sendEvent(&scene, &event);
            if (!event.isAccepted())
                return false;
        }
        return true;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void oneItemPerBlock() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet56"));
        BuilderScene scene(&document);
        QCOMPARE(scene.blockItemCount(), 27);
        for (const core::BlockSpec& b : document.spec().blocks)
            QVERIFY(scene.blockItem(b.id));
        QVERIFY(scene.rowCount() > 1);   // a long chain wraps into rows
    }

    void paletteDropInsertsAtTheGap_data() {
        QTest::addColumn<int>("entry");
        QTest::addColumn<int>("gap");
        QTest::newRow("residual at front") << int(PaletteEntry::ResidualBlock) << 0;
        QTest::newRow("plain in the middle") << int(PaletteEntry::PlainBlock) << 2;
        QTest::newRow("bottleneck at the end") << int(PaletteEntry::BottleneckBlock) << 3;
        QTest::newRow("convolution after first") << int(PaletteEntry::ConvolutionBlock) << 1;
    }

    void paletteDropInsertsAtTheGap() {
        QFETCH(int, entry);
        QFETCH(int, gap);
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));   // 3 blocks
        BuilderScene scene(&document);
        BlockPalette palette;
        std::unique_ptr<QMimeData> mime(palette.mimeDataFor(PaletteEntry(entry)));
        QVERIFY(mime);
        QVERIFY(mime->hasFormat(kPaletteMimeType));
        const std::string before = json(document);
        // A little above and to the right of the gap's centre: still that gap.
        QVERIFY(sendDrop(scene, mime.get(), gapBefore(scene, gap) + QPointF(6, -20)));
        QCOMPARE(document.spec().blocks.size(), std::size_t(4));
        const core::BlockSpec& inserted = document.spec().blocks[std::size_t(gap)];
        QCOMPARE(scene.selectedBlockIds(), QList<core::BlockId>{inserted.id});
        QVERIFY(scene.blockItem(inserted.id));
        switch (PaletteEntry(entry)) {
        case PaletteEntry::PlainBlock: QCOMPARE(inserted.shortcut, core::ShortcutKind::None); break;
        case PaletteEntry::ResidualBlock: QCOMPARE(inserted.shortcut, core::ShortcutKind::Identity); break;
        case PaletteEntry::ConvolutionBlock: QCOMPARE(inserted.shortcut, core::ShortcutKind::Projection); break;
        case PaletteEntry::BottleneckBlock: QCOMPARE(inserted.kind, core::BlockKind::Bottleneck); break;
        default: break;
        }
        // Fitted to where it lands: the network stays valid.
        QVERIFY(document.isValid());
        document.undoStack()->undo();
        QCOMPARE(json(document), before);
        QCOMPARE(scene.blockItemCount(), 3);
    }

    void dropMarkerFollowsTheCursor() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        BuilderScene scene(&document);
        for (int gap = 0; gap <= 9; ++gap) {
            const DropTarget target = scene.blockDropTargetAt(gapBefore(scene, gap) + QPointF(0, 30));
            QCOMPARE(target.kind, DropTarget::Kind::Block);
            QCOMPARE(target.index, gap);
        }
        // Over the middle of block 4, nearer its left edge: gap 4; nearer its right edge: gap 5.
        const BlockItem* item = scene.blockItem(document.spec().blocks[4].id);
        const QPointF left = item->pos() + QPointF(item->width() * 0.3, canvas::kChipMid);
        const QPointF right = item->pos() + QPointF(item->width() * 0.7, canvas::kChipMid);
        QCOMPARE(scene.blockDropTargetAt(left).index, 4);
        QCOMPARE(scene.blockDropTargetAt(right).index, 5);
    }

    void layerDropsGoIntoTheStemOrHead() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));   // stem conv, BN, ReLU; head GAP, dense
        BuilderScene scene(&document);
        BlockPalette palette;
        LayerStackItem* head = scene.stackItem(LayerSection::Head);
        const std::vector<double> gaps = head->gapXs();
        QCOMPARE(gaps.size(), std::size_t(3));
        std::unique_ptr<QMimeData> relu(palette.mimeDataFor(PaletteEntry::ReLU));
        QVERIFY(sendDrop(scene, relu.get(), head->mapToScene(QPointF(gaps[1], canvas::kChipMid))));
        QCOMPARE(document.spec().head.size(), std::size_t(3));
        QCOMPARE(document.spec().head[1].type, core::LayerType::ReLU);
        QCOMPARE(scene.selectedLayers(), (QList<LayerRef>{{LayerSection::Head, 1}}));

        LayerStackItem* stem = scene.stackItem(LayerSection::Stem);
        std::unique_ptr<QMimeData> bn(palette.mimeDataFor(PaletteEntry::BatchNorm));
        QVERIFY(sendDrop(scene, bn.get(), stem->mapToScene(QPointF(stem->gapXs().back(), canvas::kChipMid))));
        QCOMPARE(document.spec().stem.size(), std::size_t(4));
        QCOMPARE(document.spec().stem[3].type, core::LayerType::BatchNorm);

        // A layer dropped among the blocks is refused, and nothing changes.
        const std::string before = json(document);
        std::unique_ptr<QMimeData> dense(palette.mimeDataFor(PaletteEntry::Dense));
        QVERIFY(!sendDrop(scene, dense.get(), gapBefore(scene, 4)));
        QCOMPARE(json(document), before);
    }

    void dragInsideTheCanvasMovesBlocks() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-plain-12"));   // 5 blocks
        BuilderScene scene(&document);
        std::vector<core::BlockId> ids;
        for (const core::BlockSpec& b : document.spec().blocks)
            ids.push_back(b.id);
        BlockItem* first = scene.blockItem(ids[0]);
        std::unique_ptr<QMimeData> mime(blocksMimeData({ids[0], ids[1]}));
        QVERIFY(sendDrop(scene, mime.get(), gapBefore(scene, 4)));
        QCOMPARE(document.spec().blocks[2].id, ids[0]);
        QCOMPARE(document.spec().blocks[3].id, ids[1]);
        QCOMPARE(document.spec().blocks[4].id, ids[4]);
        // The same item, moved: nothing was recreated.
        QCOMPARE(scene.blockItem(ids[0]), first);
        QVERIFY(first->pos().x() > scene.blockItem(ids[2])->pos().x() || first->pos().y() > scene.blockItem(ids[2])->pos().y());
        QCOMPARE(first->index(), 2);
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QCOMPARE(document.spec().blocks[0].id, ids[0]);
        QCOMPARE(first->index(), 0);
    }

    void deleteRemovesTheSelection() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        BuilderScene scene(&document);
        const std::string before = json(document);
        const core::BlockId a = document.spec().blocks[1].id;
        const core::BlockId b = document.spec().blocks[5].id;
        scene.selectBlocks({a, b});
        scene.stackItem(LayerSection::Stem)->chip(1)->setSelected(true);   // the stem's BN
        QCOMPARE(scene.selectedBlockIds(), (QList<core::BlockId>{a, b}));
        scene.deleteSelection();
        QCOMPARE(document.spec().blocks.size(), std::size_t(7));
        QVERIFY(!scene.blockItem(a) && !scene.blockItem(b));
        QCOMPARE(document.spec().stem.size(), std::size_t(2));
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QCOMPARE(json(document), before);
        QVERIFY(scene.blockItem(a) && scene.blockItem(b));
    }

    void clickingTheSkipArrowTogglesIt() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        BuilderScene scene(&document);
        BuilderView view(&scene);
        view.resize(1400, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setZoom(1.0);
        const core::BlockId id = document.spec().blocks[1].id;
        BlockItem* item = scene.blockItem(id);
        view.centerOn(item);
        // The top of the arrow, halfway along.
        const QPointF onArrow = item->mapToScene(QPointF(item->width() / 3, canvas::kArcTop));
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(onArrow));
        QCOMPARE(document.spec().blocks[1].shortcut, core::ShortcutKind::None);
        QCOMPARE(item->skipArrow()->shortcut(), core::ShortcutKind::None);
        // The switch in the header turns it back on.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                          view.mapFromScene(item->mapToScene(item->skipSwitchRect().center())));
        QCOMPARE(document.spec().blocks[1].shortcut, core::ShortcutKind::Identity);
        QCOMPARE(document.undoStack()->count(), 2);
        // And a plain block's ghost arrow adds one.
        scene.toggleSkip(id);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(onArrow));
        QCOMPARE(document.spec().blocks[1].shortcut, core::ShortcutKind::Identity);
    }

    void toggleOnAMismatchUsesAProjection() {
        NetworkDocument document;
        core::NetworkSpec spec = core::presetByName("spiral-plain-8");
        spec.blocks[1].width = 64;
        spec.blocks[2].width = 64;
        document.reset(spec);
        BuilderScene scene(&document);
        scene.toggleSkip(spec.blocks[1].id);
        QCOMPARE(document.spec().blocks[1].shortcut, core::ShortcutKind::Projection);
        scene.toggleSkip(spec.blocks[2].id);
        QCOMPARE(document.spec().blocks[2].shortcut, core::ShortcutKind::Identity);
        QVERIFY(document.isValid());
    }

    void wholeNetworkPlainOrResidualIsOneStep() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet32"));
        BuilderScene scene(&document);
        scene.setAllResidual(false);
        QCOMPARE(document.spec(), core::plainTwin(core::presetByName("resnet32")));
        scene.setAllResidual(true);
        QVERIFY(document.isValid());
        QCOMPARE(document.undoStack()->count(), 2);
        for (const core::BlockSpec& b : document.spec().blocks)
            QVERIFY(scene.blockItem(b.id)->block().residual());
    }

    void validationMessagesAppearOnTheRightBlock() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        BuilderScene scene(&document);
        IssuesPanel issues(&document);
        QSignalSpy activated(&issues, &IssuesPanel::blockActivated);
        core::BlockSpec block = document.spec().blocks[1];
        block.width = 48;   // identity over 32 -> 48: mismatch here, and in block 2 (48 -> 32)
        document.replaceBlock(block);
        QVERIFY(!scene.blockItem(document.spec().blocks[0].id)->isInvalid());
        BlockItem* bad = scene.blockItem(block.id);
        QVERIFY(bad->isInvalid());
        QVERIFY2(bad->issues().front().startsWith("block 1:"), qPrintable(bad->issues().front()));
        QVERIFY(bad->toolTip().contains("projection"));
        QVERIFY(scene.blockItem(document.spec().blocks[2].id)->isInvalid());
        QCOMPARE(issues.list()->count(), 2);

        // Clicking the row names the block; its fix button repairs it in one click.
        issues.list()->itemClicked(issues.list()->item(0));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.front().front().value<core::BlockId>(), block.id);
        auto* fix = issues.list()->itemWidget(issues.list()->item(0))->findChild<QToolButton*>("fixProjection");
        QVERIFY(fix);
        fix->click();
        QTRY_COMPARE(document.spec().blocks[1].shortcut, core::ShortcutKind::Projection);
        QVERIFY(!scene.blockItem(block.id)->isInvalid());
        QVERIFY(scene.blockItem(document.spec().blocks[2].id)->isInvalid());
        QCOMPARE(issues.list()->count(), 1);
    }

    void anEditUpdatesItemsInPlace() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet110"));
        BuilderScene scene(&document);
        std::vector<BlockItem*> before;
        for (const core::BlockSpec& b : document.spec().blocks)
            before.push_back(scene.blockItem(b.id));
        core::BlockSpec block = document.spec().blocks[10];
        block.span = 3;
        const double width = scene.blockItem(block.id)->width();
        document.replaceBlock(block);
        QVERIFY(scene.blockItem(block.id)->width() > width);
        for (std::size_t i = 0; i < before.size(); ++i)
            QCOMPARE(scene.blockItem(document.spec().blocks[i].id), before[i]);
    }

    void flowOverlayAndNotes() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        BuilderScene scene(&document);
        const core::BlockId id = document.spec().blocks[0].id;
        QVERIFY(!scene.showsFlow());   // no key for bars that are not there
        scene.setBlockFlow(id, 3.0f, 1.0f, 0.9f, 0.1f);
        BlockItem* item = scene.blockItem(id);
        QVERIFY(item->flow());
        QVERIFY(scene.showsFlow());
        QCOMPARE(item->flow()->forwardSkipShare(), 0.75f);
        QCOMPARE(item->flow()->backwardSkipShare(), 0.9f);
        QVERIFY(item->toolTip().contains("75%"));
        QVERIFY(item->toolTip().contains("90%"));
        QVERIFY(item->skipArrow()->toolTip().contains("75%"));
        scene.setBranchZeroed(id, true);   // the identity demo marks the block F(x) = 0
        QVERIFY(item->branchZeroed());
        scene.clearBlockFlow();            // a new session: neither bars nor mark apply
        QVERIFY(!item->flow());
        QVERIFY(!scene.showsFlow());
        QVERIFY(!item->branchZeroed());

        scene.showBlockNote(id, QStringLiteral("branch zeroed: out = relu(x)"));
        QCOMPARE(item->note(), QStringLiteral("branch zeroed: out = relu(x)"));
        scene.showBlockNote(id, QString());
        QVERIFY(item->note().isEmpty());

        // A plain block ignores flow (it has no skip path).
        scene.toggleSkip(id);
        scene.setBlockFlow(id, 1, 1, 1, 1);
        QVERIFY(!item->flow());
    }

    void zeroTheBranchIsOfferedOnResidualBlocks() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        BuilderScene scene(&document);
        QSignalSpy zero(&scene, &BuilderScene::zeroBranchRequested);
        const core::BlockId id = document.spec().blocks[2].id;
        std::unique_ptr<QMenu> menu(scene.createBlockMenu(id));
        auto* action = menu->findChild<QAction*>("zeroBranch");
        QVERIFY(action);
        action->trigger();
        QCOMPARE(zero.count(), 1);
        QCOMPARE(zero.front().front().value<core::BlockId>(), id);
        QCOMPARE(document.undoStack()->count(), 0);   // the training side handles it

        scene.toggleSkip(id);
        std::unique_ptr<QMenu> plainMenu(scene.createBlockMenu(id));
        QVERIFY(!plainMenu->findChild<QAction*>("zeroBranch"));
    }

    void resetRebuildsTheItems() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        BuilderScene scene(&document);
        document.reset(core::presetByName("spiral-residual-4"));
        QCOMPARE(scene.blockItemCount(), 1);
        QCOMPARE(scene.rowCount(), 1);
    }
};

QTEST_MAIN(TestBuilderScene)
#include "test_builder_scene.moc"
