// tests/ui/test_run_control.cpp: how the window steers the training threads. Twins advance in
// lockstep (a run never goes past a step its twin has not done, and a run that has returned
// holds nobody back); the speed limit spaces the steps (checked as a lower bound on the time,
// which a loaded machine can only make longer); Step is not held back by the speed limit, and
// Stop wakes a run that waits for either.
#include "ui/training/run_control.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

class TestRunControl : public QObject {
    Q_OBJECT
private slots:
    void twinsAdvanceInLockstep() {
        ui::RunControl control(false, 2);
        constexpr int kSteps = 40;
        std::atomic<int> aheadOfTwin{0};
        // Run 0 is fast; run 1 takes a millisecond per batch. Each time run 0 may go on, its
        // twin has done at least as many steps.
        std::thread fast([&] {
            for (int i = 0; i < kSteps; ++i) {
                control.checkpoint(0, true, {});
                if (control.stepsDone(1) < control.stepsDone(0))
                    ++aheadOfTwin;
            }
            control.leave(0);
        });
        std::thread slow([&] {
            for (int i = 0; i < kSteps; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                control.checkpoint(1, false, {});
            }
            control.leave(1);
        });
        fast.join();
        slow.join();
        QCOMPARE(aheadOfTwin.load(), 0);
        QCOMPARE(control.stepsDone(0), std::uint64_t(kSteps));
        QCOMPARE(control.stepsDone(1), std::uint64_t(kSteps));
    }

    void twinsPauseAtTheSameStep() {
        ui::RunControl control(false, 2);
        std::atomic<bool> paused{false};
        auto run = [&](int index, int msPerBatch) {
            while (!control.stopRequested()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(msPerBatch));
                control.checkpoint(index, index == 0, [&] { paused = true; });
            }
        };
        std::thread fast(run, 0, 0), slow(run, 1, 3);
        QTRY_VERIFY_WITH_TIMEOUT(control.stepsDone(1) >= 5, 10000);
        control.pause();
        QTRY_VERIFY_WITH_TIMEOUT(paused.load(), 10000);
        QTest::qWait(50);
        QCOMPARE(control.stepsDone(0), control.stepsDone(1));
        const std::uint64_t at = control.stepsDone(0);
        control.step();
        QTRY_COMPARE_WITH_TIMEOUT(control.stepsDone(1), at + 1, 10000);
        QTest::qWait(50);
        QCOMPARE(control.stepsDone(0), at + 1);
        control.requestStop();
        fast.join();
        slow.join();
    }

    // The time a run waits while paused is counted, so a run's training time can leave it out.
    // (A lower bound: a loaded machine only makes the wait longer.)
    void timeSpentPausedIsCounted() {
        ui::RunControl control(true, 1);   // paused from the start
        QCOMPARE(control.pausedSeconds(0), 0.0);
        std::thread run([&] {
            while (!control.stopRequested())
                control.checkpoint(0, true, {});
        });
        QTest::qWait(300);
        control.resume();
        QTRY_VERIFY_WITH_TIMEOUT(control.stepsDone(0) >= 3, 10000);
        const double paused = control.pausedSeconds(0);
        QVERIFY2(paused >= 0.25, qPrintable(QString::number(paused)));
        control.requestStop();
        run.join();
    }

    void aRunThatReturnedHoldsNobodyBack() {
        ui::RunControl control(false, 2);
        std::thread twin([&] {
            control.checkpoint(1, false, {});
            control.leave(1);   // diverged or failed after one step
        });
        for (int i = 0; i < 10; ++i)
            control.checkpoint(0, true, {});   // would block for ever if it waited for run 1
        twin.join();
        QCOMPARE(control.stepsDone(0), std::uint64_t(10));
        QCOMPARE(control.stepsDone(1), std::uint64_t(1));
    }

    void speedLimitSpacesTheSteps() {
        ui::RunControl control(false, 1);
        control.setStepsPerSecond(50);
        const auto start = Clock::now();
        for (int i = 0; i < 11; ++i)
            control.checkpoint(0, true, {});
        // The first checkpoint starts the clock; ten more steps at 50 a second take 0.2 s.
        QVERIFY2(secondsSince(start) >= 0.19, qPrintable(QString::number(secondsSince(start))));
    }

    void fullSpeedDoesNotWait() {
        ui::RunControl control(false, 1);
        control.setStepsPerSecond(0.01);
        control.setStepsPerSecond(0);   // back to full speed
        for (int i = 0; i < 1000; ++i)
            control.checkpoint(0, true, {});   // with any limit left this would take hours
        QCOMPARE(control.stepsDone(0), std::uint64_t(1000));
    }

    void stepIsNotHeldBackByTheSpeedLimit() {
        ui::RunControl control(true, 1);
        control.setStepsPerSecond(0.01);   // one step every 100 s
        std::atomic<int> passed{0};
        std::thread run([&] {
            while (!control.stopRequested()) {
                control.checkpoint(0, true, {});
                if (!control.stopRequested())
                    ++passed;
            }
        });
        for (int k = 1; k <= 3; ++k) {
            control.step();
            QTRY_COMPARE_WITH_TIMEOUT(passed.load(), k, 10000);
        }
        control.resume();   // the first step goes at once, the next one is 100 s away
        QTRY_COMPARE_WITH_TIMEOUT(passed.load(), 4, 10000);
        QTest::qWait(200);
        QCOMPARE(passed.load(), 4);
        control.requestStop();   // wakes the run waiting for the speed limit
        run.join();
        QCOMPARE(passed.load(), 4);
    }

    void changingTheSpeedAppliesAtOnce() {
        ui::RunControl control(false, 1);
        control.setStepsPerSecond(0.01);
        std::atomic<int> passed{0};
        std::thread run([&] {
            for (int i = 0; i < 5 && !control.stopRequested(); ++i) {
                control.checkpoint(0, true, {});
                ++passed;
            }
        });
        QTRY_COMPARE_WITH_TIMEOUT(passed.load(), 1, 10000);   // then waits 100 s for the next
        control.setStepsPerSecond(0);
        QTRY_COMPARE_WITH_TIMEOUT(passed.load(), 5, 10000);
        run.join();
    }
};

QTEST_GUILESS_MAIN(TestRunControl)
#include "test_run_control.moc"
