#include "ui/torch_export_action.h"

#include "core/export/torch_export.h"
#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "ui/document/network_document.h"
#include "ui/workspace/training_workspace.h"

#include <QFileDialog>
#include <QMessageBox>

namespace ui {

QString exportToPyTorch(const NetworkDocument& document, const TrainingWorkspace& training, const QString& dir,
                        bool* withWeights) {
    if (!document.analysis().valid())
        return QObject::tr("The network is not valid, so it cannot be exported: %1")
            .arg(QString::fromStdString(document.analysis().issues.front().message));
    const TrainingWorkspace::TrainedNetwork& trained = training.lastTrained();
    const bool useTrained = !trained.weights.isEmpty() && trained.spec == document.spec();
    const TrainingRequest request = useTrained ? trained.request : training.currentRequest();
    core::ExportOptions options;
    options.dataName = request.dataName;
    options.data = request.data;
    options.train = request.config;
    try {
        std::unique_ptr<core::Network> net;
        if (useTrained) {
            net = core::buildNetwork(document.spec());
            core::loadWeightsFromBytes(*net, std::string_view(trained.weights.constData(), trained.weights.size()),
                                       "the trained network");
        }
        core::exportTorch(document.spec(), net.get(), options, dir.toStdString());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    if (withWeights)
        *withWeights = useTrained;
    return {};
}

void exportToPyTorchInteractive(QWidget* parent, const NetworkDocument& document, const TrainingWorkspace& training) {
    const QString dir = QFileDialog::getExistingDirectory(parent, QObject::tr("Export to PyTorch: choose a folder"));
    if (dir.isEmpty())
        return;
    bool withWeights = false;
    const QString error = exportToPyTorch(document, training, dir, &withWeights);
    if (!error.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Export to PyTorch"), error);
        return;
    }
    QMessageBox::information(
        parent, QObject::tr("Export to PyTorch"),
        QObject::tr("Wrote model.py, %1train.py and README.md into %2.\n\nRun it with: python3 train.py")
            .arg(withWeights ? QObject::tr("weights.npz (the trained weights), ") : QString(), dir));
}

}  // namespace ui
