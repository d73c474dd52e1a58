// ui/training/run_control.h: how the window steers the training threads of one session while
// core::train (synchronous) runs: stop, pause, resume, step one batch, a speed limit (steps per
// second, for a class to watch), and jobs that must run in the main run's thread between two
// batches (the identity demo). The training threads call checkpoint() from their onStep
// callback. Twins advance in lockstep: a run waits at its checkpoint until every other run
// still training has done as many steps, so side by side always means at the same step. It
// blocks while paused or ahead of the speed limit, still honouring the stop token. No Qt:
// shared by a QThread and a std::jthread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>

namespace ui {

class RunControl {
public:
    static constexpr int kMaxRuns = 2;

    // `runs`: how many runs train in lockstep (1, or 2 for twins).
    explicit RunControl(bool startPaused = false, int runs = 1);

    std::stop_token stopToken() const { return m_stop.get_token(); }
    bool stopRequested() const { return m_stop.stop_requested(); }
    // Any thread. Wakes every waiting run; core::train returns before its next batch.
    void requestStop();

    void pause();
    void resume();
    // While paused: every run does one more batch and waits again.
    void step();
    bool paused() const;
    // At most `rate` steps per second per run; 0 (or less) is full speed. Any thread, any time.
    void setStepsPerSecond(double rate);
    double stepsPerSecond() const;
    // Run `run` has returned (finished, diverged, failed): the others no longer wait for it.
    void leave(int run);
    // Checkpoints run `run` has passed (its steps, counting the one before the first batch).
    std::uint64_t stepsDone(int run) const;
    // Seconds run `run` has spent paused, waiting for Resume or Step: a run's training time
    // leaves them out ("finished in 4.1 s" after a pause of a minute).
    double pausedSeconds(int run) const;

    // Any thread: queue a job for the main run's thread (run 0), done at its next checkpoint
    // (within one batch, also while paused) or by drain() once training has returned.
    void post(std::function<void()> job);
    bool hasJobs() const { return m_hasJobs.load(std::memory_order_acquire); }
    // Runs the queued jobs in the calling thread.
    void drain();

    // Called by run `run` between batches. Runs queued jobs when `serviceJobs`. While paused
    // (and no step is granted) it calls onPause once, then waits for Resume, Step or Stop.
    // Then it waits for the other runs to catch up and for the speed limit. Returns true when
    // the run goes on because of a Step (or after waiting for Resume), false when it simply runs.
    bool checkpoint(int run, bool serviceJobs, const std::function<void()>& onPause);

private:
    using Clock = std::chrono::steady_clock;
    // Every other run still training has passed as many checkpoints as `run`.
    bool othersCaughtUp(int run) const;
    // Another run still training has passed more checkpoints than `run`.
    bool behindOthers(int run) const;
    // When run `run` may take its next step under the speed limit.
    Clock::time_point dueTime(int run) const;
    void restartPace();

    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::stop_source m_stop;
    bool m_paused;
    std::uint64_t m_stepTickets = 0;                 // Step presses since the last pause
    std::array<std::uint64_t, kMaxRuns> m_used{};    // tickets each run has consumed
    std::array<std::uint64_t, kMaxRuns> m_done{};    // checkpoints each run has passed
    std::array<bool, kMaxRuns> m_training{};         // runs that have not returned yet
    std::array<double, kMaxRuns> m_pausedSeconds{};  // time each run waited while paused
    double m_rate = 0.0;                             // steps per second, 0 = full speed
    Clock::time_point m_paceStart = Clock::now();    // the speed limit counts from here...
    std::uint64_t m_paceBase = 0;                    // ...and from this many steps
    std::deque<std::function<void()>> m_jobs;
    std::atomic<bool> m_hasJobs{false};
};

}  // namespace ui
