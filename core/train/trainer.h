// core/train/trainer.h: the training loop, synchronous and cancellable. Mini-batch SGD/Adam on
// the training split in a seeded order; after every epoch the training and test splits are
// evaluated in evaluation mode (BN uses its running statistics). Reports go through callbacks
// in the calling thread; the loop knows nothing of any UI.
// Divergence (a loss or parameter that is NaN or infinite) is a result, not an exception: the
// run stops and says at which step, with a hint.
#pragma once

#include "core/data/dataset.h"
#include "core/network/network.h"
#include "core/train/probes.h"
#include "core/train/train_config.h"

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

struct StepReport {
    long long step = 0;        // 1-based count of updates done
    int epoch = 0;             // 0-based epoch of this step
    long long totalSteps = 0;
    float loss = 0;            // this batch's loss before the update
    float error = 0;           // this batch's error rate (training mode)
    double learningRate = 0;
};

struct EpochReport {
    int epoch = 0;             // 1-based: epochs completed
    long long step = 0;
    double batchLoss = 0;      // mean of the epoch's batch losses (training mode)
    double batchError = 0;
    double trainLoss = 0;      // whole training split, evaluation mode
    double trainError = 0;
    double testLoss = 0;       // test split, evaluation mode (0 when there is none)
    double testError = 0;
    double seconds = 0;        // since the start of the run
};

struct TrainCallbacks {
    std::function<void(const StepReport&, Network&)> onStep;
    std::function<void(const EpochReport&, Network&)> onEpoch;
    std::function<void(const ProbeReport&)> onProbe;
};

struct TrainResult {
    enum class Status { Finished, Cancelled, Diverged };
    Status status = Status::Finished;
    std::vector<EpochReport> history;
    long long steps = 0;
    long long divergedAtStep = -1;
    std::string message;       // for Diverged: what and where, with a hint
    double seconds = 0;
};

struct EvalResult {
    double loss = 0;
    double error = 0;
    bool cancelled = false;   // `stop` came before the last chunk; loss and error are not set
};

// Loss and error rate of `net` on a split in evaluation mode (chunks of `batch` columns),
// checking `stop` before each chunk. Leaves the network in training mode.
EvalResult evaluate(Network& net, const Split& split, int batch = 1024, std::stop_token stop = {});
// The evaluation chunk for `net`: up to 1024 samples, fewer for networks whose forward pass
// is expensive, so that a chunk takes a few tens of milliseconds and Stop is answered promptly
// even during the per-epoch evaluation of a large data set.
int evaluationBatch(Network& net);

// Updates per epoch for `samples` training samples: ceil(samples / batch), where a last batch of
// one sample is dropped (it cannot be batch-normalised), capped by config.maxStepsPerEpoch;
// 0 when there are fewer than 2 samples.
long long stepsPerEpoch(Eigen::Index samples, const TrainConfig& config);

// Trains `net` (already initialised) on `data`. Throws std::invalid_argument when the config
// fails checkTrainConfig or does not fit the data (the message names the field), and, before
// allocating any activation, when the run's tensors would need more memory than the system has
// available (the message gives both and a batch that fits).
TrainResult train(Network& net, const Dataset& data, const TrainConfig& config, std::stop_token stop = {},
                  const TrainCallbacks& callbacks = {});

// True when every parameter of `net` is finite.
bool parametersFinite(Network& net);

}  // namespace core
