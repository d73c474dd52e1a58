// tests/core/test_task_pool.cpp: runTasks, which spreads the loss landscape's grid points and
// the shattered-gradients networks over threads.
#include <QtTest>

#include "core/experiments/task_pool.h"

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

class TestTaskPool : public QObject {
    Q_OBJECT
private slots:
    void everyTaskRunsOnce();
    void progressComesFromTheCallingThread();
    void firstErrorIsRethrownAndStopsTheOthers();
    void stopRequestedRunsNothing();
    void threadsNeverExceedTasks();
};

void TestTaskPool::everyTaskRunsOnce() {
    for (int threads : {1, 2, 4}) {
        std::vector<std::atomic<int>> runs(100);
        std::atomic<bool> threadInRange{true};
        const int done = core::runTasks(100, threads, {}, [&](int index, int thread) {
            ++runs[std::size_t(index)];
            if (thread < 0 || thread >= threads)
                threadInRange = false;
        });
        QCOMPARE(done, 100);
        QVERIFY(threadInRange);
        for (const std::atomic<int>& r : runs)
            QCOMPARE(r.load(), 1);
    }
}

void TestTaskPool::progressComesFromTheCallingThread() {
    const std::thread::id caller = std::this_thread::get_id();
    std::vector<int> reported;
    bool onCaller = true;
    core::runTasks(20, 2, {}, [](int, int) { std::this_thread::sleep_for(std::chrono::microseconds(200)); },
                   [&](int done) {
                       onCaller &= std::this_thread::get_id() == caller;
                       reported.push_back(done);
                   });
    QVERIFY(onCaller);
    QVERIFY(!reported.empty());
    for (std::size_t i = 1; i < reported.size(); ++i)
        QVERIFY(reported[i] > reported[i - 1]);   // counts of all threads' tasks, increasing
    QVERIFY(reported.back() <= 20);
}

void TestTaskPool::firstErrorIsRethrownAndStopsTheOthers() {
    std::atomic<int> started{0};
    bool threw = false;
    try {
        core::runTasks(1000, 2, {}, [&](int index, int) {
            ++started;
            if (index == 3)
                throw std::runtime_error("task 3 failed");
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        });
    } catch (const std::runtime_error& e) {
        threw = true;
        QCOMPARE(QString(e.what()), QString("task 3 failed"));
    }
    QVERIFY(threw);
    QVERIFY(started.load() < 1000);
}

void TestTaskPool::stopRequestedRunsNothing() {
    std::stop_source source;
    source.request_stop();
    std::atomic<int> runs{0};
    QCOMPARE(core::runTasks(10, 2, source.get_token(), [&](int, int) { ++runs; }), 0);
    QCOMPARE(runs.load(), 0);
}

void TestTaskPool::threadsNeverExceedTasks() {
    QCOMPARE(core::taskThreads(8, 3), 3);
    QCOMPARE(core::taskThreads(1, 3), 1);
    QVERIFY(core::taskThreads(0, 1000) >= 1);
    QCOMPARE(core::taskThreads(0, 0), 1);
}

QTEST_APPLESS_MAIN(TestTaskPool)
#include "test_task_pool.moc"
