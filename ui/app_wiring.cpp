#include "ui/app_wiring.h"

#include "ui/builder/builder_scene.h"
#include "ui/document/autosave.h"
#include "ui/document/network_document.h"
#include "ui/main_window.h"
#include "ui/torch_export_action.h"
#include "ui/workspace/training_workspace.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QUndoStack>

#include <QStatusBar>

namespace ui {

TrainingWorkspace* attachTrainingWorkspace(MainWindow& window) {
    auto* training = new TrainingWorkspace(window.document(), &window);
    window.setTrainingWorkspace(training);
    BuilderScene* scene = window.builderScene();
    QObject::connect(scene, &BuilderScene::zeroBranchRequested, training, &TrainingWorkspace::zeroBranch);
    QObject::connect(training, &TrainingWorkspace::blockFlowChanged, scene, &BuilderScene::setBlockFlow);
    QObject::connect(training, &TrainingWorkspace::blockFlowCleared, scene, &BuilderScene::clearBlockFlow);
    QObject::connect(training, &TrainingWorkspace::blockNote, scene, &BuilderScene::showBlockNote);
    QObject::connect(training, &TrainingWorkspace::statusMessage, &window,
                     [&window](const QString& message) { window.statusBar()->showMessage(message, 8000); });
    QObject::connect(&window, &MainWindow::closing, training, &TrainingWorkspace::stopAndWait);

    // File -> Export to PyTorch, after the picture export.
    auto* exportTorch = new QAction(QObject::tr("Export to &PyTorch..."), &window);
    exportTorch->setStatusTip(QObject::tr("Write the network (and its trained weights) as a PyTorch program"));
    QObject::connect(exportTorch, &QAction::triggered, &window,
                     [&window, training] { exportToPyTorchInteractive(&window, *window.document(), *training); });
    for (QAction* top : window.menuBar()->actions())
        if (QMenu* menu = top->menu(); menu && menu->title() == QObject::tr("&File")) {
            const QList<QAction*> items = menu->actions();
            QAction* before = nullptr;
            for (int i = 0; i + 1 < items.size(); ++i)
                if (items[i]->text().contains(QObject::tr("Export")))
                    before = items[i + 1];
            menu->insertAction(before, exportTorch);
        }
    return training;
}

void attachAutosave(MainWindow& window, TrainingWorkspace& training) {
    const std::optional<Recovery> recovery = Autosaver::pending();
    auto* autosaver = new Autosaver(window.document(), {}, 60000, &window);
    QObject::connect(&window, &MainWindow::closing, autosaver, &Autosaver::discard);
    QObject::connect(training.controller(), &TrainingController::runFinished, autosaver,
                     [autosaver](const RunFinishedSnapshot& r) {
                         if (r.run == kMainRun && !r.weights.isEmpty())
                             autosaver->setResults(r.weights);
                     });
    if (!recovery)
        return;
    const QString from = recovery->originalPath.isEmpty() ? QObject::tr("an unsaved network")
                                                          : recovery->originalPath;
    const auto answer = QMessageBox::question(
        &window, QObject::tr("Restore Unsaved Work?"),
        QObject::tr("ResNet Lab did not close properly last time. A copy of %1 from %2 was kept.\n\n"
                    "Restore it?").arg(from, recovery->savedAt),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) {
        autosaver->discard();
        return;
    }
    try {
        const core::NetworkSpec spec = core::specFromJson(recovery->specJson.toStdString());
        window.document()->reset(spec, recovery->originalPath);
        window.document()->undoStack()->resetClean();   // restored, not saved: keep it marked modified
        autosaver->setResults(recovery->weights);
        window.statusBar()->showMessage(QObject::tr("Restored %1").arg(from), 8000);
    } catch (const core::SpecError& e) {
        QMessageBox::warning(&window, QObject::tr("Restore Unsaved Work"),
                             QObject::tr("The kept copy cannot be read: %1").arg(QString::fromStdString(e.what())));
        autosaver->discard();
    }
}

}  // namespace ui
