// tests/core/test_twin_training.cpp: the twin runner. prepareNetworks builds the twins from one
// seed (the layers they share start equal) and refuses data that does not fit, naming both
// shapes; trainPrepared trains them side by side with the same batch order, calls each run's
// hooks in its own thread (before, per step, after), keeps a failing run from stopping the
// other, and returns each run's error; trainNetworks rethrows it.
#include "core/data/dataset_registry.h"
#include "core/experiments/twin_training.h"
#include "core/spec/presets.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace core;

namespace {

Dataset spiral() {
    DataOptions o;
    o.size = 300;
    return loadDataset("spiral", o);
}

TrainConfig shortConfig() {
    TrainConfig c;
    c.epochs = 2;
    c.batchSize = 64;
    c.seed = 5;
    return c;
}

std::vector<NetworkSpec> twins() {
    MlpOptions o;
    o.depth = 8;
    o.width = 16;
    return twinSpecs(mlpNet(o));
}

}  // namespace

class TestTwinTraining : public QObject {
    Q_OBJECT
private slots:
    void prepareGivesTheTwinsTheSameStart() {
        const Dataset data = spiral();
        std::vector<TrainedNetwork> nets = prepareNetworks(twins(), data, shortConfig());
        QCOMPARE(int(nets.size()), 2);
        QCOMPARE(nets[0].family, std::string("plain"));
        QCOMPARE(nets[1].family, std::string("residual"));
        const std::vector<ParamView> a = nets[0].net->params(), b = nets[1].net->params();
        QCOMPARE(a.size(), b.size());   // identity shortcuts have no parameters
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].name, b[i].name);
            QVERIFY2(a[i].value == b[i].value, a[i].name.c_str());
        }
        QVERIFY(nets[0].result.history.empty());   // prepared, not trained
    }

    void dataThatDoesNotFitIsNamed() {
        DataOptions o;
        o.size = 64;
        const Dataset images = loadDataset("shapes", o);
        try {
            prepareNetworks(twins(), images, shortConfig());
            QFAIL("a 2-input network was built for 16x16 images");
        } catch (const SpecError& e) {
            const QString message = e.what();
            QVERIFY2(message.contains("(2 values)") && message.contains("(256 values)"), e.what());
        }
    }

    void hooksRunInEachRunsThread() {
        const Dataset data = spiral();
        std::vector<TrainedNetwork> nets = prepareNetworks(twins(), data, shortConfig());
        std::mutex mutex;
        std::map<int, std::vector<std::string>> calls;
        std::map<int, std::thread::id> threads;
        std::atomic<long long> steps[2] = {0, 0};
        std::atomic<bool> sameThread{true}, finished{true};
        auto note = [&](int run, const std::string& what) {
            std::lock_guard lock(mutex);
            calls[run].push_back(what);
            if (!threads.count(run))
                threads[run] = std::this_thread::get_id();
            if (threads[run] != std::this_thread::get_id())
                sameThread = false;
        };
        TwinHooks hooks;
        hooks.sideBySide = true;
        hooks.beforeTraining = [&](int run, TrainedNetwork&) { note(run, "before"); };
        hooks.callbacks = [&](int run) {
            TrainCallbacks cb;
            cb.onStep = [&, run](const StepReport&, Network&) {
                ++steps[run];
                // Side by side: neither run gets more than a few steps ahead of the other.
                const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
                while (steps[run] > steps[1 - run] + 2 && std::chrono::steady_clock::now() < until)
                    std::this_thread::yield();
            };
            cb.onEpoch = [&, run](const EpochReport&, Network&) { note(run, "epoch"); };
            return cb;
        };
        hooks.afterTraining = [&](int run, TrainedNetwork& t) {
            if (t.result.status != TrainResult::Status::Finished)
                finished = false;
            note(run, "after");
        };
        const std::vector<std::exception_ptr> errors = trainPrepared(nets, data, shortConfig(), {}, hooks);
        QCOMPARE(int(errors.size()), 2);
        QVERIFY(!errors[0] && !errors[1]);
        const std::vector<std::string> expected{"before", "epoch", "epoch", "after"};
        QCOMPARE(calls[0], expected);
        QCOMPARE(calls[1], expected);
        QVERIFY(sameThread.load());
        QVERIFY(finished.load());
        QVERIFY(threads[0] != threads[1]);
        QCOMPARE(steps[0].load(), steps[1].load());   // the same batches, the same count
        QCOMPARE(steps[0].load(), 2 * stepsPerEpoch(data.train.size(), shortConfig()));
    }

    void aFailingRunDoesNotStopItsTwin() {
        const Dataset data = spiral();
        std::vector<TrainedNetwork> nets = prepareNetworks(twins(), data, shortConfig());
        TwinHooks hooks;
        hooks.beforeTraining = [](int run, TrainedNetwork&) {
            if (run == 0)
                throw std::runtime_error("run 0 cannot start");
        };
        const std::vector<std::exception_ptr> errors = trainPrepared(nets, data, shortConfig(), {}, hooks);
        QVERIFY(errors[0]);
        QVERIFY(!errors[1]);
        QCOMPARE(int(nets[1].result.history.size()), 2);
        QVERIFY(nets[0].result.history.empty());
    }

    void stepsPerEpochDropsALoneLastSample() {
        TrainConfig c;
        c.batchSize = 100;
        QCOMPARE(stepsPerEpoch(1000, c), 10LL);
        QCOMPARE(stepsPerEpoch(1050, c), 11LL);
        QCOMPARE(stepsPerEpoch(1001, c), 10LL);   // a batch of one cannot be batch-normalised
        QCOMPARE(stepsPerEpoch(60, c), 1LL);      // one batch of every sample
        QCOMPARE(stepsPerEpoch(1, c), 0LL);
        c.maxStepsPerEpoch = 4;
        QCOMPARE(stepsPerEpoch(1000, c), 4LL);
    }
};

QTEST_APPLESS_MAIN(TestTwinTraining)
#include "test_twin_training.moc"
