#include "ui/jobs/landscape_job.h"

#include "core/experiments/depth_sweep.h"
#include "core/experiments/loss_landscape_trajectory.h"
#include "core/experiments/twin_training.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"

#include <QObject>

#include <atomic>

namespace ui {

LandscapeRequest defaultLandscapeRequest(int depth) {
    const core::SweepConfig sweep = core::defaultSweep();
    LandscapeRequest r;
    core::MlpOptions o;
    o.depth = depth;
    o.residual = true;
    o.width = sweep.width;
    r.network = core::mlpNet(o);
    r.data = sweep.data;
    r.dataOptions = sweep.dataOptions;
    r.training = sweep.train;
    r.config.directionSeed = sweep.train.seed;
    return r;
}

int startLandscape(JobRunner& jobs, Results& results, const LandscapeRequest& request) {
    Results* model = &results;
    return jobs.start(kLandscapeJob, model, [request, model](JobContext& ctx) {
        const core::Dataset data = core::loadDataset(request.data, request.dataOptions);
        const std::vector<core::NetworkSpec> specs = core::twinSpecs(request.network);
        const QString training = QObject::tr("Training the plain and the residual twin");
        const int total = request.training.epochs * int(specs.size());
        std::atomic<int> done{0};
        ctx.progress(training, 0, total);
        // One recorder per network, written only by that network's training thread.
        std::vector<core::CheckpointRecorder> recorders(specs.size());
        std::vector<core::TrainedNetwork> nets = core::trainNetworks(
            specs, data, request.training, ctx.stopToken(),
            [&](int, const core::EpochReport&) { ctx.progress(training, ++done, total); },
            [&](int i, const core::StepReport& r, core::Network& net) { recorders[std::size_t(i)].observe(r, net); });
        if (ctx.stopRequested())
            return;
        // The path starts at the initial weights, which training drew from (init, seed).
        std::vector<std::vector<core::Checkpoint>> checkpoints(nets.size());
        for (std::size_t i = 0; i < nets.size(); ++i) {
            const std::unique_ptr<core::Network> initial = core::buildNetwork(nets[i].spec);
            core::initialize(*initial, request.training.init, request.training.seed);
            recorders[i].record(0, *initial);
            checkpoints[i] = recorders[i].checkpoints();
        }
        const QString phase = QObject::tr("Evaluating the loss around the trained weights");
        core::LandscapeStudy study = core::runLandscapeStudy(
            nets, checkpoints, data.train, request.config, request.pathGrid, ctx.stopToken(),
            [&](const core::LandscapeProgress& p) { ctx.progress(phase, p.done, p.total); });
        ctx.deliver([model, study = std::move(study)]() mutable { model->setLandscape(std::move(study)); });
    });
}

}  // namespace ui
