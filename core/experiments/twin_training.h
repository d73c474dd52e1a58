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

#include <exception>
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

// Builds and initialises (config.init, config.seed) a network for every spec, after checking
// that each fits `data` (checkSpecFitsData, which throws SpecError). The same seed gives every
// layer the twins share the same initial values.
std::vector<TrainedNetwork> prepareNetworks(const std::vector<NetworkSpec>& specs, const Dataset& data,
                                            const TrainConfig& config);

// What trainPrepared calls in each run's own thread, with the run's index; any may be empty.
struct TwinHooks {
    // Before the run's first step (after its thread has set one compute thread).
    std::function<void(int run, TrainedNetwork&)> beforeTraining;
    // core::train's callbacks for the run: per-step progress, pause and step gates, probes.
    std::function<TrainCallbacks(int run)> callbacks;
    // After core::train returned (run.result is set).
    std::function<void(int run, TrainedNetwork&)> afterTraining;
    // Every run in a thread of its own even on one core, so that twins advance together (a
    // live comparison); otherwise only as many threads as cores.
    bool sideBySide = false;
};

// Trains prepared networks on `data`, in parallel (one core each), each with `config` (the
// same seed: the same batch order) and stops at `stop`. A run that throws does not stop the
// others: its exception is returned at its index (null for runs that ended normally).
std::vector<std::exception_ptr> trainPrepared(std::vector<TrainedNetwork>& runs, const Dataset& data,
                                              const TrainConfig& config, std::stop_token stop,
                                              const TwinHooks& hooks = {});

// prepareNetworks, then trainPrepared; rethrows the first run's exception. Throws SpecError
// for an invalid spec or one that does not fit the data, and std::invalid_argument for a bad
// config. `onEpoch` is called serialised, with the index of the spec. `onStep`, when given, is
// called after every step from that run's own thread, not serialised (the runs call it at the
// same time, each with its own network): keep what it touches per run (e.g. one
// CheckpointRecorder each). With epochs == 0 the networks are only initialised (history empty).
std::vector<TrainedNetwork> trainNetworks(const std::vector<NetworkSpec>& specs, const Dataset& data,
                                          const TrainConfig& config, std::stop_token stop = {},
                                          const std::function<void(int, const EpochReport&)>& onEpoch = {},
                                          const std::function<void(int, const StepReport&, Network&)>& onStep = {});

// Checks that `spec` is valid and fits `data` (input shape and classes); throws SpecError
// with every problem otherwise.
void checkSpecFitsData(const NetworkSpec& spec, const Dataset& data);

}  // namespace core
