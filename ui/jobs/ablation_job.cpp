#include "ui/jobs/ablation_job.h"

#include "core/data/dataset_registry.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/results/thread_priority.h"

#include <QObject>

#include <algorithm>

namespace ui {

int startAblation(JobRunner& jobs, Results& results, const core::AblationConfig& config) {
    results.startAblation(config);
    Results* model = &results;
    return jobs.start(kAblationJob, model, [config, model](JobContext& ctx) {
        lowerThreadPriority();   // Linux: the ablation's worker threads inherit it from this one
        const core::Dataset data = core::loadDataset(config.data, config.dataOptions);
        const double chance = data.classes > 0 ? 1.0 - 1.0 / data.classes : -1;
        ctx.deliver([model, chance] { model->setAblationChanceError(chance); });
        const std::size_t variants = config.variants.empty() ? core::ablationVariants().size() : config.variants.size();
        const int total = int(variants * config.seeds.size());
        const QString phase = QObject::tr("Training every block design");
        ctx.progress(JobProgress{phase, 0, total});
        core::runAblation(config, data, ctx.stopToken(), [&](const core::AblationProgress& p) {
            ctx.deliver([model, run = *p.finished] { model->addAblationRun(run); });
            JobProgress progress{phase, p.done, p.total};
            progress.eta = p.done > 0 ? p.elapsed / p.done * (p.total - p.done) : -1;
            ctx.progress(progress);
        });
    });
}

}  // namespace ui
