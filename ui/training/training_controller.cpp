#include "ui/training/training_controller.h"

#include "ui/training/training_worker.h"

#include <QDeadlineTimer>
#include <QMetaObject>

namespace ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent), m_worker(new TrainingWorker) {
    registerTrainingMetaTypes();
    m_thread.setObjectName(QStringLiteral("training"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    // Every snapshot is queued into this thread and forwarded only when it belongs to the
    // current session: a session that was replaced may still have a few in flight.
    connect(m_worker, &TrainingWorker::dataReady, this, [this](const DataSnapshot& s) {
        if (current(s.session))
            emit dataReady(s);
    });
    connect(m_worker, &TrainingWorker::runStarted, this, [this](const RunStartedSnapshot& s) {
        if (current(s.session))
            emit runStarted(s);
    });
    connect(m_worker, &TrainingWorker::progress, this, [this](const ProgressSnapshot& s) {
        if (current(s.session))
            emit progress(s);
    });
    connect(m_worker, &TrainingWorker::probes, this, [this](const ProbeSnapshot& s) {
        if (current(s.session))
            emit probes(s);
    });
    connect(m_worker, &TrainingWorker::decisionMap, this, [this](const DecisionMapSnapshot& s) {
        if (current(s.session))
            emit decisionMap(s);
    });
    connect(m_worker, &TrainingWorker::predictions, this, [this](const PredictionSnapshot& s) {
        if (current(s.session))
            emit predictions(s);
    });
    connect(m_worker, &TrainingWorker::runFinished, this, [this](const RunFinishedSnapshot& s) {
        if (current(s.session))
            emit runFinished(s);
    });
    connect(m_worker, &TrainingWorker::identityResult, this, [this](const IdentitySnapshot& s) {
        if (current(s.session))
            emit identityResult(s);
    });
    connect(m_worker, &TrainingWorker::failed, this, [this](int session, const QString& message) {
        if (current(session))
            emit failed(message);
    });
    connect(m_worker, &TrainingWorker::sessionFinished, this, [this](int session) {
        if (!current(session))
            return;
        setState(State::Idle);
        emit finished(session);
    });
    m_thread.start();
}

TrainingController::~TrainingController() {
    if (m_control)
        m_control->requestStop();
    m_thread.quit();
    m_thread.wait();   // a thread may not be destroyed while it runs
}

void TrainingController::start(const TrainingRequest& request) { launch(request, false, 0); }

void TrainingController::startPaused(const TrainingRequest& request, int steps) { launch(request, true, steps); }

void TrainingController::launch(const TrainingRequest& request, bool paused, int steps) {
    if (m_shutDown)
        return;
    if (m_control)
        m_control->requestStop();   // the old session returns before the new one starts
    m_request = request;
    m_request.startPaused = paused;
    m_control = std::make_shared<RunControl>(paused);
    for (int i = 0; i < steps; ++i)
        m_control->step();
    const int session = ++m_session;
    setState(paused ? State::Paused : State::Running);
    emit sessionStarted(session, request.twin);
    TrainingWorker* worker = m_worker;
    const TrainingRequest copy = m_request;
    const std::shared_ptr<RunControl> control = m_control;
    QMetaObject::invokeMethod(
        worker, [worker, copy, control, session] { worker->run(copy, control, session); }, Qt::QueuedConnection);
}

void TrainingController::pause() {
    if (m_state != State::Running)
        return;
    m_control->pause();
    setState(State::Paused);
}

void TrainingController::resume() {
    if (m_state != State::Paused)
        return;
    m_control->resume();
    setState(State::Running);
}

void TrainingController::step() {
    if (m_state == State::Paused)
        m_control->step();
    else if (m_state == State::Running)
        pause();
}

void TrainingController::stop() {
    if (m_state == State::Idle || m_state == State::Stopping)
        return;
    m_control->requestStop();
    setState(State::Stopping);
}

bool TrainingController::stopAndWait(int msecs) {
    if (m_shutDown)
        return true;
    if (m_control)
        m_control->requestStop();
    m_thread.quit();
    const bool ended = msecs < 0 ? m_thread.wait() : m_thread.wait(QDeadlineTimer(msecs));
    m_shutDown = true;
    if (ended)
        setState(State::Idle);
    return ended;
}

bool TrainingController::zeroBranch(int block) {
    if (m_shutDown || !m_control)
        return false;
    m_worker->zeroBranch(m_control, m_session, block);
    return true;
}

bool TrainingController::restoreBranch(int block) {
    if (m_shutDown || !m_control)
        return false;
    m_worker->restoreBranch(m_control, m_session, block);
    return true;
}

void TrainingController::setState(State state) {
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

}  // namespace ui
