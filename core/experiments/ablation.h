// core/experiments/ablation.h: the block-design ablation of He et al. 2016 ("Identity Mappings
// in Deep Residual Networks", Tables 1 and 2) on the project's own data: one deep residual
// network per variant, identical but for the variant, every variant trained from the same data,
// the same seeds (so the same initial weights for every layer they share) and the same batch
// order, like the depth sweep's twins. Measured: the final training and test error of every
// run; summarised: the median over seeds and the failed runs (diverged, or a final test error
// above 20%, the paper's "fail"). Next to each median the paper's number: ResNet-110 on
// CIFAR-10, test error in %, median of 5 runs.
// Variants beyond the paper (ReZero, SkipInit, Fixup) carry no paper number.
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_registry.h"
#include "core/spec/network_spec.h"
#include "core/train/trainer.h"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

struct AblationVariant {
    std::string name;          // command-line and CSV key: "identity", "scaling-0.5", ...
    std::string label;         // as the paper names it: "constant scaling, lambda = 0.5 (shortcut)"
    std::string source;        // "Table 1, Fig. 2b", "ReZero (Bachlechner et al. 2020)"
    std::string paper;         // the paper's test error: "6.61", "fail", or "" when it has none
    ShortcutKind shortcut = ShortcutKind::Identity;   // Projection: the 1x1 conv shortcut
    bool batchNorm = true;
    BlockDesign design;
};

// Every variant of the default table, in the paper's order: Table 1 (shortcuts), Table 2
// (activation placement), then the identity-at-initialisation schemes.
const std::vector<AblationVariant>& ablationVariants();
std::optional<AblationVariant> ablationVariant(const std::string& name);

struct AblationConfig {
    std::vector<std::string> variants;     // names; empty = every variant
    int depth = 110;
    std::vector<std::uint64_t> seeds{0, 1, 2, 3, 4};
    std::string data = "spiral";
    DataOptions dataOptions{};
    int width = 32;
    TrainConfig train{};
    int jobs = 0;                          // parallel runs; 0 = one per core
};

// The default bench: see ablation.cpp for the settings and the reasons.
AblationConfig defaultAblation();

// Every problem of the config (unknown variant names, depths, seeds, training settings).
std::vector<std::string> checkAblationConfig(const AblationConfig& config);

// The network of a variant: the depth sweep's residual network (sweepNetwork) with every block's
// design, batch norm and same-shape shortcut set by the variant. Throws SpecError when the depth
// does not fit the data.
NetworkSpec ablationNetwork(const AblationConfig& config, const Dataset& data, const AblationVariant& variant);

struct AblationRun {
    std::string variant;
    std::uint64_t seed = 0;
    TrainResult result;
    double finalTrainError = 0, finalTestError = 0;
    bool diverged = false;
    double seconds = 0;
};

struct AblationProgress {
    int done = 0;
    int total = 0;
    double elapsed = 0;
    const AblationRun* finished = nullptr;
    int finishedIndex = -1;
};

// Runs every variant x seed on `data`, in parallel on the cores; results in the order variants
// x seeds. `onRunDone` is called serialised, from a worker thread, when a run ends. A cancelled
// run keeps status Cancelled; the function returns when all jobs have stopped.
std::vector<AblationRun> runAblation(const AblationConfig& config, const Dataset& data, std::stop_token stop = {},
                                     const std::function<void(const AblationProgress&)>& onRunDone = {});

struct AblationSummaryRow {
    std::string variant, label, source, paper;
    int runs = 0;
    double medianTrainError = 0, minTrainError = 0, maxTrainError = 0;
    double medianTestError = 0, minTestError = 0, maxTestError = 0;
    int failedRuns = 0;          // diverged or final test error above kAblationFailError
};
constexpr double kAblationFailError = 0.20;   // He et al. 2016: "fail" is a test error above 20%

// Median and spread over seeds per variant (finished runs only), in the order of the runs.
std::vector<AblationSummaryRow> summarizeAblation(const std::vector<AblationRun>& runs);

}  // namespace core
