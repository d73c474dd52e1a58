// tests/ui/test_builder_commands.cpp: every undo command of the builder, on a document
// without a view: redo changes the spec as intended, undo restores the exact JSON of before,
// redo again gives the exact JSON of after; edits of one field merge into one step.
#include "ui/builder/commands/change_block_param.h"
#include "ui/builder/commands/change_layer.h"
#include "ui/builder/commands/change_network.h"
#include "ui/builder/commands/insert_remove_block.h"
#include "ui/builder/commands/insert_remove_layer.h"
#include "ui/builder/commands/move_block.h"
#include "ui/builder/commands/set_shortcut.h"
#include "ui/document/network_document.h"
#include "ui/document/spec_queries.h"

#include "core/spec/presets.h"

#include <QTest>
#include <QUndoStack>

#include <functional>

using namespace ui;

class TestBuilderCommands : public QObject {
    Q_OBJECT

    static std::string json(const NetworkDocument& document) { return core::specToJson(document.spec()); }
    static std::vector<core::BlockId> order(const NetworkDocument& document) {
        std::vector<core::BlockId> ids;
        for (const core::BlockSpec& b : document.spec().blocks)
            ids.push_back(b.id);
        return ids;
    }

    // Pushes `command`, checks `after`, then undo/redo round trips on the exact JSON.
    static void roundTrip(NetworkDocument& document, QUndoCommand* command,
                          const std::function<void(const core::NetworkSpec&)>& after) {
        const std::string before = json(document);
        document.undoStack()->push(command);
        after(document.spec());
        const std::string done = json(document);
        QVERIFY(done != before);
        document.undoStack()->undo();
        QCOMPARE(json(document), before);
        document.undoStack()->redo();
        QCOMPARE(json(document), done);
        document.undoStack()->undo();
        QCOMPARE(json(document), before);
    }

private slots:
    void insertBlock() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        core::BlockSpec block;
        block.width = 32;
        block.shortcut = core::ShortcutKind::None;
        auto* command = new InsertBlockCommand(&document, 1, block);
        roundTrip(document, command, [&](const core::NetworkSpec& spec) {
            QCOMPARE(spec.blocks.size(), std::size_t(4));
            QCOMPARE(spec.blocks[1].shortcut, core::ShortcutKind::None);
            QVERIFY(spec.blocks[1].id != 0);
            QCOMPARE(spec.blocks[1].id, command->blockId());
        });
        // The id survives undo/redo.
        const core::BlockId id = command->blockId();
        document.undoStack()->redo();
        QCOMPARE(document.spec().blocks[1].id, id);
    }

    void removeBlockRestoresItByValue() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        const core::BlockSpec victim = document.spec().blocks[3];   // the stride-2 zero-pad block
        roundTrip(document, new RemoveBlockCommand(&document, victim.id), [&](const core::NetworkSpec& spec) {
            QCOMPARE(spec.blocks.size(), std::size_t(8));
            QVERIFY(!spec.indexOf(victim.id));
        });
        QCOMPARE(document.spec().blocks[3], victim);
    }

    void removeSeveralInOneStep() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        const auto ids = order(document);
        auto* parent = new QUndoCommand("Delete 3 items");
        new RemoveBlockCommand(&document, ids[0], parent);
        new RemoveBlockCommand(&document, ids[4], parent);
        new RemoveBlockCommand(&document, ids[8], parent);
        roundTrip(document, parent, [&](const core::NetworkSpec& spec) { QCOMPARE(spec.blocks.size(), std::size_t(6)); });
        QCOMPARE(document.undoStack()->count(), 1);
    }

    void reorder_data() {
        QTest::addColumn<QList<int>>("moved");       // indices of the moved blocks
        QTest::addColumn<int>("gap");                // insertion gap in the current chain
        QTest::addColumn<QList<int>>("expected");    // the new order, as old indices
        QTest::newRow("first to end") << QList<int>{0} << 5 << QList<int>{1, 2, 3, 4, 0};
        QTest::newRow("last to front") << QList<int>{4} << 0 << QList<int>{4, 0, 1, 2, 3};
        QTest::newRow("one step right") << QList<int>{1} << 3 << QList<int>{0, 2, 1, 3, 4};
        QTest::newRow("onto itself") << QList<int>{2} << 2 << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("just after itself") << QList<int>{2} << 3 << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("two to end") << QList<int>{0, 1} << 5 << QList<int>{2, 3, 4, 0, 1};
        QTest::newRow("two apart to middle") << QList<int>{0, 4} << 2 << QList<int>{1, 0, 4, 2, 3};
        QTest::newRow("two apart to front") << QList<int>{1, 3} << 0 << QList<int>{1, 3, 0, 2, 4};
    }

    void reorder() {
        QFETCH(QList<int>, moved);
        QFETCH(int, gap);
        QFETCH(QList<int>, expected);
        const std::vector<core::BlockId> ids = {10, 11, 12, 13, 14};
        QList<core::BlockId> movedIds;
        for (int i : moved)
            movedIds << ids[std::size_t(i)];
        std::vector<core::BlockId> want;
        for (int i : expected)
            want.push_back(ids[std::size_t(i)]);
        QCOMPARE(MoveBlocksCommand::reorder(ids, movedIds, gap), want);
    }

    void moveBlocks() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-plain-12"));   // 5 blocks
        const auto ids = order(document);
        auto* command = new MoveBlocksCommand(&document, {ids[0], ids[2]}, 5);
        QVERIFY(command->changesOrder());
        roundTrip(document, command, [&](const core::NetworkSpec&) {
            QCOMPARE(order(document), (std::vector<core::BlockId>{ids[1], ids[3], ids[4], ids[0], ids[2]}));
        });
        auto* noop = new MoveBlocksCommand(&document, {ids[1]}, 2);
        QVERIFY(!noop->changesOrder());
        delete noop;
    }

    void setShortcut() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        const core::BlockId id = document.spec().blocks[1].id;
        auto* command = new SetShortcutCommand(&document, id, core::ShortcutKind::None);
        QCOMPARE(command->text(), QStringLiteral("Remove skip connection"));
        roundTrip(document, command, [&](const core::NetworkSpec& spec) {
            QCOMPARE(spec.blocks[1].shortcut, core::ShortcutKind::None);
            QCOMPARE(spec.blocks[0].shortcut, core::ShortcutKind::Identity);
        });
    }

    void makeEveryBlockPlainAndResidualInOneStep() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        const core::NetworkSpec original = document.spec();
        std::vector<SetShortcutCommand::Change> plain;
        for (const core::BlockSpec& b : document.spec().blocks)
            plain.push_back({b.id, core::ShortcutKind::None});
        roundTrip(document, new SetShortcutCommand(&document, plain, "Make every block plain"),
                  [&](const core::NetworkSpec& spec) { QCOMPARE(spec, core::plainTwin(original)); });
        document.undoStack()->redo();
        QCOMPARE(document.undoStack()->count(), 1);

        // Back to residual: identity where shapes match, a projection where they change.
        const std::vector<core::ShortcutKind> kinds = residualShortcuts(document.spec());
        std::vector<SetShortcutCommand::Change> residual;
        for (std::size_t i = 0; i < kinds.size(); ++i)
            residual.push_back({document.spec().blocks[i].id, kinds[i]});
        roundTrip(document, new SetShortcutCommand(&document, residual, "Make every block residual"),
                  [&](const core::NetworkSpec& spec) {
                      QCOMPARE(spec.blocks[3].shortcut, core::ShortcutKind::Projection);
                      QCOMPARE(spec.blocks[4].shortcut, core::ShortcutKind::Identity);
                  });
        document.undoStack()->redo();
        QVERIFY(document.isValid());
    }

    void changeBlockParam_data() {
        QTest::addColumn<int>("field");
        QTest::addColumn<int>("value");
        QTest::newRow("width") << int(BlockField::Width) << 48;
        QTest::newRow("kernel") << int(BlockField::Kernel) << 5;
        QTest::newRow("stride") << int(BlockField::Stride) << 2;
        QTest::newRow("span") << int(BlockField::Span) << 3;
        QTest::newRow("activation") << int(BlockField::Activation) << int(core::Activation::Tanh);
        QTest::newRow("batch norm") << int(BlockField::BatchNorm) << 0;
    }

    void changeBlockParam() {
        QFETCH(int, field);
        QFETCH(int, value);
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        const core::BlockId id = document.spec().blocks[1].id;
        roundTrip(document, new ChangeBlockParamCommand(&document, {id}, BlockField(field), value),
                  [&](const core::NetworkSpec& spec) { QCOMPARE(blockField(spec.blocks[1], BlockField(field)), value); });
    }

    void typingIntoOneFieldIsOneUndoStep() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        const std::string before = json(document);
        const QList<core::BlockId> ids = {document.spec().blocks[0].id, document.spec().blocks[1].id};
        for (int value : {1, 12, 128})
            document.undoStack()->push(new ChangeBlockParamCommand(&document, ids, BlockField::Width, value));
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.spec().blocks[0].width, 128);
        QCOMPARE(document.spec().blocks[1].width, 128);
        // Another field is another step; another block too.
        document.undoStack()->push(new ChangeBlockParamCommand(&document, ids, BlockField::Span, 3));
        document.undoStack()->push(new ChangeBlockParamCommand(&document, {ids[0]}, BlockField::Span, 4));
        QCOMPARE(document.undoStack()->count(), 3);
        document.undoStack()->undo();
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(json(document), before);
    }

    void typingBackTheOldValueLeavesNoStep() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        const QList<core::BlockId> ids = {document.spec().blocks[0].id};
        document.undoStack()->push(new ChangeBlockParamCommand(&document, ids, BlockField::Width, 3));
        document.undoStack()->push(new ChangeBlockParamCommand(&document, ids, BlockField::Width, 32));
        QCOMPARE(document.undoStack()->count(), 0);
        QVERIFY(!document.isModified());
    }

    void insertAndRemoveLayers() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        core::LayerSpec flatten;
        flatten.type = core::LayerType::Flatten;
        roundTrip(document, new InsertLayerCommand(&document, LayerSection::Head, 1, flatten),
                  [&](const core::NetworkSpec& spec) {
                      QCOMPARE(spec.head.size(), std::size_t(3));
                      QCOMPARE(spec.head[1].type, core::LayerType::Flatten);
                  });
        roundTrip(document, new RemoveLayerCommand(&document, LayerSection::Stem, 1),
                  [&](const core::NetworkSpec& spec) {
                      QCOMPARE(spec.stem.size(), std::size_t(2));
                      QCOMPARE(spec.stem[1].type, core::LayerType::ReLU);
                  });
    }

    void changeLayerParamMerges() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        roundTrip(document, new ChangeLayerParamCommand(&document, LayerSection::Stem, 0, LayerField::Units, 24),
                  [&](const core::NetworkSpec& spec) { QCOMPARE(spec.stem[0].units, 24); });
        document.undoStack()->push(new ChangeLayerParamCommand(&document, LayerSection::Stem, 0, LayerField::Kernel, 5));
        document.undoStack()->push(new ChangeLayerParamCommand(&document, LayerSection::Stem, 0, LayerField::Kernel, 7));
        QCOMPARE(document.undoStack()->count(), 1);
        QCOMPARE(document.spec().stem[0].kernel, 7);
    }

    void changeNetworkFields() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        roundTrip(document, new ChangeNetworkCommand(&document, NetworkField::Classes, 5),
                  [&](const core::NetworkSpec& spec) { QCOMPARE(spec.classes, 5); });
        roundTrip(document, new ChangeNetworkCommand(&document, NetworkField::Name, QStringLiteral("mine")),
                  [&](const core::NetworkSpec& spec) { QCOMPARE(spec.name, std::string("mine")); });
        roundTrip(document, new ChangeNetworkCommand(&document, NetworkField::InputKind, int(core::InputKind::Image)),
                  [&](const core::NetworkSpec& spec) {
                      QCOMPARE(spec.input.kind, core::InputKind::Image);
                      QCOMPARE(spec.input.height, 28);
                  });
    }
};

QTEST_MAIN(TestBuilderCommands)
#include "test_builder_commands.moc"
