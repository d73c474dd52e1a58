// The hostile-input table (tests/support/hostile_inputs.h) through the window's Open path: every
// bad network file is refused with the reader's message naming the file, and the document the
// user had open stays exactly as it was (spec, file name, modified flag, undo history).
#include "support/hostile_inputs.h"

#include "core/spec/presets.h"
#include "ui/document/network_document.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

class TestHostileDocuments : public QObject {
    Q_OBJECT
private slots:
    void badNetworkFilesLeaveTheDocument_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("directory");
        QTest::addColumn<QString>("message");
        for (const hostile::Case& c : hostile::cases())
            if (c.reader == hostile::Reader::Spec)
                QTest::newRow(c.name) << c.content << c.directory << c.message;
    }
    void badNetworkFilesLeaveTheDocument() {
        QFETCH(QByteArray, content);
        QFETCH(bool, directory);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath("input");
        if (directory) {
            QVERIFY(QDir(dir.path()).mkdir("input"));
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        ui::NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"), dir.filePath("mine.json"));
        core::BlockSpec edited = document.spec().blocks.front();
        edited.width = 40;
        document.replaceBlock(edited);
        document.undoStack()->resetClean();   // an unsaved edit the user must not lose
        const std::string before = core::specToJson(document.spec());
        const int history = document.undoStack()->count();

        QString error;
        QVERIFY(!document.load(path, &error));
        QVERIFY2(error.contains(message), qPrintable("expected \"" + message + "\" in: " + error));
        QCOMPARE(core::specToJson(document.spec()), before);
        QCOMPARE(document.filePath(), dir.filePath("mine.json"));
        QVERIFY(document.isModified());
        QCOMPARE(document.undoStack()->count(), history);
    }
};

QTEST_MAIN(TestHostileDocuments)
#include "test_hostile_documents.moc"
