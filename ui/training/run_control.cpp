#include "ui/training/run_control.h"

#include <algorithm>

namespace ui {

RunControl::RunControl(bool startPaused, int runs) : m_paused(startPaused) {
    for (int i = 0; i < std::clamp(runs, 1, kMaxRuns); ++i)
        m_training[std::size_t(i)] = true;
}

void RunControl::requestStop() {
    m_stop.request_stop();
    std::lock_guard lock(m_mutex);
    m_wake.notify_all();
}

void RunControl::pause() {
    std::lock_guard lock(m_mutex);
    m_paused = true;
    // Step presses from before this pause must not let a run through.
    m_used.fill(m_stepTickets);
}

void RunControl::resume() {
    std::lock_guard lock(m_mutex);
    m_paused = false;
    restartPace();   // the time spent paused is not owed to the speed limit
    m_wake.notify_all();
}

void RunControl::step() {
    std::lock_guard lock(m_mutex);
    if (!m_paused)
        return;
    ++m_stepTickets;
    m_wake.notify_all();
}

bool RunControl::paused() const {
    std::lock_guard lock(m_mutex);
    return m_paused;
}

void RunControl::setStepsPerSecond(double rate) {
    std::lock_guard lock(m_mutex);
    m_rate = rate > 0.0 ? rate : 0.0;
    restartPace();
    m_wake.notify_all();
}

double RunControl::stepsPerSecond() const {
    std::lock_guard lock(m_mutex);
    return m_rate;
}

void RunControl::leave(int run) {
    std::lock_guard lock(m_mutex);
    m_training[std::size_t(run)] = false;
    m_wake.notify_all();
}

std::uint64_t RunControl::stepsDone(int run) const {
    std::lock_guard lock(m_mutex);
    return m_done[std::size_t(run)];
}

double RunControl::pausedSeconds(int run) const {
    std::lock_guard lock(m_mutex);
    return m_pausedSeconds[std::size_t(run)];
}

void RunControl::post(std::function<void()> job) {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(job));
    m_hasJobs.store(true, std::memory_order_release);
    m_wake.notify_all();
}

void RunControl::drain() {
    std::unique_lock lock(m_mutex);
    while (!m_jobs.empty()) {
        std::function<void()> job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_hasJobs.store(!m_jobs.empty(), std::memory_order_release);
        lock.unlock();
        job();
        lock.lock();
    }
}

bool RunControl::othersCaughtUp(int run) const {
    for (int j = 0; j < kMaxRuns; ++j)
        if (j != run && m_training[std::size_t(j)] && m_done[std::size_t(j)] < m_done[std::size_t(run)])
            return false;
    return true;
}

bool RunControl::behindOthers(int run) const {
    for (int j = 0; j < kMaxRuns; ++j)
        if (j != run && m_training[std::size_t(j)] && m_done[std::size_t(j)] > m_done[std::size_t(run)])
            return true;
    return false;
}

void RunControl::restartPace() {
    m_paceStart = Clock::now();
    m_paceBase = *std::max_element(m_done.begin(), m_done.end());
}

RunControl::Clock::time_point RunControl::dueTime(int run) const {
    if (m_rate <= 0.0)
        return m_paceStart;
    const double steps = double(m_done[std::size_t(run)]) - double(m_paceBase);
    return m_paceStart + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(steps / m_rate));
}

bool RunControl::checkpoint(int run, bool serviceJobs, const std::function<void()>& onPause) {
    const std::stop_token stop = m_stop.get_token();
    std::unique_lock lock(m_mutex);
    const std::size_t r = std::size_t(run);
    if (m_done[r]++ == 0 && std::all_of(m_done.begin(), m_done.end(), [](std::uint64_t d) { return d <= 1; }))
        restartPace();   // the speed limit counts from the first checkpoint, not from loading the data
    m_wake.notify_all();   // a run waiting for this one to catch up
    bool waited = false, granted = false;
    auto jobsWaiting = [&] { return serviceJobs && !m_jobs.empty(); };
    for (;;) {
        if (stop.stop_requested())
            return waited || granted;
        if (jobsWaiting()) {
            lock.unlock();
            drain();
            lock.lock();
            continue;
        }
        bool catchingUp = false;
        if (m_paused && !granted) {
            if (m_used[r] < m_stepTickets) {   // a Step lets this run through once
                ++m_used[r];
                granted = true;
                continue;
            }
            // Paused: a run behind its twin still catches up, so both wait at the same step.
            catchingUp = behindOthers(run);
            if (!catchingUp) {
                if (!waited) {
                    waited = true;
                    if (onPause) {
                        lock.unlock();
                        onPause();
                        lock.lock();
                    }
                    continue;
                }
                const Clock::time_point since = Clock::now();
                m_wake.wait(lock, stop, [&] {
                    return !m_paused || m_used[r] < m_stepTickets || jobsWaiting() || behindOthers(run);
                });
                m_pausedSeconds[r] += std::chrono::duration<double>(Clock::now() - since).count();
                continue;
            }
        }
        // Lockstep: the twin that is ahead waits, so both show the same step.
        if (!othersCaughtUp(run)) {
            m_wake.wait(lock, stop, [&] { return othersCaughtUp(run) || jobsWaiting(); });
            continue;
        }
        if (m_rate > 0.0 && !granted && !catchingUp) {
            const Clock::time_point due = dueTime(run);
            if (Clock::now() < due) {
                m_wake.wait_until(lock, stop, due, [&] { return jobsWaiting() || m_paused || dueTime(run) != due; });
                continue;
            }
        }
        return waited || granted;
    }
}

}  // namespace ui
