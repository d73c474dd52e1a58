// tests/ui/test_results.cpp: the results model the views observe. A training session adds its
// runs (and removes the old ones) with a signal each, epochs and the end of a run change it;
// the sweep, lesion and path results each say when they change; a run bundle goes into the
// model and comes back out of it unchanged, also through a file, and a bundle replaces what
// was there.
#include "core/io/run_bundle.h"
#include "core/spec/presets.h"
#include "ui/results/results.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using ui::Results;

namespace {

core::BundleRun run(const std::string& preset, int epochs) {
    core::BundleRun r;
    r.spec = core::presetByName(preset);
    r.label = r.spec.blocks.front().residual() ? "residual" : "plain";
    r.seed = 3;
    for (int e = 1; e <= epochs; ++e) {
        core::EpochReport report;
        report.epoch = e;
        report.step = 10LL * e;
        report.trainError = 0.5 / e;
        report.testError = 0.6 / e;
        r.result.history.push_back(report);
    }
    r.result.steps = 10LL * epochs;
    return r;
}

core::RunBundle bundle() {
    core::RunBundle b;
    b.name = "a stored experiment";
    b.spec = core::presetByName("spiral-residual-8");
    b.data = "spiral";
    b.dataOptions.size = 600;
    b.training.epochs = 4;
    b.seed = 3;
    b.runs = {run("spiral-residual-8", 4), run("spiral-plain-8", 4)};
    b.runs[0].weights = std::string("not checked here");
    core::SweepConfig config = core::defaultSweep();
    config.depths = {4, 8};
    core::SweepRun s;
    s.family = "plain";
    s.depth = 8;
    s.seed = 0;
    s.result = run("spiral-plain-8", 3).result;
    b.sweep = core::BundleSweep{config, {s}};
    core::LesionResult lesion;
    lesion.label = "residual";
    lesion.blocks = 4;
    lesion.baselineError = 0.05;
    lesion.curve.push_back({0, 1, 0.05, 0, 0.05, 0.05, 0.2});
    b.lesion = {lesion};
    b.paths = core::pathLengthDistribution(4);
    b.paths->measured = true;
    core::BundleProbes probes;
    probes.run = "residual";
    probes.snapshots.push_back(core::ProbeReport{});
    b.probes = {probes};
    return b;
}

core::RunBundle header(const core::RunBundle& b) {
    core::RunBundle h;
    h.name = b.name;
    h.spec = b.spec;
    h.data = b.data;
    h.dataOptions = b.dataOptions;
    h.training = b.training;
    h.seed = b.seed;
    return h;
}

}  // namespace

class TestResults : public QObject {
    Q_OBJECT
private slots:
    void aSessionReplacesTheRuns() {
        Results results;
        QSignalSpy added(&results, &Results::runAdded);
        QSignalSpy changed(&results, &Results::runChanged);
        QSignalSpy removed(&results, &Results::runRemoved);
        core::TrainConfig config;
        config.epochs = 2;
        results.startRuns({run("spiral-residual-8", 0), run("spiral-plain-8", 0)}, "spiral", {}, config);
        QCOMPARE(added.size(), 2);
        QCOMPARE(added.at(1).at(0).toInt(), 1);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(results.runTraining().epochs, 2);

        const core::BundleRun done = run("spiral-plain-8", 2);
        results.addEpochs(1, done.result.history, 20);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toInt(), 1);
        QCOMPARE(int(results.runs()[1].result.history.size()), 2);
        QCOMPARE(results.runs()[1].result.steps, 20);

        core::TrainResult end;
        end.status = core::TrainResult::Status::Diverged;
        end.message = "training diverged at step 20";
        end.steps = 20;
        end.divergedAtStep = 20;
        results.finishRun(1, end, std::nullopt);
        results.finishRun(0, core::TrainResult{}, std::string("weights"));
        QCOMPARE(changed.size(), 3);
        QCOMPARE(results.runs()[1].result.status, core::TrainResult::Status::Diverged);
        QCOMPARE(int(results.runs()[1].result.history.size()), 2);   // kept
        QVERIFY(!results.runs()[1].weights);
        QCOMPARE(*results.runs()[0].weights, std::string("weights"));
        results.addEpochs(5, done.result.history, 1);   // no such run: ignored
        QCOMPARE(changed.size(), 3);

        // The next session: the two old runs go (last first), one new one comes.
        results.startRuns({run("spiral-residual-8", 0)}, "spiral", {}, config);
        QCOMPARE(removed.size(), 2);
        QCOMPARE(removed.at(0).at(0).toInt(), 1);
        QCOMPARE(removed.at(1).at(0).toInt(), 0);
        QCOMPARE(added.size(), 3);
        QCOMPARE(int(results.runs().size()), 1);
    }

    void eachKindSaysWhenItChanges() {
        Results results;
        QSignalSpy sweep(&results, &Results::sweepChanged);
        QSignalSpy lesion(&results, &Results::lesionChanged);
        QSignalSpy paths(&results, &Results::pathsChanged);
        core::SweepConfig config = core::defaultSweep();
        results.startSweep(config);
        results.addSweepEpochs({{2, core::EpochReport{}}, {2, core::EpochReport{}}, {5, core::EpochReport{}}});
        core::SweepRun r;
        r.family = "residual";
        results.addSweepRun(r);
        QCOMPARE(sweep.size(), 3);
        QCOMPARE(int(results.sweep()->runs.size()), 1);
        QCOMPARE(int(results.sweepEpochs().at(2).size()), 2);
        QCOMPARE(int(results.sweepEpochs().at(5).size()), 1);
        results.startSweep(config);   // a new sweep starts empty
        QVERIFY(results.sweep()->runs.empty());
        QVERIFY(results.sweepEpochs().empty());

        results.setLesion({core::LesionResult{}}, 0.66);
        QCOMPARE(lesion.size(), 1);
        QCOMPARE(results.lesionChanceError(), 0.66);
        results.setPaths(core::pathLengthDistribution(5));
        QCOMPARE(paths.size(), 1);
        QCOMPARE(results.paths()->blocks, 5);
        QCOMPARE(sweep.size(), 4);   // nothing else was told
        QCOMPARE(lesion.size(), 1);
    }

    void aBundleRoundTripsThroughTheModel() {
        const core::RunBundle in = bundle();
        Results results;
        QSignalSpy loaded(&results, &Results::loaded);
        QSignalSpy added(&results, &Results::runAdded);
        QSignalSpy lesion(&results, &Results::lesionChanged);
        results.load(in);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(added.size(), 2);
        QCOMPARE(lesion.size(), 1);
        QCOMPARE(results.title(), QStringLiteral("a stored experiment"));
        QCOMPARE(results.runDataOptions().size, 600);

        const core::RunBundle out = results.toBundle(header(in));
        QCOMPARE(core::bundleToJson(out), core::bundleToJson(in));

        // And through a file, as Save Results As and Open do it.
        QTemporaryDir dir;
        const std::string path = dir.filePath("experiment.json").toStdString();
        core::saveBundleFile(out, path);
        Results reopened;
        reopened.load(core::loadBundleFile(path));
        QCOMPARE(core::bundleToJson(reopened.toBundle(header(in))), core::bundleToJson(in));
    }

    void aBundleReplacesEverything() {
        Results results;
        QSignalSpy removed(&results, &Results::runRemoved);
        core::TrainConfig config;
        results.startRuns({run("spiral-residual-8", 1), run("spiral-plain-8", 1), run("spiral-plain-8", 1)}, "moons", {},
                          config);
        results.setLesion({core::LesionResult{}, core::LesionResult{}});
        core::RunBundle b = bundle();
        b.lesion.clear();
        b.sweep.reset();
        b.paths.reset();
        results.load(b);
        QCOMPARE(removed.size(), 3);
        QCOMPARE(int(results.runs().size()), 2);
        QCOMPARE(results.runData(), std::string("spiral"));
        QVERIFY(results.lesion().empty());
        QVERIFY(!results.sweep());
        QVERIFY(!results.paths());
        // An unmeasured path distribution or an empty sweep is not a result to save.
        results.setPaths(core::pathLengthDistribution(3));
        results.startSweep(core::defaultSweep());
        const core::RunBundle out = results.toBundle(header(b));
        QVERIFY(!out.paths);
        QVERIFY(!out.sweep);
    }
};

QTEST_MAIN(TestResults)
#include "test_results.moc"
