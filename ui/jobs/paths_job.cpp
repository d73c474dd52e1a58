#include "ui/jobs/paths_job.h"

#include "core/experiments/twin_training.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"

#include <QObject>

namespace ui {

int startPathsStudy(JobRunner& jobs, Results& results, const PathsStudy& study) {
    Results* model = &results;
    return jobs.start(kPathsJob, model, [study, model](JobContext& ctx) {
        const core::Dataset data = core::loadDataset(study.data, study.dataOptions);
        const QString phase = QObject::tr("Training %1").arg(QString::fromStdString(study.network.name));
        ctx.progress(phase, 0, study.training.epochs);
        std::vector<core::TrainedNetwork> nets =
            core::trainNetworks({study.network}, data, study.training, ctx.stopToken(),
                                [&](int, const core::EpochReport& e) { ctx.progress(phase, e.epoch, study.training.epochs); });
        if (ctx.stopRequested())
            return;
        const QString measuring = QObject::tr("Measuring the gradient by path length");
        core::PathLengthResult result =
            core::measurePathLengths(*nets.front().net, data.test, study.options, ctx.stopToken(),
                                     [&](const core::PathGradientProgress& p) { ctx.progress(measuring, p.done, p.total); });
        if (!ctx.stopRequested())
            ctx.deliver([model, result] { model->setPaths(result); });
    });
}

}  // namespace ui
