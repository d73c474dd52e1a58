#include "ui/training/training_controller.h"

#include "core/experiments/twin_training.h"
#include "ui/results/results.h"
#include "ui/training/training_worker.h"

namespace ui {

TrainingController::TrainingController(JobRunner& jobs, Results& results, QObject* parent)
    : TrainingSignals(parent), m_jobs(jobs), m_results(results), m_worker(std::make_shared<TrainingWorker>(this)) {
    registerTrainingMetaTypes();
    connect(&m_jobs, &JobRunner::finished, this, [this](const QString& kind, int job) {
        if (kind != QLatin1String(kTrainingJob) || job != m_job)
            return;
        setState(State::Idle);
        emit finished(m_session);
    });
    recordRuns();
}

TrainingController::~TrainingController() {
    if (m_control)
        m_control->requestStop();
}

void TrainingController::recordRuns() {
    connect(this, &TrainingController::sessionStarted, this, [this](int, bool twin) {
        std::vector<core::BundleRun> runs(twin ? 2 : 1);
        runs[0].spec = m_request.spec;
        if (twin)
            runs[1].spec = m_request.twinSpec;
        for (core::BundleRun& r : runs) {
            r.label = core::familyOf(r.spec);
            r.seed = m_request.config.seed;
        }
        m_results.startRuns(std::move(runs), m_request.dataName, m_request.data, m_request.config);
    });
    connect(this, &TrainingController::progress, this,
            [this](const ProgressSnapshot& p) { m_results.addEpochs(p.run, p.epochs, p.step); });
    connect(this, &TrainingController::runFinished, this, [this](const RunFinishedSnapshot& f) {
        core::TrainResult outcome;
        outcome.status = f.status;
        outcome.message = f.message.toStdString();
        outcome.steps = f.steps;
        outcome.divergedAtStep = f.divergedAtStep;
        outcome.seconds = f.seconds;
        m_results.finishRun(f.run, outcome,
                            f.weights.isEmpty() ? std::nullopt : std::optional<std::string>(f.weights.toStdString()));
    });
}

void TrainingController::start(const TrainingRequest& request) { launch(request, false, 0); }

void TrainingController::startPaused(const TrainingRequest& request, int steps) { launch(request, true, steps); }

void TrainingController::launch(const TrainingRequest& request, bool paused, int steps) {
    if (m_control)
        m_control->requestStop();   // the old session returns before the new one starts
    m_request = request;
    m_request.startPaused = paused;
    m_control = std::make_shared<RunControl>(paused, request.twin ? 2 : 1);
    m_control->setStepsPerSecond(m_stepsPerSecond);
    for (int i = 0; i < steps; ++i)
        m_control->step();
    const int session = ++m_session;
    setState(paused ? State::Paused : State::Running);
    emit sessionStarted(session, request.twin);
    m_job = m_jobs.start(kTrainingJob, this,
                         [worker = m_worker, request = m_request, control = m_control, session](JobContext& ctx) {
                             // Replacing or cancelling the job stops the session.
                             const std::stop_callback stop(ctx.stopToken(), [&control] { control->requestStop(); });
                             worker->run(request, *control, session, ctx);
                         });
    if (m_job == 0)
        setState(State::Idle);   // the runner has shut down: nothing will run
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

void TrainingController::setStepsPerSecond(double rate) {
    m_stepsPerSecond = rate > 0.0 ? rate : 0.0;
    if (m_control)
        m_control->setStepsPerSecond(m_stepsPerSecond);
}

void TrainingController::stop() {
    if (m_state == State::Idle || m_state == State::Stopping)
        return;
    m_control->requestStop();
    setState(State::Stopping);
}

bool TrainingController::stopAndWait(int msecs) {
    if (m_control)
        m_control->requestStop();
    const bool ended = m_jobs.wait(kTrainingJob, msecs);
    if (ended)
        setState(State::Idle);
    return ended;
}

bool TrainingController::postDemo(int block, bool zero) {
    if (!m_control)
        return false;
    // Done by the training threads between two batches, or by the follow-up job once the
    // session's job has returned: either way in the worker's thread, never beside training.
    const int session = m_session;
    m_control->post([worker = m_worker.get(), session, block, zero] {
        if (zero)
            worker->zeroBranch(session, block);
        else
            worker->restoreBranch(session, block);
    });
    m_jobs.start(
        kTrainingJob, this,
        [worker = m_worker, control = m_control](JobContext& ctx) { worker->serviceRequests(*control, ctx); },
        JobRunner::Policy::Queue);
    return true;
}

bool TrainingController::zeroBranch(int block) { return postDemo(block, true); }

bool TrainingController::restoreBranch(int block) { return postDemo(block, false); }

void TrainingController::setState(State state) {
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

}  // namespace ui
