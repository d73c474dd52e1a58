// Faults in the training worker become messages: a network too large for the stated memory
// budget is refused as std::bad_alloc and reported, the controller stays usable, and the
// document is untouched.
#include "core/spec/presets.h"
#include "ui/document/network_document.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_request.h"
#include "ui/workspace/training_workspace.h"

#include <QSignalSpy>
#include <QtTest>

class TestWorkerFaults : public QObject {
    Q_OBJECT
private slots:
    void tooLargeForTheBudgetIsAMessage() {
        ui::JobRunner jobs;
        ui::Results results;
        ui::TrainingController controller(jobs, results);
        ui::TrainingRequest request;
        request.spec = core::presetByName("resnet20");
        request.dataName = "shapes";
        request.data.size = 200;
        request.config.epochs = 1;
        request.memoryBudgetBytes = 1 << 20;   // 1 MiB: ResNet-20 with batch 128 needs far more
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        QSignalSpy finished(&controller, &ui::TrainingController::finished);
        controller.start(request);
        QVERIFY(finished.wait(30000));
        QCOMPARE(failed.count(), 1);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains("out of memory"), qPrintable(message));
        QVERIFY2(message.contains("needs about") && message.contains("1.0 MiB"), qPrintable(message));

        // The controller is still usable: a small network trains.
        request.spec = core::presetByName("spiral-residual-4");
        request.dataName = "spiral";
        request.memoryBudgetBytes = 0;
        QSignalSpy runs(&controller, &ui::TrainingController::runFinished);
        controller.start(request);
        QVERIFY(finished.wait(30000));
        QCOMPARE(runs.count(), 1);
        QCOMPARE(failed.count(), 1);
    }

    void documentSurvivesAFailedRun() {
        ui::NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        const std::string before = core::specToJson(document.spec());
        ui::JobRunner jobs;
        ui::Results results;
        ui::TrainingWorkspace training(&document, results, jobs);
        QSignalSpy status(&training, &ui::TrainingWorkspace::statusMessage);
        ui::TrainingRequest request = training.currentRequest();
        request.memoryBudgetBytes = 1024;
        QSignalSpy finished(training.controller(), &ui::TrainingController::finished);
        training.controller()->start(request);
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY(!status.isEmpty());
        bool shown = false;
        for (const QList<QVariant>& s : status)
            shown |= s.first().toString().contains("out of memory");
        QVERIFY(shown);
        QCOMPARE(core::specToJson(document.spec()), before);
        QVERIFY(!document.isModified());
    }
};

QTEST_MAIN(TestWorkerFaults)
#include "test_worker_faults.moc"
