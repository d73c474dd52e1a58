// tests/ui/test_training_controller.cpp: the training controller and its job, with
// QSignalSpy: start, pause, step, resume, stop, reset; stopping within a second while
// training; the twin's identical initial weights; divergence; the identity demo; the runs
// recorded in the results model; and the throttle (snapshots at least ~33 ms apart per run,
// whatever the speed, none lost).
#include "support/stop_budget.h"
#include <QtTest>

#include "core/spec/presets.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_worker.h"

#include <QElapsedTimer>

#include <algorithm>

#include <map>

using ui::TrainingController;

namespace {

// What a controller works with: the runner its sessions run on, the model it records them in.
struct Env {
    ui::JobRunner jobs;
    ui::Results results;
};

// A small residual MLP on 400 spiral points: a few milliseconds per epoch.
ui::TrainingRequest smallRequest(int epochs, bool residual = true, int depth = 8) {
    core::MlpOptions o;
    o.depth = depth;
    o.residual = residual;
    o.width = 16;
    ui::TrainingRequest r;
    r.spec = core::mlpNet(o);
    r.dataName = "spiral";
    r.data.size = 400;
    r.config.epochs = epochs;
    r.config.batchSize = 64;
    r.config.learningRate = 0.05;
    r.config.seed = 7;
    r.grid = 24;
    return r;
}

// Waits until `done()` or the timeout; processes events meanwhile.
template <class Done>
bool waitFor(Done done, int msecs = 10000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < msecs)
        QTest::qWait(5);
    return done();
}

ui::ProgressSnapshot lastProgress(const QSignalSpy& spy) {
    return spy.last().at(0).value<ui::ProgressSnapshot>();
}

}  // namespace

class TestTrainingController : public QObject {
    Q_OBJECT
private slots:
    void startRunsToTheEnd();
    void pauseStepResume();
    void stepFromIdleDoesOneBatch();
    void stopEndsTheSessionQuickly();
    void resetStartsAFreshSessionAtStepZero();
    void stopAndWaitWhileTraining();
    void twinStartsFromTheSameWeights();
    void twinTrainsInParallel();
    void twinSeesTheSameBatches();
    void divergenceIsReported();
    void zeroBranchAndRestore();
    void progressIsThrottled();
    void badDataIsReportedNotThrown();
    void twinsPauseAtTheSameStep();
    void speedLimitSlowsTheSession();
    void convNetLiveBetweenEpochsAndStopWithinAStep();
};

void TestTrainingController::startRunsToTheEnd() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy started(&c, &TrainingController::runStarted);
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy finishedRun(&c, &TrainingController::runFinished);
    QSignalSpy finished(&c, &TrainingController::finished);
    QSignalSpy data(&c, &TrainingController::dataReady);
    QSignalSpy maps(&c, &TrainingController::decisionMap);
    QSignalSpy probes(&c, &TrainingController::probes);
    c.start(smallRequest(4));
    QCOMPARE(c.state(), TrainingController::State::Running);
    QVERIFY(finished.wait(20000));
    QCOMPARE(c.state(), TrainingController::State::Idle);
    QCOMPARE(started.size(), 1);
    const auto info = started.at(0).at(0).value<ui::RunStartedSnapshot>();
    QCOMPARE(info.family, QStringLiteral("residual"));
    QCOMPARE(info.epochs, 4);
    QVERIFY(info.stepsPerEpoch > 0);
    QCOMPARE(data.size(), 1);
    QVERIFY(data.at(0).at(0).value<ui::DataSnapshot>().points2d);
    QVERIFY(maps.size() >= 2);           // step 0 and the final weights
    QVERIFY(probes.size() >= 1);         // at least the probe at initialisation
    QCOMPARE(probes.at(0).at(0).value<ui::ProbeSnapshot>().report.step, 0);
    // Every epoch report arrives exactly once, in order.
    std::vector<int> epochs;
    qint64 lastStep = 0;
    for (const QList<QVariant>& args : progress) {
        const auto p = args.at(0).value<ui::ProgressSnapshot>();
        QVERIFY(p.step >= lastStep);
        lastStep = p.step;
        for (const core::EpochReport& e : p.epochs)
            epochs.push_back(e.epoch);
    }
    QCOMPARE(epochs, (std::vector<int>{1, 2, 3, 4}));
    QCOMPARE(lastStep, info.totalSteps);
    QCOMPARE(finishedRun.size(), 1);
    const auto result = finishedRun.at(0).at(0).value<ui::RunFinishedSnapshot>();
    QCOMPARE(result.status, core::TrainResult::Status::Finished);
    QCOMPARE(result.steps, info.totalSteps);
    // The run is in the results model: its network, every epoch, how it ended, its weights.
    QCOMPARE(int(env.results.runs().size()), 1);
    const core::BundleRun& run = env.results.runs().front();
    QCOMPARE(run.spec, smallRequest(4).spec);
    QCOMPARE(run.label, std::string("residual"));
    QCOMPARE(run.seed, std::uint64_t(7));
    QCOMPARE(int(run.result.history.size()), 4);
    QCOMPARE(run.result.status, core::TrainResult::Status::Finished);
    QCOMPARE(run.result.steps, info.totalSteps);
    QVERIFY(run.weights.has_value() && !run.weights->empty());
    QCOMPARE(env.results.runTraining().epochs, 4);
}

void TestTrainingController::pauseStepResume() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy finished(&c, &TrainingController::finished);
    c.startPaused(smallRequest(2), 0);
    QCOMPARE(c.state(), TrainingController::State::Paused);
    // Waits at step 0.
    QVERIFY(waitFor([&] { return !progress.isEmpty() && lastProgress(progress).paused; }));
    QCOMPARE(lastProgress(progress).step, 0);
    QTest::qWait(100);
    QCOMPARE(lastProgress(progress).step, 0);   // nothing moves while paused

    for (int k = 1; k <= 3; ++k) {
        const qsizetype before = progress.size();
        c.step();
        QVERIFY(waitFor([&] { return progress.size() > before && lastProgress(progress).paused; }));
        QCOMPARE(lastProgress(progress).step, qint64(k));   // exactly one batch per Step
        QCOMPARE(lastProgress(progress).batches, 1);
    }
    QCOMPARE(c.state(), TrainingController::State::Paused);
    c.resume();
    QCOMPARE(c.state(), TrainingController::State::Running);
    QVERIFY(finished.wait(20000));
    QCOMPARE(c.state(), TrainingController::State::Idle);
}

void TestTrainingController::stepFromIdleDoesOneBatch() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    ui::TrainingRequest r = smallRequest(2);
    c.startPaused(r, 1);
    QVERIFY(waitFor([&] { return !progress.isEmpty() && lastProgress(progress).paused && lastProgress(progress).step == 1; }));
    QTest::qWait(100);
    QCOMPARE(lastProgress(progress).step, 1);
    c.stop();
    QVERIFY(waitFor([&] { return c.state() == TrainingController::State::Idle; }));
}

void TestTrainingController::stopEndsTheSessionQuickly() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy finishedRun(&c, &TrainingController::runFinished);
    QSignalSpy finished(&c, &TrainingController::finished);
    c.start(smallRequest(100000));
    QVERIFY(waitFor([&] { return progress.size() >= 3; }));
    QElapsedTimer t;
    t.start();
    c.stop();
    QCOMPARE(c.state(), TrainingController::State::Stopping);
    QVERIFY(finished.wait(2000));
    QVERIFY2(t.elapsed() < support::kStopBudgetMs, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(finishedRun.last().at(0).value<ui::RunFinishedSnapshot>().status, core::TrainResult::Status::Cancelled);
    QCOMPARE(c.state(), TrainingController::State::Idle);
}

void TestTrainingController::resetStartsAFreshSessionAtStepZero() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy sessions(&c, &TrainingController::sessionStarted);
    c.start(smallRequest(100000));
    QVERIFY(waitFor([&] { return progress.size() >= 3 && lastProgress(progress).step > 5; }));
    const int first = c.session();
    c.startPaused(smallRequest(3), 0);   // Reset
    QCOMPARE(sessions.size(), 2);
    QVERIFY(c.session() > first);
    QCOMPARE(c.state(), TrainingController::State::Paused);
    const qsizetype before = progress.size();
    QVERIFY(waitFor([&] { return progress.size() > before && lastProgress(progress).paused; }));
    const auto p = lastProgress(progress);
    QCOMPARE(p.session, c.session());
    QCOMPARE(p.step, 0);
    // Nothing of the old session arrives after the new one has started.
    QTest::qWait(150);
    for (qsizetype i = before; i < progress.size(); ++i)
        QCOMPARE(progress.at(i).at(0).value<ui::ProgressSnapshot>().session, c.session());
    c.stop();
    QVERIFY(waitFor([&] { return c.state() == TrainingController::State::Idle; }));
}

void TestTrainingController::stopAndWaitWhileTraining() {
    // What closing the window does: the worker thread ends within a second.
    Env env;
    auto* c = new TrainingController(env.jobs, env.results);
    QSignalSpy progress(c, &TrainingController::progress);
    ui::TrainingRequest r = smallRequest(100000, true, 32);
    r.twin = true;
    r.twinSpec = ui::twinOf(r.spec);
    c->start(r);
    QVERIFY(waitFor([&] { return progress.size() >= 4; }));
    QElapsedTimer t;
    t.start();
    QVERIFY(c->stopAndWait(support::kStopBudgetMs));
    QVERIFY2(t.elapsed() < support::kStopBudgetMs, qPrintable(QString::number(t.elapsed())));
    delete c;   // no wait left: the thread has ended
    QVERIFY(t.elapsed() < support::kStopBudgetMs + 100);

    // Also while paused.
    auto* paused = new TrainingController(env.jobs, env.results);
    QSignalSpy pausedProgress(paused, &TrainingController::progress);
    paused->startPaused(smallRequest(10), 0);
    QVERIFY(waitFor([&] { return !pausedProgress.isEmpty(); }));
    t.restart();
    QVERIFY(paused->stopAndWait(support::kStopBudgetMs));
    QVERIFY(t.elapsed() < support::kStopBudgetMs);
    delete paused;
}

void TestTrainingController::twinStartsFromTheSameWeights() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy started(&c, &TrainingController::runStarted);
    QSignalSpy finished(&c, &TrainingController::finished);
    ui::TrainingRequest r = smallRequest(1);
    r.twin = true;
    r.twinSpec = ui::twinOf(r.spec);
    c.start(r);
    QVERIFY(finished.wait(20000));
    QCOMPARE(started.size(), 2);
    std::map<int, ui::RunStartedSnapshot> runs;
    for (const QList<QVariant>& args : started) {
        const auto s = args.at(0).value<ui::RunStartedSnapshot>();
        runs[s.run] = s;
    }
    QCOMPARE(runs[ui::kMainRun].family, QStringLiteral("residual"));
    QCOMPARE(runs[ui::kTwinRun].family, QStringLiteral("plain"));
    QCOMPARE(runs[ui::kMainRun].totalSteps, runs[ui::kTwinRun].totalSteps);
    // The same parameters (identity shortcuts have none), bit for bit.
    const auto& a = runs[ui::kMainRun].initialDigest;
    const auto& b = runs[ui::kTwinRun].initialDigest;
    QCOMPARE(a.size(), b.size());
    QVERIFY(!a.empty());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].first, b[i].first);
        QVERIFY2(a[i].second == b[i].second, a[i].first.c_str());
    }
    // A different seed gives different weights (the digest means something).
    Env otherEnv;
    TrainingController other(otherEnv.jobs, otherEnv.results);
    QSignalSpy otherStarted(&other, &TrainingController::runStarted);
    QSignalSpy otherFinished(&other, &TrainingController::finished);
    r.config.seed = 8;
    other.start(r);
    QVERIFY(otherFinished.wait(20000));
    const auto c8 = otherStarted.at(0).at(0).value<ui::RunStartedSnapshot>();
    QVERIFY(c8.initialDigest.front().second != a.front().second);
}

void TestTrainingController::twinTrainsInParallel() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy finishedRun(&c, &TrainingController::runFinished);
    QSignalSpy finished(&c, &TrainingController::finished);
    QSignalSpy probes(&c, &TrainingController::probes);
    ui::TrainingRequest r = smallRequest(3, false);   // a plain net: the twin is residual
    r.twin = true;
    r.twinSpec = ui::twinOf(r.spec);
    c.start(r);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finishedRun.size(), 2);
    std::map<int, int> epochsPerRun;
    for (const QList<QVariant>& args : progress) {
        const auto p = args.at(0).value<ui::ProgressSnapshot>();
        epochsPerRun[p.run] += int(p.epochs.size());
    }
    QCOMPARE(epochsPerRun[0], 3);
    QCOMPARE(epochsPerRun[1], 3);
    bool twinProbe = false;
    for (const QList<QVariant>& args : probes) {
        const auto p = args.at(0).value<ui::ProbeSnapshot>();
        if (p.run == ui::kTwinRun) {
            twinProbe = true;
            QVERIFY(!p.report.blocks.empty());
            QVERIFY(p.report.blocks.front().residual);
        }
    }
    QVERIFY(twinProbe);
}

void TestTrainingController::twinSeesTheSameBatches() {
    // A chain without blocks has nothing to toggle: its twin is the same network. Same initial
    // weights and the same batch order must then give bit-identical epochs in both runs.
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy finished(&c, &TrainingController::finished);
    ui::TrainingRequest r = smallRequest(4, true, 4);
    r.spec.blocks.clear();
    r.twin = true;
    r.twinSpec = ui::twinOf(r.spec);
    QVERIFY(r.twinSpec.blocks.empty());
    c.start(r);
    QVERIFY(finished.wait(20000));
    std::map<int, std::vector<core::EpochReport>> epochs;
    for (const QList<QVariant>& args : progress) {
        const auto p = args.at(0).value<ui::ProgressSnapshot>();
        epochs[p.run].insert(epochs[p.run].end(), p.epochs.begin(), p.epochs.end());
    }
    QCOMPARE(epochs[0].size(), std::size_t(4));
    QCOMPARE(epochs[1].size(), std::size_t(4));
    for (std::size_t i = 0; i < 4; ++i) {
        QCOMPARE(epochs[0][i].batchLoss, epochs[1][i].batchLoss);   // the mean over the epoch's batches
        QCOMPARE(epochs[0][i].trainLoss, epochs[1][i].trainLoss);
        QCOMPARE(epochs[0][i].testError, epochs[1][i].testError);
    }
}

void TestTrainingController::divergenceIsReported() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy finishedRun(&c, &TrainingController::runFinished);
    QSignalSpy finished(&c, &TrainingController::finished);
    core::MlpOptions o;
    o.depth = 16;
    o.residual = false;
    o.batchNorm = false;
    ui::TrainingRequest r = smallRequest(20);
    r.spec = core::mlpNet(o);
    r.config.learningRate = 50.0;
    r.config.schedule = core::ScheduleKind::Constant;
    c.start(r);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finishedRun.size(), 1);
    const auto result = finishedRun.at(0).at(0).value<ui::RunFinishedSnapshot>();
    QCOMPARE(result.status, core::TrainResult::Status::Diverged);
    QVERIFY(result.divergedAtStep > 0);
    QVERIFY(result.message.contains(QStringLiteral("diverged")));
    QVERIFY(result.message.contains(QStringLiteral("learning rate")));
}

void TestTrainingController::zeroBranchAndRestore() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy finished(&c, &TrainingController::finished);
    QSignalSpy identity(&c, &TrainingController::identityResult);
    c.start(smallRequest(3));
    QVERIFY(finished.wait(20000));
    QVERIFY(c.zeroBranch(1));
    QVERIFY(identity.wait(5000));
    auto r = identity.last().at(0).value<ui::IdentitySnapshot>();
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY(r.zeroed);
    QCOMPARE(r.block, 1);
    QCOMPARE(r.maxAbsDifference, 0.0);   // exactly the identity: g(0 + a[l]) = a[l]
    QVERIFY(r.inputNorm > 0);
    QVERIFY(c.restoreBranch(1));
    QVERIFY(identity.wait(5000));
    r = identity.last().at(0).value<ui::IdentitySnapshot>();
    QVERIFY(r.ok);
    QVERIFY(!r.zeroed);
    QVERIFY(r.maxAbsDifference > 0);     // the trained branch is back

    // While paused, the demo runs between two batches.
    QSignalSpy progress(&c, &TrainingController::progress);
    c.startPaused(smallRequest(3), 0);
    QVERIFY(waitFor([&] { return !progress.isEmpty() && lastProgress(progress).paused; }));
    QVERIFY(c.zeroBranch(0));
    QVERIFY(identity.wait(5000));
    QVERIFY(identity.last().at(0).value<ui::IdentitySnapshot>().ok);
    QCOMPARE(identity.last().at(0).value<ui::IdentitySnapshot>().maxAbsDifference, 0.0);
    // A plain network cannot do it, and says why.
    c.stop();
    QVERIFY(waitFor([&] { return c.state() == TrainingController::State::Idle; }));
    c.start(smallRequest(1, false));
    QVERIFY(waitFor([&] { return c.state() == TrainingController::State::Idle; }));
    QVERIFY(c.zeroBranch(0));
    QVERIFY(identity.wait(5000));
    r = identity.last().at(0).value<ui::IdentitySnapshot>();
    QVERIFY(!r.ok);
    QVERIFY(r.message.contains(QStringLiteral("plain")));
}

void TestTrainingController::progressIsThrottled() {
    // The worker's clock decides, not the window's: consecutive snapshots of a run are at least
    // ~33 ms apart however fast the batches go (a busy machine only widens the gaps), and the
    // batches between them are counted, none lost. The rate that reaches the plots is measured
    // by the event-latency benchmark (bench/event_loop_latency.cpp).
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy finished(&c, &TrainingController::finished);
    ui::TrainingRequest r = smallRequest(100000, true, 4);
    c.start(r);
    QVERIFY(waitFor([&] { return progress.size() >= 12; }));
    c.stop();
    QVERIFY(finished.wait(5000));
    qint64 batches = 0;
    for (qsizetype i = 0; i < progress.size(); ++i) {
        const auto p = progress.at(i).at(0).value<ui::ProgressSnapshot>();
        batches += p.batches;
        if (i == 0 || i + 1 == progress.size())
            continue;   // the last one reports the stop, whenever it comes
        const auto before = progress.at(i - 1).at(0).value<ui::ProgressSnapshot>();
        // QElapsedTimer counts whole milliseconds: 33 ms can read as 32.
        QVERIFY2(p.seconds - before.seconds >= (ui::TrainingWorker::kProgressMs - 1) / 1000.0,
                 qPrintable(QString("%1 s after %2 s").arg(p.seconds).arg(before.seconds)));
    }
    QCOMPARE(batches, lastProgress(progress).step);   // every batch was counted once
    QVERIFY(batches > progress.size());   // the training is faster than the snapshots
}

void TestTrainingController::badDataIsReportedNotThrown() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy failed(&c, &TrainingController::failed);
    QSignalSpy finished(&c, &TrainingController::finished);
    ui::TrainingRequest r = smallRequest(1);
    r.dataName = "shapes";   // images into a 2-input MLP
    c.start(r);
    QVERIFY(finished.wait(20000));
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("256")), qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(c.state(), TrainingController::State::Idle);
}

// Side by side means at the same step: paused twins report the same step, and one Step moves
// both by one batch.
void TestTrainingController::twinsPauseAtTheSameStep() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy progress(&c, &TrainingController::progress);
    ui::TrainingRequest r = smallRequest(200, false);
    r.twin = true;
    r.twinSpec = ui::twinOf(r.spec);
    c.setStepsPerSecond(50);
    c.start(r);
    QVERIFY(waitFor([&] { return !progress.isEmpty() && lastProgress(progress).step >= 5; }));
    c.pause();
    auto pausedSteps = [&](qsizetype from) {
        std::map<int, qint64> at;
        for (qsizetype i = from; i < progress.size(); ++i) {
            const auto p = progress.at(i).at(0).value<ui::ProgressSnapshot>();
            if (p.paused)
                at[p.run] = p.step;
        }
        return at;
    };
    QVERIFY(waitFor([&] { return pausedSteps(0).size() == 2; }));
    const std::map<int, qint64> paused = pausedSteps(0);
    QCOMPARE(paused.at(0), paused.at(1));
    const qsizetype before = progress.size();
    c.step();
    QVERIFY(waitFor([&] { return pausedSteps(before).size() == 2; }));
    const std::map<int, qint64> stepped = pausedSteps(before);
    QCOMPARE(stepped.at(0), paused.at(0) + 1);
    QCOMPARE(stepped.at(1), paused.at(1) + 1);
    c.stop();
    QVERIFY(waitFor([&] { return c.state() == TrainingController::State::Idle; }));
}

// Slow motion: at 20 steps a second, n batches take at least (n - 1) / 20 s (a lower bound: a
// loaded machine only makes it longer).
void TestTrainingController::speedLimitSlowsTheSession() {
    Env env;
    TrainingController c(env.jobs, env.results);
    QSignalSpy finished(&c, &TrainingController::finished);
    QSignalSpy runFinished(&c, &TrainingController::runFinished);
    c.setStepsPerSecond(20);
    const ui::TrainingRequest r = smallRequest(2);   // 300 training points, batch 64
    c.start(r);
    QVERIFY(finished.wait(20000));
    QCOMPARE(runFinished.size(), 1);
    const auto f = runFinished.first().at(0).value<ui::RunFinishedSnapshot>();
    QVERIFY(f.steps >= 8);
    QVERIFY2(f.seconds >= (f.steps - 1) / 20.0, qPrintable(QString::number(f.seconds)));
}

// A conv net whose step is long (~a second on a quiet machine, far longer under a sanitizer):
// its image predictions arrive between epochs (the epoch has 3 steps, the first prediction
// comes within it), and Stop, pressed just as a step begins, abandons that step: Stop is
// answered between two blocks of the forward pass, so the run reports exactly the steps it
// had finished when Stop was pressed. Without the stop checks in the pass the step in flight
// would end first and the run would report one step more. The check counts steps, not
// milliseconds, so a slow or loaded machine cannot fail it.
void TestTrainingController::convNetLiveBetweenEpochsAndStopWithinAStep() {
    Env env;
    TrainingController c(env.jobs, env.results);
    core::CifarOptions o;
    o.n = 3;
    o.channels = 1;
    o.height = o.width = 16;
    o.classes = 8;
    o.baseWidth = 16;
    ui::TrainingRequest r;
    r.spec = core::cifarResNet(o);
    r.dataName = "shapes";
    r.data.size = 1000;   // 750 training images: 3 steps of 256 an epoch
    r.config.epochs = 100;
    r.config.batchSize = 256;
    r.config.seed = 3;
    QSignalSpy progress(&c, &TrainingController::progress);
    QSignalSpy predictions(&c, &TrainingController::predictions);
    QSignalSpy finishedRun(&c, &TrainingController::runFinished);
    QSignalSpy finished(&c, &TrainingController::finished);
    c.start(r);
    const int perEpoch = 3;
    // Predictions at a step inside an epoch (step 0 is the one before training).
    QVERIFY(waitFor(
        [&] {
            for (const QList<QVariant>& args : predictions) {
                const auto p = args.at(0).value<ui::PredictionSnapshot>();
                if (p.step > 0 && p.step % perEpoch != 0)
                    return true;
            }
            return false;
        },
        600000));
    // Stop as the next step begins: a progress report has just come, the step after it runs.
    const qsizetype seen = progress.size();
    QVERIFY(waitFor([&] { return progress.size() > seen; }, 600000));
    const qint64 finishedSteps = lastProgress(progress).step;
    c.stop();
    QVERIFY(finished.wait(600000));
    const auto f = finishedRun.last().at(0).value<ui::RunFinishedSnapshot>();
    QCOMPARE(f.status, core::TrainResult::Status::Cancelled);
    QCOMPARE(f.steps, finishedSteps);
}

QTEST_MAIN(TestTrainingController)
#include "test_training_controller.moc"
