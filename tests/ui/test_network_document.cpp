// tests/ui/test_network_document.cpp: the document without any view: reset, the mutators and
// their signals, open/save round trips, a corrupt or invalid file leaving the document
// untouched, and the modified flag following edits, undo and save.
#include "ui/builder/commands/change_block_param.h"
#include "ui/builder/commands/insert_remove_block.h"
#include "ui/document/network_document.h"

#include "core/spec/presets.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <set>

using ui::NetworkDocument;

class TestNetworkDocument : public QObject {
    Q_OBJECT

    static std::string json(const NetworkDocument& document) { return core::specToJson(document.spec()); }
    static void write(const QString& path, const QByteArray& bytes) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void resetReplacesEverythingAndIsClean() {
        NetworkDocument document;
        QSignalSpy reset(&document, &NetworkDocument::specReset);
        QSignalSpy changed(&document, &NetworkDocument::changed);
        const core::NetworkSpec spec = core::presetByName("resnet20");
        document.reset(spec);
        QCOMPARE(document.spec(), spec);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 1);
        QVERIFY(!document.isModified());
        QCOMPARE(document.analysis().depth, 20);
        QVERIFY(document.isValid());
        QCOMPARE(document.displayName(), QStringLiteral("ResNet-20"));
        QCOMPARE(document.undoStack()->count(), 0);
    }

    void resetGivesBlocksWithoutIdsUniqueIds() {
        core::NetworkSpec spec = core::presetByName("spiral-residual-8");
        for (core::BlockSpec& b : spec.blocks)
            b.id = 0;
        NetworkDocument document;
        document.reset(spec);
        std::set<core::BlockId> ids;
        for (const core::BlockSpec& b : document.spec().blocks) {
            QVERIFY(b.id != 0);
            ids.insert(b.id);
        }
        QCOMPARE(ids.size(), document.spec().blocks.size());
        QVERIFY(document.isValid());
    }

    void mutatorsEmitTheirSignalsAfterUpdatingTheAnalysis() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));   // 3 blocks
        core::BlockSpec block = document.spec().blocks.front();
        block.id = document.spec().nextBlockId();
        int depthSeen = -1;
        connect(&document, &NetworkDocument::blockInserted, this,
                [&](core::BlockId) { depthSeen = document.analysis().depth; });
        QSignalSpy inserted(&document, &NetworkDocument::blockInserted);
        QSignalSpy moved(&document, &NetworkDocument::blockMoved);
        QSignalSpy changedBlock(&document, &NetworkDocument::blockChanged);
        QSignalSpy removed(&document, &NetworkDocument::blockRemoved);
        QSignalSpy changed(&document, &NetworkDocument::changed);
        QSignalSpy layers(&document, &NetworkDocument::layersChanged);

        document.insertBlock(1, block);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.front().front().value<core::BlockId>(), block.id);
        QCOMPARE(depthSeen, 10);
        QCOMPARE(document.spec().blocks[1].id, block.id);

        document.moveBlock(block.id, 3);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(document.spec().blocks[3].id, block.id);

        block.width = 64;
        document.replaceBlock(block);
        QCOMPARE(changedBlock.count(), 1);
        QCOMPARE(document.spec().blocks[3].width, 64);
        QVERIFY(!document.isValid());   // 64 wide after 32: the identity no longer fits

        document.removeBlock(block.id);
        QCOMPARE(removed.count(), 1);
        QVERIFY(!document.spec().indexOf(block.id));

        core::LayerSpec relu;
        relu.type = core::LayerType::ReLU;
        document.insertLayer(ui::LayerSection::Head, 0, relu);
        QCOMPARE(document.spec().head.front().type, core::LayerType::ReLU);
        document.removeLayer(ui::LayerSection::Head, 0);
        QCOMPARE(layers.count(), 2);
        QCOMPARE(changed.count(), 6);
        QVERIFY(document.isValid());
    }

    void saveThenOpenRoundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath("net.json");
        NetworkDocument document;
        document.reset(core::presetByName("bottleneck-example"));
        QString error;
        QVERIFY2(document.save(path, &error), qPrintable(error));
        QCOMPARE(document.filePath(), path);
        QCOMPARE(document.displayName(), QStringLiteral("net.json"));
        QVERIFY(!QFile::exists(path + ".tmp"));

        NetworkDocument other;
        QSignalSpy pathChanged(&other, &NetworkDocument::filePathChanged);
        QVERIFY2(other.load(path, &error), qPrintable(error));
        QCOMPARE(other.spec(), document.spec());
        QCOMPARE(other.filePath(), path);
        QCOMPARE(pathChanged.count(), 1);
        QVERIFY(!other.isModified());
    }

    void corruptOrInvalidFileLeavesTheDocumentUnchanged_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");   // part of the core's message
        QTest::newRow("not json") << QByteArray("{ this is not json") << QStringLiteral("not valid JSON");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QByteArray unknownField = QByteArray::fromStdString(core::specToJson(core::presetByName("resnet20")));
        unknownField.replace("\"classes\": 10", "\"classes\": 10, \"colour\": 3");
        QTest::newRow("unknown field") << unknownField << QStringLiteral("colour");
        QByteArray invalid = QByteArray::fromStdString(core::specToJson(core::presetByName("spiral-residual-8")));
        invalid.replace("\"width\": 32", "\"width\": 48");
        QTest::newRow("invalid network") << invalid << QStringLiteral("block 0");
    }

    void corruptOrInvalidFileLeavesTheDocumentUnchanged() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.json");
        write(path, bytes);

        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        auto* command = new ui::ChangeBlockParamCommand(&document, {document.spec().blocks[0].id},
                                                        ui::BlockField::Width, 24);
        document.undoStack()->push(command);
        const std::string before = json(document);
        QSignalSpy changed(&document, &NetworkDocument::changed);
        QString error;
        QVERIFY(!document.load(path, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QCOMPARE(json(document), before);
        QCOMPARE(changed.count(), 0);
        QVERIFY(document.isModified());
        QCOMPARE(document.undoStack()->count(), 1);
        QVERIFY(document.filePath().isEmpty());
    }

    void missingFileIsReported() {
        NetworkDocument document;
        QString error;
        QVERIFY(!document.load("/nonexistent/dir/x.json", &error));
        QVERIFY2(error.contains("x.json"), qPrintable(error));
    }

    void saveToAnUnwritablePlaceFailsAndStaysModified() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-4"));
        document.undoStack()->push(new ui::ChangeBlockParamCommand(&document, {document.spec().blocks[0].id},
                                                                   ui::BlockField::Span, 3));
        QString error;
        QVERIFY(!document.save("/nonexistent/dir/x.json", &error));
        QVERIFY(error.contains("x.json"));
        QVERIFY(document.isModified());
        QVERIFY(document.filePath().isEmpty());
    }

    void modifiedFlagFollowsEditsUndoAndSave() {
        QTemporaryDir dir;
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        QSignalSpy modified(&document, &NetworkDocument::modifiedChanged);
        QVERIFY(!document.isModified());

        document.undoStack()->push(new ui::InsertBlockCommand(&document, 0, document.spec().blocks[0]));
        QVERIFY(document.isModified());
        QCOMPARE(modified.count(), 1);
        QCOMPARE(modified.last().front().toBool(), true);

        document.undoStack()->undo();
        QVERIFY(!document.isModified());
        QCOMPARE(modified.last().front().toBool(), false);
        document.undoStack()->redo();
        QVERIFY(document.isModified());

        QString error;
        QVERIFY(document.save(dir.filePath("a.json"), &error));
        QVERIFY(!document.isModified());
        QCOMPARE(modified.last().front().toBool(), false);
        // Undo past the saved state: modified again; redo back to it: clean.
        document.undoStack()->undo();
        QVERIFY(document.isModified());
        document.undoStack()->redo();
        QVERIFY(!document.isModified());

        // Editing back to the saved network by hand, not by undo, is not a modification either.
        const core::BlockSpec block = document.spec().blocks[0];
        document.undoStack()->push(
            new ui::ChangeBlockParamCommand(&document, {block.id}, ui::BlockField::Width, block.width * 2));
        QVERIFY(document.isModified());
        document.undoStack()->push(
            new ui::ChangeBlockParamCommand(&document, {block.id}, ui::BlockField::Width, block.width));
        QVERIFY(!document.isModified());

        document.reset(core::presetByName("resnet20"));
        QVERIFY(!document.isModified());
    }
};

QTEST_MAIN(TestNetworkDocument)
#include "test_network_document.moc"
