#include "core/experiments/depth_sweep.h"

#include "core/experiments/task_pool.h"
#include "core/init/initializer.h"
#include "core/parallel.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

namespace core {

BlockDesign fullPreActivationDesign() {
    BlockDesign d;
    d.placement = Placement::FullPreActivation;
    return d;
}

// Why the residual family switches to full pre-activation at 200 layers (kDeepDesignFrom).
// The chapter's block (He et al. 2015: ReLU after the addition) trains the 110-layer spiral
// net with the warm-up below on 3 of 3 seeds, so every depth of the default figure and the
// 110-layer check keep it. At 1,000 layers the signal of the shortcut passes a ReLU after every
// one of 499 additions; He et al. 2016 (Table 3, Fig. 1) trained ResNet-1001 with full
// pre-activation, where the shortcut is a clean identity from the input to the head. Measured
// on the spiral (width 32, BN, lr 0.05 cosine, 2-epoch warm-up, 40 epochs, seed 0, one thread
// per run), final training error and CPU time of the 1,000-layer residual run:
//   original block (ReLU after the addition)              0.639, 23 s: it does not train
//   full pre-activation                                   0.000, 24 s
//   ReZero (full pre-activation, alpha = 0 learnable)     0.000, 29 s (one more layer per block)
// so full pre-activation, the faster of the two that train, is the deep design (the table and
// memory: bench/RESULTS.md, "1,000 layers"). 200 is past the deepest preset of the original
// block (110) with a margin, and below ResNet-1001/1202.
BlockDesign residualDesignAt(const SweepConfig& config, int depth) {
    return config.deepDesignFrom > 0 && depth >= config.deepDesignFrom ? config.deepResidualDesign
                                                                       : config.residualDesign;
}

SweepConfig defaultSweep() {
    SweepConfig c;
    // A learning-rate warm-up for every family, as He et al. 2015 (sec. 4.2) trained ResNet-110:
    // lr 0.01 until the training error fell below 80%, then 0.1. Without it the 110-layer
    // residual spiral net (the original block) is thrown off by the first steps at lr 0.05 on
    // two of three seeds (training error 0.50 and 0.35 after 40 epochs, the third 0.000); with
    // lr ramped linearly over the first 2 epochs (about 24 steps) it reaches 0.000, 0.006 and
    // 0.000. The plain family gets the same schedule, so its failure at depth is still its own.
    // The 4..56-layer figure is unchanged in kind (the warm-up is 5% of the steps).
    c.train.warmupEpochs = 2;
    return c;
}

// The image lesson: the paper's CIFAR nets (3x3 stem, three stages of n basic blocks, 6n+2
// layers, BN, zero-padding shortcuts) on Fashion-MNIST made small enough for a class. Each
// choice and why:
// - 14x14 images (2x2 block means): a conv net's work falls with the pixels, 4x here.
// - 2,000 training images, 500 test: the degradation is about fitting the training set, and a
//   smaller set is fitted in fewer steps; 6 epochs of batch 64 are 192 steps per run.
// - width 8 (stages of 8, 16, 32 channels): half the paper's, a quarter of the work.
// - depths 8, 20, 44: the shallowest 6n+2 net, the paper's 20 and a deep one whose plain net
//   degrades on every seed.
// - lr 0.02 (cosine, SGD momentum 0.9, He init, zero-gamma off): at 0.05 the residual nets
//   gain little or nothing from depth on some seeds; at 0.02 both halves hold on every seed.
// Searched with 3 seeds each (final training error, deepest minus shallowest, per seed):
//   depths 8/44, 2000 images x 5 epochs, lr 0.05:   plain +0.28..+0.39, residual -0.02..-0.06
//   1500 x 8, lr 0.05:                              plain +0.30..+0.40, residual +0.04..-0.10
//   2000 x 6, lr 0.05, 1 warm-up epoch:             plain +0.15..+0.26, residual +0.03..-0.10
//   1000 x 10, batch 32, warm-up:                   plain +0.32..+0.39, residual +0.02..-0.02
//   2000 x 6, lr 0.02 (chosen):                     plain +0.13..+0.43, residual -0.11..-0.14
// and the chosen settings again on seeds 3-5: plain +0.13..+0.22, residual -0.11..-0.14. The
// per-seed table and the time on two cores: bench/RESULTS.md, "The image lesson's sweep".
SweepConfig imageLessonSweep() {
    SweepConfig c;
    c.data = "fashion-mnist";
    c.depths = {8, 20, 44};
    c.seeds = {0, 1, 2};
    c.width = 8;
    c.dataOptions.imageSize = 14;
    c.dataOptions.maxTrain = 2000;
    c.dataOptions.maxTest = 500;
    c.train.epochs = 6;
    c.train.batchSize = 64;
    c.train.learningRate = 0.02;
    return c;
}

SweepConfig defaultSweepFor(const std::string& data) {
    SweepConfig c = isImageData(data) ? imageLessonSweep() : defaultSweep();
    if (data != c.data && isImageData(data))
        c.dataOptions.imageSize = 0;
    c.data = data;
    return c;
}

namespace {

// Why a depth cannot be swept with this kind of data; empty when it can.
std::string depthProblem(int depth, bool images) {
    if (images && (depth < 8 || (depth - 2) % 6 != 0))
        return "depth " + std::to_string(depth) +
               ": an image sweep uses CIFAR-style 6n+2 conv nets (8, 14, 20, 26, 32, 44, 56, ...)";
    if (!images && (depth < 4 || depth % 2 != 0))
        return "depth " + std::to_string(depth) + ": an MLP sweep needs an even depth of at least 4 "
                                                  "(2 + 2 layers per block)";
    return {};
}

}  // namespace

NetworkSpec sweepNetwork(const SweepConfig& config, const Dataset& data, const std::string& family, int depth) {
    const bool residual = family == "residual";
    if (const std::string problem = depthProblem(depth, data.shape.spatial); !problem.empty())
        throw SpecError(problem);
    if (!data.shape.spatial) {
        MlpOptions o;
        o.depth = depth;
        o.residual = residual;
        o.width = config.width;
        o.inputs = int(data.shape.size());
        o.classes = data.classes;
        o.batchNorm = config.batchNorm;
        o.activation = config.activation;
        o.design = residualDesignAt(config, depth);
        return mlpNet(o);
    }
    CifarOptions o;
    o.n = (depth - 2) / 6;
    o.residual = residual;
    o.channels = data.shape.channels;
    o.height = data.shape.height;
    o.width = data.shape.width;
    o.classes = data.classes;
    o.baseWidth = config.width;
    o.batchNorm = config.batchNorm;
    o.design = residualDesignAt(config, depth);
    return cifarResNet(o);
}

std::vector<std::string> checkSweepConfig(const SweepConfig& c) {
    std::vector<std::string> problems = checkTrainConfig(c.train);
    if (c.families.empty())
        problems.push_back("families: name at least one of plain, residual");
    for (const std::string& f : c.families)
        if (f != "plain" && f != "residual")
            problems.push_back("families: unknown family '" + f + "' (expected plain or residual)");
    if (c.depths.empty())
        problems.push_back("depths: give at least one depth");
    for (int d : c.depths)
        if (d < 4 || d > 1202)
            problems.push_back("depths: " + std::to_string(d) + " is out of range [4, 1202]");
        else if (const std::string problem = depthProblem(d, isImageData(c.data)); !problem.empty())
            problems.push_back(problem);
    if (c.seeds.empty())
        problems.push_back("seeds: give at least one seed");
    if (c.width < 1 || c.width > 4096)
        problems.push_back("width is " + std::to_string(c.width) + "; it must be between 1 and 4096");
    if (c.jobs < 0 || c.jobs > 256)
        problems.push_back("jobs is " + std::to_string(c.jobs) + "; it must be between 0 (one per core) and 256");
    return problems;
}

std::vector<SweepRun> runDepthSweep(const SweepConfig& config, const Dataset& data, std::stop_token stop,
                                    const SweepCallbacks& callbacks) {
    const std::vector<std::string> problems = checkSweepConfig(config);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());

    std::vector<SweepRun> runs;
    std::vector<NetworkSpec> specs;
    for (const std::string& family : config.families)
        for (int depth : config.depths)
            for (std::uint64_t seed : config.seeds) {
                SweepRun run;
                run.family = family;
                run.depth = depth;
                run.seed = seed;
                runs.push_back(run);
                specs.push_back(sweepNetwork(config, data, family, depth));   // throws before any work
            }

    // Deepest first: the longest jobs start early, so the cores finish together.
    std::vector<std::size_t> order(runs.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return runs[a].depth > runs[b].depth; });

    const int jobs = taskThreads(config.jobs, int(runs.size()));
    // Parallel runs use one thread each; set once here so the runs only read Eigen's global.
    const ComputeThreads threads(jobs > 1 ? 1 : Eigen::nbThreads());
    std::mutex reportMutex;
    int done = 0, running = 0;
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

    auto trainRun = [&](int k, int) {
        const std::size_t i = order[std::size_t(k)];
        {
            std::lock_guard lock(reportMutex);
            ++running;
        }
        SweepRun& run = runs[i];
        auto net = buildNetwork(specs[i]);
        TrainConfig trainConfig = config.train;
        trainConfig.seed = run.seed;
        // One thread per run for MLPs whatever the jobs: their products (width x width
        // by width x batch, 32 x 32 x 128 by default) are too small to split, and two
        // threads spend their time in OpenMP's barriers (a lone 400-layer spiral run of 2
        // epochs at load 8: 12.7 s of CPU on two threads, about 1 s on one).
        if (jobs > 1 || !data.shape.spatial)
            trainConfig.threads = 1;
        initialize(*net, trainConfig.init, run.seed);
        TrainCallbacks cb;
        if (callbacks.onEpoch)
            cb.onEpoch = [&](const EpochReport& e, Network&) {
                std::lock_guard lock(reportMutex);
                callbacks.onEpoch(int(i), e);
            };
        run.result = train(*net, data, trainConfig, stop, cb);
        run.seconds = run.result.seconds;
        if (!run.result.history.empty()) {
            const EpochReport& last = run.result.history.back();
            run.finalTrainError = last.trainError;
            run.finalTrainLoss = last.trainLoss;
            run.finalTestError = last.testError;
            run.finalTestLoss = last.testLoss;
        }
        if (run.result.status == TrainResult::Status::Diverged) {
            // A diverged run has failed to train: count it as chance-level error.
            run.finalTrainError = run.finalTestError = 1.0 - 1.0 / std::max(1, data.classes);
        }
        std::lock_guard lock(reportMutex);
        --running;
        if (run.result.status == TrainResult::Status::Cancelled)
            return;
        ++done;
        if (callbacks.onRunDone) {
            SweepProgress p;
            p.done = done;
            p.total = int(runs.size());
            p.running = running;
            p.elapsed = elapsed();
            p.eta = done > 0 ? p.elapsed / done * double(p.total - done) : 0.0;
            p.finished = &run;
            p.finishedIndex = int(i);
            callbacks.onRunDone(p);
        }
    };
    runTasks(int(order.size()), jobs, stop, trainRun);
    return runs;
}

std::vector<SweepSummaryRow> summarizeSweep(const std::vector<SweepRun>& runs) {
    std::map<std::pair<std::string, int>, std::vector<const SweepRun*>> groups;
    std::vector<std::pair<std::string, int>> keys;
    for (const SweepRun& r : runs) {
        if (r.result.status == TrainResult::Status::Cancelled)
            continue;
        const auto key = std::make_pair(r.family, r.depth);
        if (!groups.count(key))
            keys.push_back(key);
        groups[key].push_back(&r);
    }
    std::vector<SweepSummaryRow> rows;
    for (const auto& key : keys) {
        const auto& group = groups[key];
        SweepSummaryRow row;
        row.family = key.first;
        row.depth = key.second;
        row.runs = int(group.size());
        row.minTrainError = row.minTestError = 1e300;
        row.maxTrainError = row.maxTestError = -1e300;
        for (const SweepRun* r : group) {
            row.meanTrainError += r->finalTrainError / double(group.size());
            row.meanTestError += r->finalTestError / double(group.size());
            row.meanTrainLoss += r->finalTrainLoss / double(group.size());
            row.minTrainError = std::min(row.minTrainError, r->finalTrainError);
            row.maxTrainError = std::max(row.maxTrainError, r->finalTrainError);
            row.minTestError = std::min(row.minTestError, r->finalTestError);
            row.maxTestError = std::max(row.maxTestError, r->finalTestError);
        }
        rows.push_back(row);
    }
    return rows;
}

}  // namespace core
