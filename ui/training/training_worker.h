// ui/training/training_worker.h: the object that trains, living in the controller's QThread.
// run() loads the data, builds its own network(s) from the request's spec copies, initialises
// them from the seed and calls core::train; the twin (run 1) trains at the same time in a
// std::jthread on the same (read-only) data. Only value snapshots leave: progress at most
// every ~33 ms per run, probes and the decision map about every 250 ms (probes more often on
// a run too short for that, at most ~60 a second), predictions about twice a second. The networks stay here after training, for the identity demo.
#pragma once

#include "core/data/dataset.h"
#include "core/experiments/identity_demo.h"
#include "core/network/network.h"
#include "ui/training/run_control.h"
#include "ui/training/training_request.h"
#include "ui/training/training_snapshots.h"

#include <QObject>

#include <map>
#include <memory>
#include <vector>

namespace ui {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;

    // Worker thread. Returns when every run has finished, been stopped or failed; emits
    // sessionFinished(session) last, whatever happened.
    void run(const TrainingRequest& request, std::shared_ptr<RunControl> control, int session);

    // Any thread: queue the identity demo on block index `block` of run 0 of `session`
    // (zero its branch, or restore what the last zeroing saved). Done between two batches, or
    // at once when training has returned. The answer comes as identityResult().
    void zeroBranch(const std::shared_ptr<RunControl>& control, int session, int block);
    void restoreBranch(const std::shared_ptr<RunControl>& control, int session, int block);

    // Throttling periods, in milliseconds (tests and the benchmark may change them).
    static constexpr int kProgressMs = 33;
    static constexpr int kProbeMs = 250;
    static constexpr int kMinProbeMs = 16;
    static constexpr int kPredictionMs = 500;

signals:
    void dataReady(const ui::DataSnapshot& data);
    void runStarted(const ui::RunStartedSnapshot& run);
    void progress(const ui::ProgressSnapshot& progress);
    void probes(const ui::ProbeSnapshot& probes);
    void decisionMap(const ui::DecisionMapSnapshot& map);
    void predictions(const ui::PredictionSnapshot& predictions);
    void runFinished(const ui::RunFinishedSnapshot& result);
    void identityResult(const ui::IdentitySnapshot& result);
    void failed(int session, const QString& message);
    void sessionFinished(int session);

private:
    struct Run;

    std::shared_ptr<const core::Dataset> dataFor(const TrainingRequest& request);
    // Throws std::bad_alloc (with m_memoryMessage set) when `spec` cannot fit the budget.
    void checkMemoryBudget(const core::NetworkSpec& spec, const TrainingRequest& request);
    void trainRun(Run& run, const TrainingRequest& request, RunControl& control);
    void emitProgress(Run& run, bool paused);
    void emitProbesOnFirstBatch(Run& run, const TrainingRequest& request, long long step);
    void emitDecisionMap(Run& run);
    void emitPredictions(Run& run, int epoch);
    void serviceIdle(const std::shared_ptr<RunControl>& control);
    void doZeroBranch(int session, int block);
    void doRestoreBranch(int session, int block);
    core::Matrix demoBatch() const;

    // The data set of the last session, reused while the name and options stay the same.
    std::shared_ptr<const core::Dataset> m_data;
    std::string m_dataKey;
    // The networks of the last session (run 0 and run 1), kept after training.
    std::vector<std::unique_ptr<Run>> m_runs;
    int m_session = -1;
    // Identity demo: the branches saved by zeroing, per block, most recent last.
    std::map<int, std::vector<core::SavedBranch>> m_savedBranches;
    // Decision-map window, fixed per session (standardised coordinates).
    double m_xMin = -1, m_xMax = 1, m_yMin = -1, m_yMax = 1;
    QString m_memoryMessage;   // why the last run was refused for memory
};

}  // namespace ui
