#include "ui/training/run_control.h"

namespace ui {

RunControl::RunControl(bool startPaused) : m_paused(startPaused) {}

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

bool RunControl::checkpoint(int run, bool serviceJobs, const std::function<void()>& onPause) {
    const std::stop_token stop = m_stop.get_token();
    std::unique_lock lock(m_mutex);
    bool waited = false;
    for (;;) {
        if (stop.stop_requested())
            return waited;
        if (serviceJobs && !m_jobs.empty()) {
            lock.unlock();
            drain();
            lock.lock();
            continue;
        }
        if (!m_paused)
            return waited;
        if (m_used[std::size_t(run)] < m_stepTickets) {
            ++m_used[std::size_t(run)];
            return true;
        }
        if (!waited) {
            waited = true;
            if (onPause) {
                lock.unlock();
                onPause();
                lock.lock();
            }
            continue;
        }
        m_wake.wait(lock, stop, [&] {
            return !m_paused || m_used[std::size_t(run)] < m_stepTickets || (serviceJobs && !m_jobs.empty());
        });
    }
}

}  // namespace ui
