// ui/results/job_runner.h: every background job of the window runs here: training, the depth
// sweep, the lesion study, the path-length analysis, the data preview, and whatever comes next.
// A job has a kind ("sweep", "lesion", ...) and runs in that kind's own thread, so jobs of one
// kind never overlap and jobs of different kinds run side by side. Starting a job of a kind
// asks the kind's running job to stop, and from then on whatever the old job still delivers is
// discarded: a replaced job can never draw over a newer one (the stale-result guard).
//
// A job is a function run in the worker thread, given a JobContext. It reads nothing of the
// window: its inputs are copies captured by value. It answers through the context: progress
// (for progress bars) and deliver() (a function run in the GUI thread, typically one that puts
// a result into the Results model). Exceptions end the job as Failed with their message. A job
// belongs to a context object (as a connection does): when the context is destroyed the job is
// asked to stop and nothing it delivers runs any more.
//
// Adding a job kind (see ui/jobs/ for examples):
//   1. a file in ui/jobs/ with the kind's name (`inline constexpr char kLandscapeJob[] = ...`),
//      a request struct of plain values and `int startLandscape(JobRunner&, Results&, request)`;
//   2. its work calls the core experiment with ctx.stopToken(), reports ctx.progress() and
//      delivers the result into Results (one setter and one signal there per result kind);
//   3. the view observes Results for the result and its kind's jobs (watch(), or a JobIndicator
//      for its Run/Cancel buttons and progress bar: ui/views/job_indicator.h), and draws. It
//      keeps no thread and no result of its own.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stop_token>

namespace ui {

// What a job has done so far, for a progress bar and its label.
struct JobProgress {
    QString phase;          // "Training the plain and the residual twin"
    int done = 0;
    int total = 0;          // 0: unknown
    int running = 0;        // parts in progress at once (a sweep's runs), when it matters
    double eta = -1;        // estimated seconds left, or -1
};

// How a job ended.
struct JobOutcome {
    enum class Status { Finished, Cancelled, Failed };
    Status status = Status::Finished;
    QString error;          // Failed: the message
};

class JobRunner;

// A job's side of the runner, valid while its work function runs (any thread may use it).
class JobContext {
public:
    std::stop_token stopToken() const { return m_stop; }
    bool stopRequested() const { return m_stop.stop_requested(); }
    int job() const { return m_job; }
    // Queued to the GUI thread as JobRunner::progress(kind, job, progress).
    void progress(const JobProgress& progress) const;
    void progress(const QString& phase, int done, int total) const { progress(JobProgress{phase, done, total}); }
    // Runs `deliver` in the GUI thread, after what was delivered before, unless the job's
    // context is gone or a newer job of this kind has been started meanwhile. Capture values
    // (and the context) only: the function runs when the job may have ended.
    void deliver(std::function<void()> deliver) const;

private:
    friend class JobRunner;
    struct Task;
    JobContext(JobRunner* runner, std::shared_ptr<Task> task);
    JobRunner* m_runner;
    std::shared_ptr<Task> m_task;
    int m_job;
    std::stop_token m_stop;
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    using Work = std::function<void(JobContext&)>;
    enum class Policy {
        Replace,   // the kind's earlier jobs are asked to stop and their deliveries are discarded
        Queue,     // runs after the kind's earlier jobs, as a follow-up; replaces nothing
    };

    explicit JobRunner(QObject* parent = nullptr);
    // shutdown(): no thread is left running.
    ~JobRunner() override;

    // GUI thread. Starts `work` as a job of `kind` for `context` (emits started() at once) and
    // returns its number (> 0), or 0 after shutdown(). The job runs in the kind's thread once
    // the kind's earlier jobs have returned; a job whose stop was requested before it began
    // does not run (Cancelled).
    int start(const QString& kind, QObject* context, Work work, Policy policy = Policy::Replace);
    // Asks the kind's jobs (running and waiting) to stop; they end as Cancelled.
    void cancel(const QString& kind);
    // A job of the kind has been started and has not finished (stale jobs do not count).
    bool isRunning(const QString& kind) const;
    // The number of the kind's newest job (0 when none has been started).
    int current(const QString& kind) const;
    // Blocks until the kind's thread has nothing left to run, at most `msecs` (< 0: no limit).
    // Deliveries wait meanwhile. True when it is idle.
    bool wait(const QString& kind, int msecs = -1);
    // Stops every job and joins every thread; the runner starts nothing afterwards.
    void shutdown();

    // Calls the handlers (any may be empty) for the jobs of `kind` only, while `receiver` lives:
    // how a view follows its job.
    void watch(const QString& kind, QObject* receiver, std::function<void()> onStarted,
               std::function<void(const JobProgress&)> onProgress, std::function<void(const JobOutcome&)> onFinished);

signals:
    void started(const QString& kind, int job);
    void progress(const QString& kind, int job, const ui::JobProgress& progress);
    // Once per job, after everything it delivered (not for jobs replaced meanwhile).
    void finished(const QString& kind, int job, const ui::JobOutcome& outcome);

private:
    friend class JobContext;
    struct Lane;
    using Task = JobContext::Task;
    struct KindState {
        int generation = 0;
        std::set<int> unfinished;   // jobs of the current generation
        int newest = 0;
    };
    Lane& lane(const QString& kind);
    void runLane(Lane& lane);
    bool live(const Task& task) const;   // GUI thread: its context lives and it is not stale
    void onTaskDone(const std::shared_ptr<Task>& task, const JobOutcome& outcome);

    std::map<QString, std::unique_ptr<Lane>> m_lanes;
    std::map<QString, KindState> m_kinds;   // GUI thread only
    int m_nextJob = 0;
    bool m_shutDown = false;
};

}  // namespace ui

Q_DECLARE_METATYPE(ui::JobProgress)
Q_DECLARE_METATYPE(ui::JobOutcome)
