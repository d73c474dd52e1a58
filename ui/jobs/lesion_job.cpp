#include "ui/jobs/lesion_job.h"

#include "core/experiments/twin_training.h"
#include "core/spec/spec_analysis.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"

#include <QObject>

#include <atomic>

namespace ui {

namespace {

double chanceError(const core::Dataset& data) { return data.classes > 0 ? 1.0 - 1.0 / data.classes : -1; }

// Lesions `net` on the test split and labels the result, reporting each evaluation.
core::LesionResult lesion(JobContext& ctx, core::Network& net, const core::Dataset& data,
                          const core::LesionConfig& config, const QString& phase, const std::string& label) {
    core::LesionResult r = core::runLesionStudy(net, data.test, config, ctx.stopToken(),
                                                [&](const core::LesionProgress& p) { ctx.progress(phase, p.done, p.total); });
    r.label = label;
    return r;
}

// The results so far (all of them, or those done before a cancel) into the model.
void deliverLesion(JobContext& ctx, Results* results, std::vector<core::LesionResult> out, double chance) {
    ctx.deliver([results, out = std::move(out), chance]() mutable { results->setLesion(std::move(out), chance); });
}

}  // namespace

int startLesionStudy(JobRunner& jobs, Results& results, const LesionStudy& study) {
    Results* model = &results;
    return jobs.start(kLesionJob, model, [study, model](JobContext& ctx) {
        const core::Dataset data = core::loadDataset(study.data, study.dataOptions);
        const std::vector<core::NetworkSpec> specs =
            study.networks.empty() ? core::twinSpecs(study.network) : study.networks;
        const QString training = QObject::tr("Training the plain and the residual twin");
        const int total = study.training.epochs * int(specs.size());
        std::atomic<int> done{0};
        ctx.progress(training, 0, total);
        std::vector<core::TrainedNetwork> nets =
            core::trainNetworks(specs, data, study.training, ctx.stopToken(),
                                [&](int, const core::EpochReport&) { ctx.progress(training, ++done, total); });
        std::vector<core::LesionResult> out;
        for (core::TrainedNetwork& t : nets) {
            if (ctx.stopRequested())
                break;
            const QString phase = QObject::tr("Removing blocks from the %1 network").arg(QString::fromStdString(t.family));
            out.push_back(lesion(ctx, *t.net, data, study.config, phase, t.family));
            out.back().depth = core::analyze(t.spec).depth;
        }
        deliverLesion(ctx, model, std::move(out), chanceError(data));
    });
}

int startLesionOnBundle(JobRunner& jobs, Results& results, const core::RunBundle& bundle,
                        const core::LesionConfig& config) {
    Results* model = &results;
    return jobs.start(kLesionJob, model, [bundle, config, model](JobContext& ctx) {
        const core::Dataset data = core::loadDataset(bundle.data, bundle.dataOptions);
        std::vector<core::LesionResult> out;
        for (const core::BundleRun& run : bundle.runs) {
            if (!run.weights || ctx.stopRequested())
                continue;
            std::unique_ptr<core::Network> net = core::restoreNetwork(run, bundle.name);
            const QString phase = QObject::tr("Removing blocks from %1").arg(QString::fromStdString(run.label));
            out.push_back(lesion(ctx, *net, data, config, phase, core::familyOf(run.spec)));
            out.back().depth = core::analyze(run.spec).depth;
        }
        deliverLesion(ctx, model, std::move(out), chanceError(data));
    });
}

}  // namespace ui
