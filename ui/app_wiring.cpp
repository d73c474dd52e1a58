#include "ui/app_wiring.h"

#include "ui/builder/builder_scene.h"
#include "ui/main_window.h"
#include "ui/training/training_workspace.h"

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
    return training;
}

}  // namespace ui
