#include "ui/shell/torch_export_action.h"

#include "core/export/torch_export.h"
#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "ui/document/network_document.h"
#include "ui/results/results.h"

#include <QFileDialog>
#include <QMessageBox>

namespace ui {

QString exportToPyTorch(const NetworkDocument& document, const Results& results, const TrainingRequest& current,
                        const QString& dir, bool* withWeights) {
    if (!document.analysis().valid())
        return QObject::tr("The network is not valid, so it cannot be exported: %1")
            .arg(QString::fromStdString(document.analysis().issues.front().message));
    const core::BundleRun* trained = results.runs().empty() ? nullptr : &results.runs().front();
    const bool useTrained = trained && trained->weights && trained->spec == document.spec();
    core::ExportOptions options;
    options.dataName = useTrained ? results.runData() : current.dataName;
    options.data = useTrained ? results.runDataOptions() : current.data;
    options.train = useTrained ? results.runTraining() : current.config;
    try {
        std::unique_ptr<core::Network> net;
        if (useTrained) {
            net = core::buildNetwork(document.spec());
            core::loadWeightsFromBytes(*net, *trained->weights, "the trained network");
        }
        core::exportTorch(document.spec(), net.get(), options, dir.toStdString());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    if (withWeights)
        *withWeights = useTrained;
    return {};
}

void exportToPyTorchInteractive(QWidget* parent, const NetworkDocument& document, const Results& results,
                                const TrainingRequest& current) {
    const QString dir = QFileDialog::getExistingDirectory(parent, QObject::tr("Export to PyTorch: choose a folder"));
    if (dir.isEmpty())
        return;
    bool withWeights = false;
    const QString error = exportToPyTorch(document, results, current, dir, &withWeights);
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
