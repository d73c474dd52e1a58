// ui/training/training_controller.h: the window's side of training. Each session is a job of
// kind "training" on the job runner (its thread keeps the TrainingWorker and its networks
// between sessions) with one RunControl; the controller turns the buttons into stop requests,
// pause/step gates and new sessions. It is the TrainingSignals the worker's snapshots arrive
// on (those of a replaced session are dropped by the runner), and it records every session's
// runs in Results: their histories as they grow, how they ended and their trained weights.
// The window never waits for the worker, except stopAndWait() on close.
#pragma once

#include "ui/results/job_runner.h"
#include "ui/training/run_control.h"
#include "ui/training/training_request.h"
#include "ui/training/training_signals.h"

#include <memory>

namespace ui {

class Results;
class TrainingWorker;

inline constexpr char kTrainingJob[] = "training";

class TrainingController : public TrainingSignals {
    Q_OBJECT
public:
    enum class State {
        Idle,      // no training thread is busy (a finished session's network is kept)
        Running,
        Paused,    // waiting between two batches (or before the first one)
        Stopping,  // stop requested, the worker has not returned yet
    };
    Q_ENUM(State)

    TrainingController(JobRunner& jobs, Results& results, QObject* parent = nullptr);
    // Asks the session to stop; the runner ends it (within one batch).
    ~TrainingController() override;

    State state() const { return m_state; }
    // Running, Paused or Stopping: a training thread is busy.
    bool isActive() const { return m_state != State::Idle; }
    // Whether a session has run since construction (its network is kept by the worker).
    bool hasSession() const { return m_session > 0; }
    int session() const { return m_session; }
    const TrainingRequest& request() const { return m_request; }

    // A new session (stopping the current one first, without waiting): trains at once.
    void start(const TrainingRequest& request);
    // A new session that builds and initialises the networks, shows step 0 and waits,
    // then lets `steps` batches through (Reset: 0; Step from idle: 1).
    void startPaused(const TrainingRequest& request, int steps = 0);
    void pause();
    void resume();
    // Paused: one more batch for every run, then paused again.
    void step();
    // Slow motion for class: at most `rate` steps per second per run (0 = full speed). Applies
    // at once to the running session and to the next ones.
    void setStepsPerSecond(double rate);
    double stepsPerSecond() const { return m_stepsPerSecond; }
    // Requests the stop; the state becomes Idle when the worker has returned (finished()).
    void stop();
    // Requests the stop and waits at most `msecs` for the session's job to return (closing
    // the window, opening another experiment). Returns true when it did.
    bool stopAndWait(int msecs = 1000);

    // The identity demo on block index `block` of the current session's main network. The
    // answer comes as identityResult(); false when there is no session to ask.
    bool zeroBranch(int block);
    bool restoreBranch(int block);

signals:
    void stateChanged(ui::TrainingController::State state);
    // A new session: the views clear their plots. (The snapshots: see TrainingSignals.)
    void sessionStarted(int session, bool twin);
    // The session's worker has returned (finished, stopped, diverged or failed).
    void finished(int session);

private:
    void launch(const TrainingRequest& request, bool paused, int steps);
    void setState(State state);
    void recordRuns();
    // Queues an identity-demo request for the session's main network.
    bool postDemo(int block, bool zero);

    JobRunner& m_jobs;
    Results& m_results;
    std::shared_ptr<TrainingWorker> m_worker;   // used in the training job's thread only
    std::shared_ptr<RunControl> m_control;
    int m_job = 0;                               // the session's job
    TrainingRequest m_request;
    int m_session = 0;
    State m_state = State::Idle;
    double m_stepsPerSecond = 0.0;
};

}  // namespace ui
