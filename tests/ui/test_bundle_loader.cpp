// tests/ui/test_bundle_loader.cpp: run bundles in the window. A bundle opens without training
// and shows its stored history in the curves view, its lesion and path-length results in their
// tabs; a damaged bundle shows the core's message and leaves the document as it was; Replay
// re-animates the curves; Save Results As writes a bundle that reads back.
#include "core/io/run_bundle.h"
#include "core/spec/presets.h"
#include "ui/classroom/bundle_loader.h"
#include "ui/classroom/classroom.h"
#include "ui/classroom/curve_replay.h"
#include "ui/classroom/lesion_view.h"
#include "ui/classroom/paths_view.h"
#include "ui/document/network_document.h"
#include "ui/results/results.h"
#include "ui/shell/main_window.h"
#include "ui/shell/shell.h"
#include "ui/workspace/training_workspace.h"
#include "ui/views/curves_view.h"

#include <qcustomplot.h>

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ui;

namespace {
core::RunBundle makeBundle(int epochs) {
    core::RunBundle b;
    b.name = "stored spiral run";
    b.spec = core::presetByName("spiral-residual-8");
    b.training.epochs = epochs;
    core::BundleRun run;
    run.label = "residual";
    run.spec = b.spec;
    for (int e = 1; e <= epochs; ++e) {
        core::EpochReport r;
        r.epoch = e;
        r.step = 12LL * e;
        r.batchLoss = r.trainLoss = 1.0 / e;
        r.batchError = r.trainError = 0.5 / e;
        r.testLoss = 1.1 / e;
        r.testError = 0.55 / e;
        r.seconds = 0.1 * e;
        run.result.history.push_back(r);
    }
    run.result.steps = 12LL * epochs;
    b.runs.push_back(run);
    core::LesionResult lesion;
    lesion.label = "residual";
    lesion.blocks = 4;
    lesion.removableBlocks = 4;
    lesion.baselineError = 0.05;
    for (int k = 0; k < 4; ++k)
        lesion.single.push_back({k, true, "", 0.06 + 0.01 * k, 0.2});
    lesion.curve.push_back({0, 1, 0.05, 0, 0.05, 0.05, 0.2});
    lesion.curve.push_back({1, 4, 0.075, 0.01, 0.06, 0.09, 0.25});
    b.lesion.push_back(lesion);
    b.paths = core::pathLengthDistribution(4);
    return b;
}
}  // namespace

class TestBundleLoader : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ResNet Lab Tests");
        QCoreApplication::setApplicationName("test_bundle_loader");
        QSettings().clear();
        qputenv("RESNETLAB_LESSONS_DIR", RESNETLAB_SOURCE_DIR "/resources/lessons");
    }

    void opensWithoutTrainingAndShowsTheHistory() {
        QTemporaryDir dir;
        const QString path = dir.filePath("run.json");
        const core::RunBundle bundle = makeBundle(7);
        core::saveBundleFile(bundle, path.toStdString());
        QVERIFY(isBundleFile(path));

        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        TrainingWorkspace* ws = shell.training();
        QVERIFY2(window.openFile(path), qPrintable(window.lastMessage()));
        QCOMPARE(window.document()->spec(), bundle.spec);
        QVERIFY(!ws->isTraining());
        QCOMPARE(ws->curvesView()->epochPoints(0), 7);
        QCOMPARE(ws->currentView(), QStringLiteral("curves"));
        // The results model holds the bundle's results; the tabs draw them.
        QCOMPARE(int(shell.results()->lesion().size()), 1);
        QVERIFY(shell.classroom()->lesionView()->plot()->graphCount() > 0);
        QCOMPARE(shell.results()->paths()->blocks, 4);
        QCOMPARE(shell.classroom()->pathsView()->distribution().blocks, 4);
        QVERIFY(shell.classroom()->replay()->hasRuns());
        QCOMPARE(shell.results()->title(), QStringLiteral("stored spiral run"));
        QCOMPARE(int(shell.results()->runs().size()), 1);

        // Replay: from an empty plot back to every stored epoch.
        CurveReplay* replay = shell.classroom()->replay();
        replay->setSpeed(50);
        replay->replay();
        QVERIFY(replay->isReplaying());
        QVERIFY(ws->curvesView()->epochPoints(0) < 7);
        QTRY_VERIFY_WITH_TIMEOUT(!replay->isReplaying(), 5000);
        QCOMPARE(ws->curvesView()->epochPoints(0), 7);
    }

    void aDamagedBundleChangesNothing() {
        QTemporaryDir dir;
        const QString path = dir.filePath("damaged.json");
        std::string json = core::bundleToJson(makeBundle(3));
        const auto at = json.find("\"count\"");
        QVERIFY(at != std::string::npos);
        json.insert(at, "\"bogus_field\": 1, ");   // unknown fields are errors
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json.data(), qint64(json.size()));
        file.close();
        QVERIFY(isBundleFile(path));

        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        const core::NetworkSpec before = window.document()->spec();
        QVERIFY(!window.openFile(path));
        QVERIFY2(window.lastMessage().contains("bogus_field"), qPrintable(window.lastMessage()));
        QCOMPARE(window.document()->spec(), before);
        QVERIFY(!window.document()->isModified());
        QVERIFY(shell.results()->runs().empty());
        QVERIFY(shell.results()->title().isEmpty());
    }

    void aSpecIsNotABundle() {
        QTemporaryDir dir;
        const QString path = dir.filePath("spec.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(core::specToJson(core::presetByName("spiral-plain-8"))));
        file.close();
        QVERIFY(!isBundleFile(path));
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        QVERIFY(window.openFile(path));
        QCOMPARE(window.document()->spec().name, std::string("spiral-plain-8"));
    }

    void saveResultsRoundTrips() {
        QTemporaryDir dir;
        const QString in = dir.filePath("in.json"), out = dir.filePath("out.json");
        core::saveBundleFile(makeBundle(5), in.toStdString());
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        QVERIFY(window.openFile(in));
        QString error;
        QVERIFY2(shell.classroom()->bundles()->save(out, &error), qPrintable(error));
        const core::RunBundle back = core::loadBundleFile(out.toStdString());
        QCOMPARE(back.spec, window.document()->spec());
        QCOMPARE(int(back.runs.size()), 1);
        QCOMPARE(int(back.runs[0].result.history.size()), 5);
        QCOMPARE(int(back.lesion.size()), 1);
        QCOMPARE(back.training.epochs, 5);
    }
};

QTEST_MAIN(TestBundleLoader)
#include "test_bundle_loader.moc"
