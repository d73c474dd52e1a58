#include "ui/results/job_runner.h"

#include "ui/results/thread_priority.h"

#include <QMetaObject>
#include <QPointer>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <new>
#include <thread>

namespace ui {

// One job. The work and the stop source are shared with the lane's thread; everything else is
// read in the GUI thread only.
struct JobContext::Task {
    QString kind;
    int job = 0;
    int generation = 0;
    JobRunner::Work work;
    std::stop_source stop;
    bool hasContext = false;
    QPointer<QObject> context;
    QMetaObject::Connection contextGone;
};

// The thread of one kind and the jobs waiting for it.
struct JobRunner::Lane {
    std::mutex mutex;
    std::condition_variable wake;   // a job was queued, or quit
    std::condition_variable idle;   // nothing is queued or running
    std::deque<std::shared_ptr<Task>> queue;
    std::shared_ptr<Task> running;
    bool quit = false;
    std::thread thread;
};

JobContext::JobContext(JobRunner* runner, std::shared_ptr<Task> task)
    : m_runner(runner), m_task(std::move(task)), m_job(m_task->job), m_stop(m_task->stop.get_token()) {}

void JobContext::progress(const JobProgress& progress) const {
    JobRunner* runner = m_runner;
    QMetaObject::invokeMethod(
        runner,
        [runner, task = m_task, progress] {
            if (runner->live(*task))
                emit runner->progress(task->kind, task->job, progress);
        },
        Qt::QueuedConnection);
}

void JobContext::deliver(std::function<void()> deliver) const {
    JobRunner* runner = m_runner;
    QMetaObject::invokeMethod(
        runner,
        [runner, task = m_task, deliver = std::move(deliver)] {
            if (runner->live(*task))
                deliver();
        },
        Qt::QueuedConnection);
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ui::JobProgress>();
    qRegisterMetaType<ui::JobOutcome>();
}

JobRunner::~JobRunner() { shutdown(); }

JobRunner::Lane& JobRunner::lane(const QString& kind) {
    std::unique_ptr<Lane>& lane = m_lanes[kind];
    if (!lane) {
        lane = std::make_unique<Lane>();
        lane->thread = std::thread([this, l = lane.get()] { runLane(*l); });
    }
    return *lane;
}

void JobRunner::runLane(Lane& lane) {
    lowerThreadPriority();   // background work yields to the window
    for (;;) {
        std::shared_ptr<Task> task;
        {
            std::unique_lock lock(lane.mutex);
            lane.wake.wait(lock, [&] { return lane.quit || !lane.queue.empty(); });
            if (lane.queue.empty())
                return;   // quit, and nothing left to report
            task = lane.queue.front();
            lane.queue.pop_front();
            lane.running = task;
        }
        JobOutcome outcome;
        if (task->stop.stop_requested()) {
            outcome.status = JobOutcome::Status::Cancelled;
        } else {
            JobContext context(this, task);
            try {
                task->work(context);
                outcome.status = context.stopRequested() ? JobOutcome::Status::Cancelled : JobOutcome::Status::Finished;
            } catch (const std::bad_alloc&) {
                outcome = {JobOutcome::Status::Failed, tr("out of memory")};
            } catch (const std::exception& e) {
                outcome = {JobOutcome::Status::Failed, QString::fromStdString(e.what())};
            } catch (...) {
                outcome = {JobOutcome::Status::Failed, tr("unknown error")};
            }
        }
        task->work = nullptr;   // what the work captured is released in this thread, now
        QMetaObject::invokeMethod(
            this, [this, task, outcome] { onTaskDone(task, outcome); }, Qt::QueuedConnection);
        std::lock_guard lock(lane.mutex);
        lane.running.reset();
        if (lane.queue.empty())
            lane.idle.notify_all();
    }
}

int JobRunner::start(const QString& kind, QObject* context, Work work, Policy policy) {
    if (m_shutDown)
        return 0;
    KindState& state = m_kinds[kind];
    if (policy == Policy::Replace) {
        ++state.generation;
        state.unfinished.clear();   // what the older jobs still send is stale from now on
    }
    auto task = std::make_shared<Task>();
    task->kind = kind;
    task->job = ++m_nextJob;
    task->generation = state.generation;
    task->work = std::move(work);
    task->hasContext = context != nullptr;
    task->context = context;
    if (context)
        task->contextGone = connect(context, &QObject::destroyed, this, [task] { task->stop.request_stop(); });
    state.unfinished.insert(task->job);
    state.newest = task->job;
    Lane& l = lane(kind);
    {
        std::lock_guard lock(l.mutex);
        if (policy == Policy::Replace) {
            for (const std::shared_ptr<Task>& t : l.queue)
                t->stop.request_stop();
            if (l.running)
                l.running->stop.request_stop();
        }
        l.queue.push_back(task);
        l.wake.notify_one();
    }
    emit started(kind, task->job);
    return task->job;
}

void JobRunner::cancel(const QString& kind) {
    auto it = m_lanes.find(kind);
    if (it == m_lanes.end())
        return;
    Lane& l = *it->second;
    std::lock_guard lock(l.mutex);
    for (const std::shared_ptr<Task>& t : l.queue)
        t->stop.request_stop();
    if (l.running)
        l.running->stop.request_stop();
}

bool JobRunner::isRunning(const QString& kind) const {
    const auto it = m_kinds.find(kind);
    return it != m_kinds.end() && !it->second.unfinished.empty();
}

int JobRunner::current(const QString& kind) const {
    const auto it = m_kinds.find(kind);
    return it == m_kinds.end() ? 0 : it->second.newest;
}

bool JobRunner::wait(const QString& kind, int msecs) {
    auto it = m_lanes.find(kind);
    if (it == m_lanes.end())
        return true;
    Lane& l = *it->second;
    std::unique_lock lock(l.mutex);
    auto idle = [&] { return l.queue.empty() && !l.running; };
    if (msecs < 0) {
        l.idle.wait(lock, idle);
        return true;
    }
    return l.idle.wait_for(lock, std::chrono::milliseconds(msecs), idle);
}

void JobRunner::shutdown() {
    m_shutDown = true;
    for (auto& [kind, l] : m_lanes) {
        std::lock_guard lock(l->mutex);
        l->quit = true;
        for (const std::shared_ptr<Task>& t : l->queue)
            t->stop.request_stop();
        if (l->running)
            l->running->stop.request_stop();
        l->wake.notify_all();
    }
    for (auto& [kind, l] : m_lanes)
        if (l->thread.joinable())
            l->thread.join();
}

void JobRunner::watch(const QString& kind, QObject* receiver, std::function<void()> onStarted,
                      std::function<void(const JobProgress&)> onProgress,
                      std::function<void(const JobOutcome&)> onFinished) {
    if (onStarted)
        connect(this, &JobRunner::started, receiver, [kind, onStarted](const QString& k) {
            if (k == kind)
                onStarted();
        });
    if (onProgress)
        connect(this, &JobRunner::progress, receiver, [kind, onProgress](const QString& k, int, const JobProgress& p) {
            if (k == kind)
                onProgress(p);
        });
    if (onFinished)
        connect(this, &JobRunner::finished, receiver, [kind, onFinished](const QString& k, int, const JobOutcome& o) {
            if (k == kind)
                onFinished(o);
        });
}

bool JobRunner::live(const Task& task) const {
    if (task.hasContext && !task.context)
        return false;
    const auto it = m_kinds.find(task.kind);
    return it != m_kinds.end() && it->second.generation == task.generation;
}

void JobRunner::onTaskDone(const std::shared_ptr<Task>& task, const JobOutcome& outcome) {
    disconnect(task->contextGone);
    KindState& state = m_kinds[task->kind];
    const bool current = live(*task);
    state.unfinished.erase(task->job);
    if (current)
        emit finished(task->kind, task->job, outcome);
}

}  // namespace ui
