// ui/training/training_worker.h: what trains, in the training job's thread. run() loads the
// data, builds and initialises the network (and its twin) with core::prepareNetworks and
// trains them side by side with core::trainPrepared: the same seed, so the same initial
// weights and the same batch order. Only value snapshots leave, emitted on the session's
// TrainingSignals through the job's deliveries: progress at most every ~33 ms per run, probes
// and the decision map about every 250 ms (probes more often on a run too short for that, at
// most ~60 a second), image predictions about twice a second (also between epochs). Stop ends
// a run between two blocks of a pass, and no final pass follows it. The networks stay here
// after training, for the identity demo. One worker serves one controller; its methods run in
// the controller's job thread only (the twin trains in a thread of core's).
#pragma once

#include "core/data/dataset.h"
#include "core/experiments/identity_demo.h"
#include "core/experiments/twin_training.h"
#include "ui/results/job_runner.h"
#include "ui/training/run_control.h"
#include "ui/training/training_request.h"
#include "ui/training/training_signals.h"

#include <QCoreApplication>

#include <map>
#include <memory>
#include <vector>

namespace ui {

class TrainingWorker {
    Q_DECLARE_TR_FUNCTIONS(TrainingWorker)
public:
    // Snapshots are emitted on `out` (in the GUI thread, while it lives).
    explicit TrainingWorker(TrainingSignals* out);
    ~TrainingWorker();

    // Trains the session. Returns when every run has finished, been stopped or failed (each
    // failure emitted as failed()); then runs the identity-demo requests still queued.
    void run(const TrainingRequest& request, RunControl& control, int session, JobContext& ctx);

    // The identity demo on block index `block` of run 0 of `session`: zero its branch, or
    // restore what the last zeroing saved. For RunControl::post (done between two batches, or
    // by serviceRequests() once training has returned); answers with identityResult().
    void zeroBranch(int session, int block);
    void restoreBranch(int session, int block);
    // Runs the requests queued on `control`, as a follow-up job of the session.
    void serviceRequests(RunControl& control, JobContext& ctx);

    // Throttling periods, in milliseconds.
    static constexpr int kProgressMs = 33;
    static constexpr int kProbeMs = 250;
    static constexpr int kMinProbeMs = 16;
    static constexpr int kPredictionMs = 500;

private:
    struct Run;

    template <class Snapshot>
    void publish(void (TrainingSignals::*signal)(const Snapshot&), Snapshot snapshot) const;
    std::shared_ptr<const core::Dataset> dataFor(const TrainingRequest& request);
    void emitData(const core::Dataset& data, const TrainingRequest& request, int session);
    // Throws std::bad_alloc (with m_memoryMessage set) when `spec` cannot fit the budget.
    void checkMemoryBudget(const core::NetworkSpec& spec, const TrainingRequest& request);
    void beforeTraining(Run& run, const TrainingRequest& request, RunControl& control);
    core::TrainCallbacks callbacks(Run& run, RunControl& control);
    void afterTraining(Run& run, const TrainingRequest& request, const core::TrainResult& result,
                       const RunControl& control);
    void emitProgress(Run& run, bool paused);
    void emitProbesOnFirstBatch(Run& run, const TrainingRequest& request, long long step);
    void emitDecisionMap(Run& run);
    // Predictions on the display split: all of its confusion samples, or (between epochs) the
    // shown images and the share of the others that fits about 1/16 of kPredictionMs. Stop
    // ends it between two blocks of a forward pass (core::BackwardStopped, while training).
    void emitPredictions(Run& run, int epoch, bool all);
    core::Matrix demoBatch() const;

    TrainingSignals* m_out;
    const JobContext* m_ctx = nullptr;   // the job running now (this worker's thread)
    // The data set of the last session, reused while the name and options stay the same.
    std::shared_ptr<const core::Dataset> m_data;
    std::string m_dataKey;
    // The networks of the last session (run 0 and run 1) and what the worker shows of them,
    // kept after training.
    std::vector<core::TrainedNetwork> m_nets;
    std::vector<std::unique_ptr<Run>> m_runs;
    int m_session = -1;
    // Identity demo: the branches saved by zeroing, per block, most recent last.
    std::map<int, std::vector<core::SavedBranch>> m_savedBranches;
    // Decision-map window, fixed per session (standardised coordinates).
    double m_xMin = -1, m_xMax = 1, m_yMin = -1, m_yMax = 1;
    QString m_memoryMessage;   // why the last run was refused for memory
};

}  // namespace ui
