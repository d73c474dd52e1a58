#include "ui/jobs/sweep_job.h"

#include "core/data/dataset_registry.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/results/thread_priority.h"

#include <QElapsedTimer>

#include <mutex>
#include <utility>
#include <vector>

namespace ui {

namespace {

// The epochs of the runs in progress, collected from the sweep's threads and delivered at most
// every ~33 ms (and before each finished run, so a run's last epochs arrive before the run).
class EpochBatcher {
public:
    EpochBatcher(JobContext& ctx, Results* results) : m_ctx(ctx), m_results(results) { m_timer.start(); }
    void add(int index, const core::EpochReport& e) {
        std::lock_guard lock(m_mutex);
        m_pending.emplace_back(index, e);
    }
    void flush(bool force) {
        std::vector<std::pair<int, core::EpochReport>> batch;
        {
            std::lock_guard lock(m_mutex);
            if (m_pending.empty() || (!force && m_timer.elapsed() < 33))
                return;
            batch.swap(m_pending);
            m_timer.restart();
        }
        m_ctx.deliver([results = m_results, batch] { results->addSweepEpochs(batch); });
    }

private:
    JobContext& m_ctx;
    Results* m_results;
    std::mutex m_mutex;
    std::vector<std::pair<int, core::EpochReport>> m_pending;
    QElapsedTimer m_timer;
};

}  // namespace

int sweepRunIndex(const core::SweepConfig& c, int family, int depth, int seed) {
    return (family * int(c.depths.size()) + depth) * int(c.seeds.size()) + seed;
}

int startSweep(JobRunner& jobs, Results& results, const core::SweepConfig& config) {
    results.startSweep(config);
    Results* model = &results;
    return jobs.start(kSweepJob, model, [config, model](JobContext& ctx) {
        const core::Dataset data = core::loadDataset(config.data, config.dataOptions);
        EpochBatcher epochs(ctx, model);
        core::SweepCallbacks callbacks;
        callbacks.onRunDone = [&](const core::SweepProgress& p) {
            epochs.flush(true);
            ctx.deliver([model, run = *p.finished] { model->addSweepRun(run); });
            JobProgress progress{QString(), p.done, p.total, p.running, p.eta};
            ctx.progress(progress);
        };
        callbacks.onEpoch = [&](int index, const core::EpochReport& e) {
            lowerThreadPriority();   // the sweep's own threads: once each, at their first epoch
            epochs.add(index, e);
            epochs.flush(false);
        };
        core::runDepthSweep(config, data, ctx.stopToken(), callbacks);
        epochs.flush(true);
    });
}

}  // namespace ui
