// app/cli/experiment_setup.h: what the lesion and paths commands start from. SPEC_OR_BUNDLE is
// a preset name, a network spec file or a run bundle; without one, the default spiral twins
// (core::mlpNet, depth 56 or --depth, plain and residual), or the command's own defaults. The networks arrive trained: restored from a
// bundle's saved weights when it has them (no training at all), otherwise trained here with
// the depth sweep's default settings and data, with the command-line options on top.
#pragma once

#include "app/cli/cli_args.h"

#include "core/data/dataset.h"
#include "core/data/dataset_registry.h"
#include "core/experiments/twin_training.h"
#include "core/io/run_bundle.h"
#include "core/train/train_config.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

// A training run diverged: the command reports it and exits with kDiverged.
class TrainingDiverged : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Experiment {
    std::string source;                      // "default", a preset name or a file path
    std::string dataName;
    core::DataOptions dataOptions;
    core::TrainConfig training;
    core::Dataset data;
    std::vector<core::TrainedNetwork> nets;  // the requested families, plain before residual
    bool restored = false;                   // the weights came from a bundle
    std::optional<core::RunBundle> bundle;   // the input bundle, if any
};

// The options prepareExperiment reads: the training and data options plus --depth, --seed,
// --save-bundle, --input (re-shape an image spec or preset) and the flag --retrain (ignore a
// bundle's saved weights).
std::set<std::string> experimentValueOptions();
std::set<std::string> experimentFlags();

// Loads or trains the networks of `families` ("plain", "residual"): with `twins`, the network
// named on the command line and its plain/residual twin; without, that network alone, which
// must then be of one of the families. With `train` false the networks are only initialised
// (the paths command's --at init). `onStep`, when given, is passed to core::trainNetworks (the
// landscape command keeps checkpoints with it); it is not called for restored networks.
// `defaultNetworks`, when not empty, are the networks to use when neither SPEC_OR_BUNDLE nor --depth
// is given (the lesion study's plain and residual nets of different depths). `defaultSeed`, when
// given, replaces the sweep's training seed when --seed is not given and no bundle brings one.
// Throws UsageError, SpecError, DataError, BundleError, or TrainingDiverged.
Experiment prepareExperiment(const Args& args, const std::vector<std::string>& families, bool twins, bool train,
                             const std::function<void(int, const core::StepReport&, core::Network&)>& onStep = {},
                             const std::vector<core::NetworkSpec>& defaultNetworks = {},
                             std::optional<std::uint64_t> defaultSeed = {});

// A bundle of the experiment: its settings, the runs with their histories and weights; the
// caller adds its results. Starts from the input bundle when there was one.
core::RunBundle experimentBundle(const Experiment& experiment, const std::string& name);

}  // namespace cli
