#include "core/experiments/ablation.h"

#include "core/experiments/depth_sweep.h"
#include "core/experiments/task_pool.h"
#include "core/init/initializer.h"
#include "core/parallel.h"
#include "core/spec/build_network.h"
#include "core/spec/spec_analysis.h"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

namespace core {

namespace {

AblationVariant make(std::string name, std::string label, std::string source, std::string paper,
                     const std::function<void(AblationVariant&)>& edit = {}) {
    AblationVariant v;
    v.name = std::move(name);
    v.label = std::move(label);
    v.source = std::move(source);
    v.paper = std::move(paper);
    if (edit)
        edit(v);
    return v;
}

void scaling(AblationVariant& v, bool both) {
    v.design.shortcutVariant = ShortcutVariant::ConstantScaling;
    v.design.shortcutScale = 0.5;
    v.design.scaleBranch = both;
}

void gating(AblationVariant& v, ShortcutVariant kind, double bias) {
    v.design.shortcutVariant = kind;
    v.design.gateBias = bias;
}

double median(std::vector<double> values) {
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

const std::vector<AblationVariant>& ablationVariants() {
    static const std::vector<AblationVariant> variants = {
        make("identity", "identity shortcut (original block)", "Table 1 and 2, Fig. 2a / 4a", "6.61"),
        make("scaling-0.5", "constant scaling, lambda = 0.5 on the shortcut", "Table 1, Fig. 2b", "fail",
             [](AblationVariant& v) { scaling(v, false); }),
        make("scaling-0.5-both", "constant scaling, lambda = 0.5 on shortcut and F", "Table 1, Fig. 2b", "12.35",
             [](AblationVariant& v) { scaling(v, true); }),
        make("exclusive-gating-0", "exclusive gating, b_g = 0", "Table 1, Fig. 2c", "fail",
             [](AblationVariant& v) { gating(v, ShortcutVariant::ExclusiveGating, 0.0); }),
        make("exclusive-gating-6", "exclusive gating, b_g = -6", "Table 1, Fig. 2c", "8.70",
             [](AblationVariant& v) { gating(v, ShortcutVariant::ExclusiveGating, -6.0); }),
        make("shortcut-gating-0", "shortcut-only gating, b_g = 0", "Table 1, Fig. 2d", "12.86",
             [](AblationVariant& v) { gating(v, ShortcutVariant::ShortcutOnlyGating, 0.0); }),
        make("shortcut-gating-6", "shortcut-only gating, b_g = -6", "Table 1, Fig. 2d", "6.91",
             [](AblationVariant& v) { gating(v, ShortcutVariant::ShortcutOnlyGating, -6.0); }),
        make("conv-shortcut", "1x1 conv shortcut", "Table 1, Fig. 2e", "12.22",
             [](AblationVariant& v) { v.shortcut = ShortcutKind::Projection; }),
        make("dropout-0.5", "dropout shortcut, rate 0.5", "Table 1, Fig. 2f", "fail",
             [](AblationVariant& v) { v.design.shortcutVariant = ShortcutVariant::Dropout; }),
        make("bn-after-addition", "BN after addition", "Table 2, Fig. 4b", "8.17",
             [](AblationVariant& v) { v.design.placement = Placement::BnAfterAddition; }),
        make("relu-before-addition", "ReLU before addition", "Table 2, Fig. 4c", "7.84",
             [](AblationVariant& v) { v.design.placement = Placement::ReluBeforeAddition; }),
        make("relu-only-preact", "ReLU-only pre-activation", "Table 2, Fig. 4d", "6.71",
             [](AblationVariant& v) { v.design.placement = Placement::ReluOnlyPreActivation; }),
        make("full-preact", "full pre-activation", "Table 2, Fig. 4e", "6.37",
             [](AblationVariant& v) { v.design.placement = Placement::FullPreActivation; }),
        make("rezero", "ReZero: x + alpha F(x), alpha = 0 (full pre-activation)", "Bachlechner et al. 2020", "",
             [](AblationVariant& v) {
                 v.design.placement = Placement::FullPreActivation;
                 v.design.residualScale = ResidualScale::ReZero;
             }),
        make("skipinit", "SkipInit: alpha = 0 at the end of F, no batch norm", "De & Smith 2020", "",
             [](AblationVariant& v) {
                 v.batchNorm = false;
                 v.design.residualScale = ResidualScale::SkipInit;
             }),
        make("fixup", "Fixup: scalar biases and multiplier, rescaled init, no batch norm",
             "Zhang, Dauphin, Ma 2019", "",
             [](AblationVariant& v) {
                 v.batchNorm = false;
                 v.design.residualScale = ResidualScale::Fixup;
             }),
    };
    return variants;
}

std::optional<AblationVariant> ablationVariant(const std::string& name) {
    for (const AblationVariant& v : ablationVariants())
        if (v.name == name)
            return v;
    return std::nullopt;
}

AblationConfig defaultAblation() {
    AblationConfig c;
    c.train = defaultSweep().train;
    return c;
}

std::vector<std::string> checkAblationConfig(const AblationConfig& c) {
    std::vector<std::string> problems = checkTrainConfig(c.train);
    for (const std::string& name : c.variants)
        if (!ablationVariant(name)) {
            std::string known;
            for (const AblationVariant& v : ablationVariants())
                known += (known.empty() ? "" : ", ") + v.name;
            problems.push_back("variants: unknown variant '" + name + "' (known: " + known + ")");
        }
    if (c.depth < 4 || c.depth > 1202)
        problems.push_back("depth: " + std::to_string(c.depth) + " is out of range [4, 1202]");
    if (c.seeds.empty())
        problems.push_back("seeds: give at least one seed");
    if (c.width < 1 || c.width > 4096)
        problems.push_back("width is " + std::to_string(c.width) + "; it must be between 1 and 4096");
    if (c.jobs < 0 || c.jobs > 256)
        problems.push_back("jobs is " + std::to_string(c.jobs) + "; it must be between 0 (one per core) and 256");
    return problems;
}

NetworkSpec ablationNetwork(const AblationConfig& config, const Dataset& data, const AblationVariant& variant) {
    SweepConfig sweep;
    sweep.width = config.width;
    sweep.batchNorm = variant.batchNorm;
    sweep.residualDesign = variant.design;
    sweep.deepDesignFrom = 0;   // the variant's design at any depth
    NetworkSpec spec = sweepNetwork(sweep, data, "residual", config.depth);
    for (BlockSpec& b : spec.blocks)
        if (variant.shortcut == ShortcutKind::Projection && b.shortcut == ShortcutKind::Identity)
            b.shortcut = ShortcutKind::Projection;
    spec.name = variant.name + "-" + std::to_string(config.depth);
    return spec;
}

std::vector<AblationRun> runAblation(const AblationConfig& config, const Dataset& data, std::stop_token stop,
                                     const std::function<void(const AblationProgress&)>& onRunDone) {
    const std::vector<std::string> problems = checkAblationConfig(config);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());
    std::vector<AblationVariant> variants;
    if (config.variants.empty())
        variants = ablationVariants();
    else
        for (const std::string& name : config.variants)
            variants.push_back(*ablationVariant(name));

    std::vector<AblationRun> runs;
    std::vector<NetworkSpec> specs;
    for (const AblationVariant& v : variants) {
        const NetworkSpec spec = ablationNetwork(config, data, v);   // throws before any work
        const std::vector<SpecIssue> issues = validate(spec);
        if (!issues.empty())
            throw SpecError(v.name + ": " + issues.front().message);
        for (std::uint64_t seed : config.seeds) {
            AblationRun run;
            run.variant = v.name;
            run.seed = seed;
            runs.push_back(run);
            specs.push_back(spec);
        }
    }

    const int jobs = taskThreads(config.jobs, int(runs.size()));
    const ComputeThreads threads(jobs > 1 ? 1 : Eigen::nbThreads());
    std::mutex reportMutex;
    int done = 0;
    const auto start = std::chrono::steady_clock::now();
    const double chance = 1.0 - 1.0 / std::max(1, data.classes);

    // The runs in order on `jobs` threads (core/experiments/task_pool.h), as the depth sweep's.
    auto trainRun = [&](int index, int) {
        const std::size_t i = std::size_t(index);
        AblationRun& run = runs[i];
        auto net = buildNetwork(specs[i]);
        TrainConfig trainConfig = config.train;
        trainConfig.seed = run.seed;
        if (jobs > 1 || !data.shape.spatial)   // an MLP's products are too small to split
            trainConfig.threads = 1;            // (depth_sweep.cpp)
        initialize(*net, trainConfig.init, run.seed);   // the same seed: the same weights
        run.result = train(*net, data, trainConfig, stop);
        run.seconds = run.result.seconds;
        if (!run.result.history.empty()) {
            run.finalTrainError = run.result.history.back().trainError;
            run.finalTestError = run.result.history.back().testError;
        }
        run.diverged = run.result.status == TrainResult::Status::Diverged;
        if (run.diverged)   // a diverged run has failed to train: chance-level error
            run.finalTrainError = run.finalTestError = chance;
        std::lock_guard lock(reportMutex);
        if (run.result.status == TrainResult::Status::Cancelled)
            return;
        ++done;
        if (onRunDone) {
            AblationProgress p;
            p.done = done;
            p.total = int(runs.size());
            p.elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            p.finished = &run;
            p.finishedIndex = int(i);
            onRunDone(p);
        }
    };
    runTasks(int(runs.size()), jobs, stop, trainRun);
    return runs;
}

std::vector<AblationSummaryRow> summarizeAblation(const std::vector<AblationRun>& runs) {
    std::vector<AblationSummaryRow> rows;
    std::map<std::string, std::size_t> index;
    std::vector<std::vector<const AblationRun*>> groups;
    for (const AblationRun& r : runs) {
        if (r.result.status == TrainResult::Status::Cancelled)
            continue;
        auto [it, fresh] = index.try_emplace(r.variant, rows.size());
        if (fresh) {
            AblationSummaryRow row;
            row.variant = r.variant;
            if (const auto v = ablationVariant(r.variant)) {
                row.label = v->label;
                row.source = v->source;
                row.paper = v->paper;
            }
            rows.push_back(row);
            groups.emplace_back();
        }
        groups[it->second].push_back(&r);
    }
    for (std::size_t k = 0; k < rows.size(); ++k) {
        AblationSummaryRow& row = rows[k];
        std::vector<double> train, test;
        for (const AblationRun* r : groups[k]) {
            train.push_back(r->finalTrainError);
            test.push_back(r->finalTestError);
            row.failedRuns += (r->diverged || r->finalTestError > kAblationFailError) ? 1 : 0;
        }
        row.runs = int(train.size());
        row.medianTrainError = median(train);
        row.medianTestError = median(test);
        row.minTrainError = *std::min_element(train.begin(), train.end());
        row.maxTrainError = *std::max_element(train.begin(), train.end());
        row.minTestError = *std::min_element(test.begin(), test.end());
        row.maxTestError = *std::max_element(test.begin(), test.end());
    }
    return rows;
}

}  // namespace core
