// core/experiments/twin_training.h: a network and its twin, trained side by side for a fair
// comparison: the plain and the residual version of one chain (presets.h plainTwin and
// residualTwin), the same seed, so the same initial weights and the same batch order. The
// lesion study and the path-length analysis start from such a trained pair; the twins run in
// parallel threads, one core each.
#pragma once

#include "core/data/dataset.h"
#include "core/network/network.h"
#include "core/spec/network_spec.h"
#include "core/train/trainer.h"

#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

// "residual" when any block has a shortcut, otherwise "plain".
std::string familyOf(const NetworkSpec& spec);

// The plain and the residual version of `spec`, in that order (one of them is `spec` itself,
// the other is named after it: spiral-residual-56 <-> spiral-plain-56, ResNet-20 <-> Plain-20,
// otherwise "<name> (plain twin)").
// Where a block changes shape the residual twin uses `whereShapesChange` (projection or
// zero-pad), unless `spec` is residual already and says so itself.
std::vector<NetworkSpec> twinSpecs(const NetworkSpec& spec, ShortcutKind whereShapesChange = ShortcutKind::ZeroPad);

// One trained network, ready for a lesion study or the path-length analysis.
struct TrainedNetwork {
    std::string family;                  // "plain" or "residual"
    NetworkSpec spec;
    std::unique_ptr<Network> net;
    TrainResult result;
};

// Builds, initialises (config.init, config.seed) and trains every spec on `data`, in
// parallel. Throws SpecError for an invalid spec or one that does not fit the data, and
// std::invalid_argument for a bad config. `onEpoch` is called serialised, with the index of
// the spec. `onStep`, when given, is called after every step from that run's own thread, not
// serialised (the runs call it at the same time, each with its own network): keep what it
// touches per run (e.g. one CheckpointRecorder each). With epochs == 0 the networks are only
// initialised (history empty).
std::vector<TrainedNetwork> trainNetworks(const std::vector<NetworkSpec>& specs, const Dataset& data,
                                          const TrainConfig& config, std::stop_token stop = {},
                                          const std::function<void(int, const EpochReport&)>& onEpoch = {},
                                          const std::function<void(int, const StepReport&, Network&)>& onStep = {});

// Checks that `spec` is valid and fits `data` (input shape and classes); throws SpecError
// with every problem otherwise.
void checkSpecFitsData(const NetworkSpec& spec, const Dataset& data);

}  // namespace core
