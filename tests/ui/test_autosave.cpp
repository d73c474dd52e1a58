// Crash-safe documents: the recovery file follows structural edits and the minute timer, holds
// the spec and the trained weights, survives a "crash" (the autosaver dies without discard),
// and disappears on save and on a clean close.
#include "core/spec/presets.h"
#include "ui/builder/commands/insert_remove_block.h"
#include "ui/document/autosave.h"
#include "ui/document/network_document.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

class TestAutosave : public QObject {
    Q_OBJECT
private slots:
    void structuralEditWritesARecoveryFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recovery.json");
        core::NetworkSpec edited;
        {
            ui::NetworkDocument document;
            document.reset(core::presetByName("spiral-residual-8"));
            ui::Autosaver autosaver(&document, path, 60000);
            QVERIFY(!QFile::exists(path));   // nothing unsaved yet
            core::BlockSpec block = document.spec().blocks.front();
            block.id = document.spec().nextBlockId();
            document.undoStack()->push(new ui::InsertBlockCommand(&document, 1, block));
            QVERIFY(QFile::exists(path));
            autosaver.setResults(QByteArray("weights-bytes"));
            edited = document.spec();
            // The autosaver dies without discard(): a crash, as far as the file is concerned.
        }
        const std::optional<ui::Recovery> r = ui::Autosaver::pending(path);
        QVERIFY(r.has_value());
        QVERIFY(core::specFromJson(r->specJson.toStdString()) == edited);
        QCOMPARE(r->weights, QByteArray("weights-bytes"));
    }

    void timerSavesUnsavedChanges() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recovery.json");
        ui::NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        ui::Autosaver autosaver(&document, path, 50);
        core::BlockSpec changed = document.spec().blocks.front();
        changed.width = 48;
        document.replaceBlock(changed);           // not structural: only the timer saves it
        document.undoStack()->resetClean();       // and the document counts as modified
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 2000);
        QCOMPARE(core::specFromJson(ui::Autosaver::pending(path)->specJson.toStdString()).blocks.front().width, 48);
    }

    void saveAndCleanCloseRemoveIt() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recovery.json");
        ui::NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        ui::Autosaver autosaver(&document, path, 60000);
        core::BlockSpec block = document.spec().blocks.front();
        block.id = document.spec().nextBlockId();
        document.undoStack()->push(new ui::InsertBlockCommand(&document, 0, block));
        QVERIFY(QFile::exists(path));
        QString error;
        QVERIFY2(document.save(dir.filePath("net.json"), &error), qPrintable(error));
        QVERIFY(!QFile::exists(path));            // saved: nothing to recover
        document.undoStack()->undo();
        QVERIFY(QFile::exists(path) || document.isModified());
        autosaver.discard();                      // what a clean close does
        QVERIFY(!QFile::exists(path));
        QVERIFY(!ui::Autosaver::pending(path).has_value());
    }

    // After a kill, only a document with changes is offered for recovery.
    void copyWithoutChangesIsNotOffered() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recovery.json");
        const core::NetworkSpec untitled = core::presetByName("spiral-residual-8");
        {
            ui::NetworkDocument document;
            document.reset(untitled);
            ui::Autosaver autosaver(&document, path, 60000);
            QVERIFY(autosaver.saveNow());   // e.g. written while an edit was undone again
        }
        QVERIFY(ui::Autosaver::pending(path).has_value());   // the raw file is there...
        QVERIFY(!ui::Autosaver::pending(path, untitled).has_value());   // ...but holds no change
        QVERIFY(!QFile::exists(path));
    }

    void copyOfASavedFileWithoutChangesIsNotOffered() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recovery.json");
        ui::NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        QString error;
        QVERIFY2(document.save(dir.filePath("net.json"), &error), qPrintable(error));
        ui::Autosaver autosaver(&document, path, 60000);
        QVERIFY(autosaver.saveNow());
        QVERIFY(!ui::Autosaver::pending(path, core::presetByName("spiral-plain-8")).has_value());
    }

    void changedCopyIsOffered() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recovery.json");
        const core::NetworkSpec untitled = core::presetByName("spiral-residual-8");
        {
            ui::NetworkDocument document;
            document.reset(untitled);
            ui::Autosaver autosaver(&document, path, 60000);
            core::BlockSpec block = document.spec().blocks.front();
            block.id = document.spec().nextBlockId();
            document.undoStack()->push(new ui::InsertBlockCommand(&document, 1, block));
            QVERIFY(QFile::exists(path));
        }
        const std::optional<ui::Recovery> r = ui::Autosaver::pending(path, untitled);
        QVERIFY(r.has_value());
        QVERIFY(r->savedSpec.has_value());
        QVERIFY(*r->savedSpec == untitled);   // what the restored document is compared with
        QVERIFY(!(core::specFromJson(r->specJson.toStdString()) == *r->savedSpec));
    }

    void damagedRecoveryFileIsIgnored() {
        QTemporaryDir dir;
        const QString path = dir.filePath("recovery.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        QVERIFY(!ui::Autosaver::pending(path).has_value());
    }
};

QTEST_MAIN(TestAutosave)
#include "test_autosave.moc"
