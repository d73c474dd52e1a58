// tests/ui/test_block_notes.cpp: a note on the canvas ("F(x) = 0: the block passes its input
// through") reports on one block of one network and one set of weights. It goes when the block
// is edited (here: it turns plain), when another network replaces the document, and when
// training goes on.
#include <QtTest>

#include "core/spec/presets.h"
#include "ui/builder/block_item.h"
#include "ui/builder/builder_scene.h"
#include "ui/document/network_document.h"
#include "ui/shell/main_window.h"
#include "ui/shell/shell.h"
#include "ui/training/training_controller.h"
#include "ui/workspace/training_workspace.h"

using namespace ui;

class TestBlockNotes : public QObject {
    Q_OBJECT
private slots:
    void noteGoesWithTheNetworkItDescribes() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        BuilderScene* scene = window.builderScene();
        NetworkDocument* document = window.document();
        document->reset(core::presetByName("spiral-residual-8"));
        const core::BlockId first = document->spec().blocks.at(0).id;
        const QString text = QStringLiteral("F(x) = 0: the block passes its input through");

        scene->showBlockNote(first, text);
        QCOMPARE(scene->blockItem(first)->note(), text);
        scene->setShortcut(first, core::ShortcutKind::None);   // the block turns plain
        QCOMPARE(scene->blockItem(first)->note(), QString());

        scene->showBlockNote(first, text);
        document->reset(core::presetByName("spiral-residual-8"));   // New, Open, a lesson's Set up
        const core::BlockId again = document->spec().blocks.at(0).id;
        QCOMPARE(scene->blockItem(again)->note(), QString());

        // Training goes on: the weights the note measured are gone.
        scene->showBlockNote(again, text);
        QCOMPARE(scene->blockItem(again)->note(), text);
        emit shell.training()->controller()->stateChanged(TrainingController::State::Running);
        QCOMPARE(scene->blockItem(again)->note(), QString());
    }
};

QTEST_MAIN(TestBlockNotes)
#include "test_block_notes.moc"
