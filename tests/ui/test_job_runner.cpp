// tests/ui/test_job_runner.cpp: the one runner of every background job. A job runs in its
// kind's thread and reports started, progress and how it ended (finished, cancelled, failed
// with its message); cancel stops it; a newer job of the same kind discards whatever the
// older one still delivers, and jobs of one kind never overlap while other kinds run beside
// them; a job whose context is destroyed delivers nothing; shutdown leaves no thread behind.
#include "ui/results/job_runner.h"

#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

using ui::JobContext;
using ui::JobOutcome;
using ui::JobRunner;

namespace {

// Spins until stopped (or `limit`), a few milliseconds per "batch".
void busyUntilStopped(JobContext& ctx, std::chrono::seconds limit = std::chrono::seconds(30)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!ctx.stopRequested() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

JobOutcome::Status statusOf(const QSignalSpy& finished, int index) {
    return finished.at(index).at(2).value<JobOutcome>().status;
}

}  // namespace

class TestJobRunner : public QObject {
    Q_OBJECT
private slots:
    void runsReportsAndDelivers() {
        JobRunner jobs;
        QObject context;
        QSignalSpy started(&jobs, &JobRunner::started);
        QSignalSpy progress(&jobs, &JobRunner::progress);
        QSignalSpy finished(&jobs, &JobRunner::finished);
        std::atomic<std::thread::id> worker;
        int delivered = 0;
        const int job = jobs.start("count", &context, [&](JobContext& ctx) {
            worker = std::this_thread::get_id();
            for (int i = 1; i <= 3; ++i)
                ctx.progress("counting", i, 3);
            ctx.deliver([&delivered] { delivered = 42; });
        });
        QVERIFY(job > 0);
        QCOMPARE(started.size(), 1);   // at once, in the GUI thread
        QCOMPARE(started.at(0).at(1).toInt(), job);
        QVERIFY(jobs.isRunning("count"));
        QCOMPARE(jobs.current("count"), job);
        QVERIFY(finished.wait(5000));
        QVERIFY(worker.load() != std::this_thread::get_id());
        QCOMPARE(progress.size(), 3);
        const auto last = progress.last().at(2).value<ui::JobProgress>();
        QCOMPARE(last.phase, QStringLiteral("counting"));
        QCOMPARE(last.done, 3);
        QCOMPARE(last.total, 3);
        QCOMPARE(delivered, 42);   // before finished: deliveries come first
        QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("count"));
        QCOMPARE(finished.at(0).at(1).toInt(), job);
        QCOMPARE(statusOf(finished, 0), JobOutcome::Status::Finished);
        QVERIFY(!jobs.isRunning("count"));
    }

    void failuresAreReportedWithTheirMessage() {
        JobRunner jobs;
        QSignalSpy finished(&jobs, &JobRunner::finished);
        jobs.start("fails", nullptr, [](JobContext&) { throw std::runtime_error("the data file is truncated"); });
        QVERIFY(finished.wait(5000));
        QCOMPARE(statusOf(finished, 0), JobOutcome::Status::Failed);
        QCOMPARE(finished.at(0).at(2).value<JobOutcome>().error, QStringLiteral("the data file is truncated"));
        // The kind's thread lives on: the next job runs.
        jobs.start("fails", nullptr, [](JobContext&) {});
        QVERIFY(finished.wait(5000));
        QCOMPARE(statusOf(finished, 1), JobOutcome::Status::Finished);
    }

    void cancelStopsTheJob() {
        JobRunner jobs;
        QSignalSpy finished(&jobs, &JobRunner::finished);
        std::atomic<bool> running{false};
        jobs.start("long", nullptr, [&](JobContext& ctx) {
            running = true;
            busyUntilStopped(ctx);
        });
        QTRY_VERIFY_WITH_TIMEOUT(running.load(), 5000);
        jobs.cancel("long");
        QVERIFY(finished.wait(5000));
        QCOMPARE(statusOf(finished, 0), JobOutcome::Status::Cancelled);
        QVERIFY(!jobs.isRunning("long"));
    }

    void aNewerJobDiscardsTheStaleOne() {
        JobRunner jobs;
        QObject context;
        QSignalSpy finished(&jobs, &JobRunner::finished);
        QSignalSpy progress(&jobs, &JobRunner::progress);
        std::atomic<bool> firstRunning{false}, overlap{false}, inFirst{false};
        QStringList delivered;
        const int first = jobs.start("study", &context, [&](JobContext& ctx) {
            inFirst = true;
            firstRunning = true;
            busyUntilStopped(ctx);
            // Stopped by the newer job: what it still sends is stale.
            ctx.progress("old", 1, 1);
            ctx.deliver([&delivered] { delivered << "old"; });
            inFirst = false;
        });
        QTRY_VERIFY_WITH_TIMEOUT(firstRunning.load(), 5000);
        const int second = jobs.start("study", &context, [&](JobContext& ctx) {
            overlap = inFirst.load();   // one kind, one thread: the old job has returned
            ctx.deliver([&delivered] { delivered << "new"; });
        });
        QVERIFY(second > first);
        QCOMPARE(jobs.current("study"), second);
        QVERIFY(finished.wait(5000));
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);   // only the newer job reports
        QCOMPARE(finished.at(0).at(1).toInt(), second);
        QCOMPARE(delivered, QStringList{"new"});
        QVERIFY(progress.isEmpty());
        QVERIFY(!overlap.load());
    }

    void kindsRunSideBySide() {
        JobRunner jobs;
        QSignalSpy finished(&jobs, &JobRunner::finished);
        std::atomic<bool> aRunning{false}, bSawA{false};
        jobs.start("a", nullptr, [&](JobContext& ctx) {
            aRunning = true;
            busyUntilStopped(ctx);
        });
        QTRY_VERIFY_WITH_TIMEOUT(aRunning.load(), 5000);
        jobs.start("b", nullptr, [&](JobContext&) { bSawA = aRunning.load(); });
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("b"));
        QVERIFY(bSawA.load());
        jobs.cancel("a");
        QVERIFY(finished.wait(5000));
    }

    void aQueuedJobFollowsWithoutReplacing() {
        JobRunner jobs;
        QObject context;
        QSignalSpy finished(&jobs, &JobRunner::finished);
        std::atomic<int> order{0};
        int firstAt = 0, followAt = 0;
        QStringList delivered;
        jobs.start("session", &context, [&](JobContext& ctx) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            firstAt = ++order;
            ctx.deliver([&delivered] { delivered << "session"; });
        });
        jobs.start(
            "session", &context,
            [&](JobContext& ctx) {
                followAt = ++order;
                ctx.deliver([&delivered] { delivered << "follow-up"; });
            },
            JobRunner::Policy::Queue);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
        QCOMPARE(firstAt, 1);
        QCOMPARE(followAt, 2);
        QCOMPARE(delivered, (QStringList{"session", "follow-up"}));
        QCOMPARE(statusOf(finished, 0), JobOutcome::Status::Finished);
    }

    void aGoneContextGetsNothing() {
        JobRunner jobs;
        QSignalSpy finished(&jobs, &JobRunner::finished);
        auto* context = new QObject;
        std::atomic<bool> running{false};
        bool delivered = false;
        jobs.start("view", context, [&](JobContext& ctx) {
            running = true;
            busyUntilStopped(ctx);   // the context's end stops the job
            ctx.deliver([&delivered] { delivered = true; });
        });
        QTRY_VERIFY_WITH_TIMEOUT(running.load(), 5000);
        delete context;
        QVERIFY(jobs.wait("view", 5000));
        QTest::qWait(50);
        QVERIFY(!delivered);
        QVERIFY(finished.isEmpty());
        QVERIFY(!jobs.isRunning("view"));
    }

    void shutdownLeavesNoThreadBehind() {
        std::atomic<int> alive{0};
        auto* jobs = new JobRunner;
        for (const char* kind : {"training", "sweep", "lesion"})
            jobs->start(kind, nullptr, [&](JobContext& ctx) {
                ++alive;
                busyUntilStopped(ctx);
                --alive;
            });
        QTRY_COMPARE_WITH_TIMEOUT(alive.load(), 3, 5000);
        jobs->shutdown();   // returns once every thread has been joined
        QCOMPARE(alive.load(), 0);
        QCOMPARE(jobs->start("training", nullptr, [](JobContext&) {}), 0);   // starts nothing now
        delete jobs;
    }
};

QTEST_MAIN(TestJobRunner)
#include "test_job_runner.moc"
