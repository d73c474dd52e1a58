#include "ui/jobs/shatter_job.h"

#include "ui/results/job_runner.h"
#include "ui/results/results.h"

#include <QObject>

namespace ui {

int startShatter(JobRunner& jobs, Results& results, const core::ShatterConfig& config) {
    Results* model = &results;
    return jobs.start(kShatterJob, model, [config, model](JobContext& ctx) {
        const QString phase = QObject::tr("Gradients at initialisation");
        core::ShatterResult result = core::runShatteredGradients(
            config, ctx.stopToken(), [&](const core::ShatterProgress& p) { ctx.progress(phase, p.done, p.total); });
        if (!result.complete)
            return;
        ctx.deliver([model, result = std::move(result)]() mutable { model->setShatter(std::move(result)); });
    });
}

}  // namespace ui
