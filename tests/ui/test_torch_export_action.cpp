// File -> Export to PyTorch: the trained weights go with the network only when the last
// training run trained exactly the document's network.
#include "core/spec/presets.h"
#include "ui/document/network_document.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/shell/torch_export_action.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"
#include "ui/workspace/training_workspace.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestTorchExportAction : public QObject {
    Q_OBJECT
private slots:
    void exportsTrainedWeightsOfThisNetworkOnly() {
        ui::NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-4"));
        ui::JobRunner jobs;
        ui::Results results;
        ui::TrainingWorkspace training(&document, results, jobs);
        training.setAskBeforeStopping(false);
        training.panel()->setEpochs(2);
        training.panel()->setDataSize(300);

        QTemporaryDir untrained;
        bool withWeights = true;
        QCOMPARE(ui::exportToPyTorch(document, results, training.currentRequest(), untrained.path(), &withWeights), QString());
        QVERIFY(!withWeights);
        QVERIFY(QFile::exists(untrained.filePath("model.py")));
        QVERIFY(QFile::exists(untrained.filePath("train.py")));
        QVERIFY(!QFile::exists(untrained.filePath("weights.npz")));

        QSignalSpy finished(training.controller(), &ui::TrainingController::finished);
        QVERIFY(training.startTraining());
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY(!results.runs().empty() && results.runs().front().weights.has_value());

        QTemporaryDir trained;
        QCOMPARE(ui::exportToPyTorch(document, results, training.currentRequest(), trained.path(), &withWeights), QString());
        QVERIFY(withWeights);
        QVERIFY(QFileInfo(trained.filePath("weights.npz")).size() > 1000);

        // Another network: its weights were never trained, so none are exported.
        document.reset(core::presetByName("spiral-plain-8"));
        QTemporaryDir other;
        QCOMPARE(ui::exportToPyTorch(document, results, training.currentRequest(), other.path(), &withWeights), QString());
        QVERIFY(!withWeights);
        QVERIFY(!QFile::exists(other.filePath("weights.npz")));
    }

    void invalidNetworkIsRefused() {
        ui::NetworkDocument document;
        core::NetworkSpec spec = core::presetByName("spiral-residual-4");
        spec.blocks[0].width = 0;
        document.reset(spec);
        ui::JobRunner jobs;
        ui::Results results;
        ui::TrainingWorkspace training(&document, results, jobs);
        QTemporaryDir dir;
        const QString error = ui::exportToPyTorch(document, results, training.currentRequest(), dir.path());
        QVERIFY2(error.contains("block 0: width is 0"), qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath("model.py")));
    }
};

QTEST_MAIN(TestTorchExportAction)
#include "test_torch_export_action.moc"
