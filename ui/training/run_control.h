// ui/training/run_control.h: how the window steers the training threads of one session while
// core::train (synchronous) runs: stop, pause, resume, step one batch, and jobs that must run
// in the main run's thread between two batches (the identity demo). The training threads call
// checkpoint() from their onStep callback; it returns at once while running and blocks while
// paused, still honouring the stop token. No Qt: shared by a QThread and a std::jthread.
#pragma once

#include <array>
#include <atomic>
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

    explicit RunControl(bool startPaused = false);

    std::stop_token stopToken() const { return m_stop.get_token(); }
    bool stopRequested() const { return m_stop.stop_requested(); }
    // Any thread. Wakes every waiting run; core::train returns before its next batch.
    void requestStop();

    void pause();
    void resume();
    // While paused: every run does one more batch and waits again.
    void step();
    bool paused() const;

    // Any thread: queue a job for the main run's thread (run 0), done at its next checkpoint
    // (within one batch, also while paused) or by drain() once training has returned.
    void post(std::function<void()> job);
    bool hasJobs() const { return m_hasJobs.load(std::memory_order_acquire); }
    // Runs the queued jobs in the calling thread.
    void drain();

    // Called by run `run` between batches. Runs queued jobs when `serviceJobs`. While paused
    // (and no step is granted) it calls onPause once, then waits for Resume, Step or Stop.
    // Returns true when the run goes on because of a Step (or after waiting), false when it
    // simply runs.
    bool checkpoint(int run, bool serviceJobs, const std::function<void()>& onPause);

private:
    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::stop_source m_stop;
    bool m_paused;
    std::uint64_t m_stepTickets = 0;                 // Step presses since the last pause
    std::array<std::uint64_t, kMaxRuns> m_used{};    // tickets each run has consumed
    std::deque<std::function<void()>> m_jobs;
    std::atomic<bool> m_hasJobs{false};
};

}  // namespace ui
