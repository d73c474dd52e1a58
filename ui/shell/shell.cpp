#include "ui/shell/shell.h"

#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_view.h"
#include "ui/classroom/bundle_loader.h"
#include "ui/classroom/classroom.h"
#include "ui/classroom/presentation_mode.h"
#include "ui/document/autosave.h"
#include "ui/document/network_document.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/shell/action_manager.h"
#include "ui/shell/main_window.h"
#include "ui/shell/torch_export_action.h"
#include "ui/training/training_controller.h"
#include "ui/workspace/training_workspace.h"

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

namespace ui {

namespace {

// The changes a recovery copy holds, applied to the document as one undo step.
class RestoreCommand : public QUndoCommand {
public:
    RestoreCommand(NetworkDocument* document, core::NetworkSpec restored)
        : QUndoCommand(QObject::tr("Restore unsaved changes")), m_document(document), m_before(document->spec()),
          m_after(std::move(restored)) {}
    void redo() override { m_document->replaceSpec(m_after); }
    void undo() override { m_document->replaceSpec(m_before); }

private:
    NetworkDocument* m_document;
    core::NetworkSpec m_before, m_after;
};

}  // namespace

Shell::Shell(QObject* parent)
    : QObject(parent), m_jobs(std::make_unique<JobRunner>()), m_results(std::make_unique<Results>()),
      m_document(std::make_unique<NetworkDocument>()), m_window(std::make_unique<MainWindow>(m_document.get())) {
    m_training = new TrainingWorkspace(m_document.get(), *m_results, *m_jobs);
    m_window->setTrainingWorkspace(m_training);
    m_classroom = new Classroom(*m_document, *m_results, *m_jobs, *m_training, m_window.get());
    m_presentation = new PresentationMode(m_window.get(), m_training);
    connectCanvas();
    addClassroomToWindow();
    addExportToPyTorch();

    MainWindow* window = m_window.get();
    connect(m_training, &TrainingWorkspace::statusMessage, window,
            [window](const QString& message) { window->showStatusMessage(message, 8000); });
    connect(m_classroom, &Classroom::statusMessage, window, &MainWindow::showStatusMessage);
    connect(m_presentation, &PresentationMode::statusMessage, window, &MainWindow::showStatusMessage);
    // Entering or leaving presentation mode resizes the canvas: the network is fitted to it again
    // once the docks have their last sizes.
    connect(m_presentation, &PresentationMode::layoutSettled, window->builderView(), &BuilderView::fitToView);
    // Closing: leave presentation mode (the normal layout is what is saved), stop every job.
    connect(window, &MainWindow::closing, m_presentation, [this] { m_presentation->setActive(false); });
    connect(window, &MainWindow::closing, m_training, &TrainingWorkspace::stopAndWait);
}

Shell::~Shell() {
    m_window.reset();    // the views and the workspace stop their jobs as they go
    m_jobs->shutdown();  // whatever still runs, before the models it delivers to
}

ActionManager* Shell::actions() const { return m_window->actions(); }

void Shell::connectCanvas() {
    BuilderScene* scene = m_window->builderScene();
    connect(scene, &BuilderScene::zeroBranchRequested, m_training, &TrainingWorkspace::zeroBranch);
    connect(m_training, &TrainingWorkspace::blockFlowChanged, scene, &BuilderScene::setBlockFlow);
    connect(m_training, &TrainingWorkspace::blockFlowCleared, scene, &BuilderScene::clearBlockFlow);
    connect(m_training, &TrainingWorkspace::blockNote, scene, &BuilderScene::showBlockNote);
    connect(m_training, &TrainingWorkspace::branchZeroed, scene, &BuilderScene::setBranchZeroed);
    // A note reports on one block of one network and one set of weights: it goes when the
    // network changes (an edit, New, Open, a lesson), a new session starts, or training goes on.
    connect(m_document.get(), &NetworkDocument::changed, scene, &BuilderScene::clearBlockNotes);
    connect(m_training, &TrainingWorkspace::blockFlowCleared, scene, &BuilderScene::clearBlockNotes);
    connect(m_training->controller(), &TrainingController::stateChanged, scene, [scene](TrainingController::State s) {
        if (s == TrainingController::State::Running)
            scene->clearBlockNotes();
    });
}

void Shell::addClassroomToWindow() {
    MainWindow* window = m_window.get();
    ActionManager* actions = window->actions();
    window->addPanel(m_classroom->lessonsDock());
    // File: Save Results As before the picture export.
    actions->insertBefore(MenuId::kFile, ActionId::kExportPicture, m_classroom->saveResultsAction());
    // View: presentation mode at the end; the Lessons menu before Help.
    QMenu* view = actions->menu(MenuId::kView);
    view->addSeparator();
    view->addAction(m_presentation->toggleAction());
    view->addMenu(m_presentation->scaleMenu());
    window->menuBar()->insertMenu(actions->menu(MenuId::kHelp)->menuAction(), m_classroom->lessonsMenu());

    // The first start shows the lessons (and their hint) in front of the properties.
    if (!QSettings().contains(QStringLiteral("mainWindow/state")))
        m_classroom->lessonsDock()->raise();
    m_presentation->setLessons(m_classroom->lessonsPanel(), m_classroom->lessonsDock());
    m_presentation->setHiddenWhilePresenting(window->editingWidgets());
    connect(m_presentation, &PresentationMode::fontScaleApplied, m_classroom, &Classroom::setFontScale);

    m_classroom->setReplaceGuard([window] { return window->maybeSave(); });
    connect(m_classroom, &Classroom::trainingAreaWanted, this, [this] {
        m_window->showTrainingArea();
        // Once the view in front is laid out.
        QTimer::singleShot(0, this, &Shell::giveTheViewRoom);
    });
    window->addFileHandler({&isBundleFile,
                            [this](const QString& path, QString* error) { return m_classroom->openBundle(path, error); },
                            tr("Cannot Open the Run Bundle")});
}

void Shell::giveTheViewRoom() {
    // Presenting sizes the docks itself; a floating training area is the user's to size.
    auto* dock = qobject_cast<QDockWidget*>(m_training->parentWidget());
    if (m_presentation->isActive() || !dock || dock->isFloating() || !dock->isVisible())
        return;
    const int shortfall = m_training->currentViewShortfall();
    if (shortfall <= 0)
        return;
    // A lesson's figure (the two rows of landscape maps, the depth figure beside its curves)
    // needs more than the training area's default 360 pixels; the canvas and the lesson's text
    // keep at least 40% of the height, and beyond that the view's page scrolls.
    const int height = std::min(dock->height() + shortfall, m_window->height() * 3 / 5);
    if (height > dock->height())
        m_window->resizeDocks({dock}, {height}, Qt::Vertical);
}

void Shell::addExportToPyTorch() {
    // File -> Export to PyTorch, after the picture export.
    MainWindow* window = m_window.get();
    auto* exportTorch = new QAction(tr("Export to &PyTorch..."), window);
    exportTorch->setStatusTip(tr("Write the network (and its trained weights) as a PyTorch program"));
    connect(exportTorch, &QAction::triggered, window, [this, window] {
        exportToPyTorchInteractive(window, *m_document, *m_results, m_training->currentRequest());
    });
    window->actions()->insertAfter(MenuId::kFile, ActionId::kExportPicture, exportTorch);
}

void Shell::attachAutosave() {
    MainWindow* window = m_window.get();
    // Only a copy with changes is offered: the network a new window shows, or an unchanged
    // copy of a file, has nothing to recover.
    const std::optional<Recovery> recovery = Autosaver::pending({}, m_document->spec());
    auto* autosaver = new Autosaver(m_document.get(), {}, 60000, window);
    connect(window, &MainWindow::closing, autosaver, &Autosaver::discard);
    // The trained weights of the main run, as they arrive.
    connect(m_results.get(), &Results::runChanged, autosaver, [this, autosaver](int run) {
        const auto& runs = m_results->runs();
        if (run == 0 && !runs.empty() && runs.front().weights)
            autosaver->setResults(QByteArray::fromStdString(*runs.front().weights));
    });
    if (!recovery)
        return;
    const QString from = recovery->originalPath.isEmpty() ? tr("an unsaved network") : recovery->originalPath;
    const auto answer = QMessageBox::question(
        window, tr("Restore Unsaved Work?"),
        tr("ResNet Lab did not close properly last time. A copy of %1 from %2 was kept.\n\n"
           "Restore it?").arg(from, recovery->savedAt),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        autosaver->discard();
        return;
    }
    try {
        const core::NetworkSpec spec = core::specFromJson(recovery->specJson.toStdString());
        // Restored, not saved: the document holds its file (or the untitled network) and the
        // restored changes are one undoable step on it, so the title shows * and Undo goes back.
        m_document->reset(recovery->savedSpec.value_or(spec), recovery->originalPath);
        m_document->undoStack()->push(new RestoreCommand(m_document.get(), spec));
        autosaver->setResults(recovery->weights);
        window->showStatusMessage(tr("Restored %1").arg(from), 8000);
    } catch (const core::SpecError& e) {
        QMessageBox::warning(window, tr("Restore Unsaved Work"),
                             tr("The kept copy cannot be read: %1").arg(QString::fromStdString(e.what())));
        autosaver->discard();
    }
}

}  // namespace ui
