// ui/training/training_controller.h: the window's side of training. It owns the worker thread
// (one TrainingWorker moved onto a QThread, as in the QThread documentation) and one
// RunControl per session; it turns the buttons into stop requests, pause/step gates and new
// sessions, and forwards the worker's value snapshots, dropping those of sessions that have
// been replaced. The window never waits for the worker, except stopAndWait() on close.
#pragma once

#include "ui/training/run_control.h"
#include "ui/training/training_request.h"
#include "ui/training/training_snapshots.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace ui {

class TrainingWorker;

class TrainingController : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,      // no training thread is busy (a finished session's network is kept)
        Running,
        Paused,    // waiting between two batches (or before the first one)
        Stopping,  // stop requested, the worker has not returned yet
    };
    Q_ENUM(State)

    explicit TrainingController(QObject* parent = nullptr);
    // Stops the session and waits for the worker thread to end.
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
    // Requests the stop; the state becomes Idle when the worker has returned (finished()).
    void stop();
    // For closing the window: requests the stop and ends the worker thread, waiting at most
    // `msecs`. Returns true when the thread ended in time. The controller is inert afterwards.
    bool stopAndWait(int msecs = 1000);

    // The identity demo on block index `block` of the current session's main network. The
    // answer comes as identityResult(); false when there is no session to ask.
    bool zeroBranch(int block);
    bool restoreBranch(int block);

signals:
    void stateChanged(ui::TrainingController::State state);
    // A new session: the views clear their plots.
    void sessionStarted(int session, bool twin);
    void dataReady(const ui::DataSnapshot& data);
    void runStarted(const ui::RunStartedSnapshot& run);
    void progress(const ui::ProgressSnapshot& progress);
    void probes(const ui::ProbeSnapshot& probes);
    void decisionMap(const ui::DecisionMapSnapshot& map);
    void predictions(const ui::PredictionSnapshot& predictions);
    void runFinished(const ui::RunFinishedSnapshot& result);
    void identityResult(const ui::IdentitySnapshot& result);
    void failed(const QString& message);
    // The session's worker has returned (finished, stopped, diverged or failed).
    void finished(int session);

private:
    void launch(const TrainingRequest& request, bool paused, int steps);
    void setState(State state);
    bool current(int session) const { return session == m_session; }

    QThread m_thread;
    TrainingWorker* m_worker;          // lives in m_thread; deleted when it finishes
    std::shared_ptr<RunControl> m_control;
    TrainingRequest m_request;
    int m_session = 0;
    State m_state = State::Idle;
    bool m_shutDown = false;
};

}  // namespace ui
