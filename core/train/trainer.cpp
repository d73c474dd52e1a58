#include "core/train/trainer.h"

#include "core/data/preprocess.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/random.h"
#include "core/spec/memory_estimate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace core {

namespace {

void shuffle(std::vector<Eigen::Index>& order, Rng& rng) {
    for (std::size_t i = order.size(); i > 1; --i)
        std::swap(order[i - 1], order[rng.below(i)]);
}

// Refuses, before any activation is allocated, a run whose tensors would not fit in the
// memory the system has left (the data set and the network's parameters are counted already).
void checkMemory(Network& net, int batch, int evalBatch, int threads) {
    const std::int64_t available = availableMemoryBytes();
    if (available <= 0)
        return;
    const std::int64_t need = estimateTrainingBytes(net, batch, evalBatch, threads);
    if (need <= available)
        return;
    // The estimate grows with the batch (and the evaluation batch stays below it for the
    // large networks this refuses), so the batch that fits scales with what is left over.
    const std::int64_t fixed = estimateTrainingBytes(net, 0, 0, threads);
    const std::int64_t perSample = std::max<std::int64_t>(1, (need - fixed) / std::max(1, std::max(batch, evalBatch)));
    const std::int64_t fits = available > fixed ? (available - fixed) / perSample : 0;
    std::string message = "training with batch " + std::to_string(batch) + " needs about " + formatBytes(need) +
                          " of memory, but only " + formatBytes(available) + " is available: use a smaller batch";
    if (fits >= 2)
        message += " (up to about " + std::to_string(fits) + " fits)";
    throw std::invalid_argument(message + " or a smaller network");
}

std::string divergenceMessage(long long step, float loss) {
    std::ostringstream s;
    s << "training diverged at step " << step << " (the loss is " << loss
      << "): the learning rate is probably too high; try a smaller one, or turn batch norm on";
    return s.str();
}

}  // namespace

bool parametersFinite(Network& net) {
    for (const ParamView& p : net.params())
        if (!p.value.allFinite())
            return false;
    return true;
}

long long stepsPerEpoch(Eigen::Index samples, const TrainConfig& config) {
    if (samples < 2)
        return 0;
    const Eigen::Index batch = std::min<Eigen::Index>(config.batchSize, samples);
    long long steps = (samples + batch - 1) / batch;
    if (samples % batch == 1)
        --steps;   // a last batch of one sample cannot be batch-normalised: dropped
    if (config.maxStepsPerEpoch > 0)
        steps = std::min<long long>(steps, config.maxStepsPerEpoch);
    return steps;
}

int evaluationBatch(Network& net) {
    constexpr double kFlopsPerChunk = 2e9;   // about 30 ms at the engine's conv speed
    const double perSample = std::max(1.0, forwardFlops(net, 1));
    return int(std::clamp(kFlopsPerChunk / perSample, 16.0, 1024.0));
}

EvalResult evaluate(Network& net, const Split& split, int batch, std::stop_token stop) {
    EvalResult result;
    const Eigen::Index n = split.size();
    if (n == 0)
        return result;
    net.setTraining(false);
    // In training, Stop is also answered between the blocks of a chunk's forward pass (the
    // network holds the run's token: BackwardStopped).
    struct TrainingAgain {
        Network& net;
        ~TrainingAgain() { net.setTraining(true); }
    } again{net};
    SoftmaxCrossEntropy loss;
    double totalLoss = 0.0;
    long long errors = 0;
    for (Eigen::Index start = 0; start < n; start += batch) {
        if (stop.stop_requested()) {
            result.cancelled = true;
            return result;
        }
        const Eigen::Index count = std::min<Eigen::Index>(batch, n - start);
        try {
            const Matrix& logits = net.forward(split.columns(start, count));
            totalLoss += double(loss.forward(logits, split.y.segment(start, count))) * double(count);
        } catch (const BackwardStopped&) {
            result.cancelled = true;
            return result;
        }
        errors += loss.errors();
    }
    result.loss = totalLoss / double(n);
    result.error = double(errors) / double(n);
    return result;
}

namespace {

// The training run; `result` and `step` hold what was done so far when a pass is stopped.
void trainSteps(Network& net, const Dataset& data, const TrainConfig& config, std::stop_token stop,
                const TrainCallbacks& callbacks, TrainResult& result, long long& step) {
    const std::vector<std::string> problems = checkTrainConfig(config);
    if (!problems.empty()) {
        std::string message = problems.front();
        for (std::size_t i = 1; i < problems.size(); ++i)
            message += "; " + problems[i];
        throw std::invalid_argument(message);
    }
    const Eigen::Index n = data.train.size();
    if (n < 2)
        throw std::invalid_argument("the training split has " + std::to_string(n) + " samples; at least 2 are needed");
    if (data.train.features() != net.inputShape().size())
        throw std::invalid_argument("the data has " + std::to_string(data.train.features()) +
                                    " values per sample but the network expects " +
                                    std::to_string(net.inputShape().size()) + " (" + net.inputShape().str() + ")");
    if (data.classes > net.outputShape().size())
        throw std::invalid_argument("the data has " + std::to_string(data.classes) + " classes but the network outputs " +
                                    std::to_string(net.outputShape().size()));

    keepFreedMemory();
    const int batch = int(std::min<Eigen::Index>(config.batchSize, n));
    const int threadCount = config.threads > 0 ? config.threads : computeThreadsFor(net, batch);
    const int evalBatch = evaluationBatch(net);
    checkMemory(net, batch, evalBatch, threadCount);
    const ComputeThreads threads(threadCount);
    const long long perEpoch = stepsPerEpoch(n, config);
    const LrSchedule schedule = makeSchedule(config, perEpoch);
    const std::unique_ptr<Optimizer> optimizer = makeOptimizer(config);
    std::vector<ParamView> params = net.params();
    SoftmaxCrossEntropy loss;
    Rng order(Rng::derive(config.seed, 2));
    std::vector<Eigen::Index> perm(static_cast<std::size_t>(n));
    std::iota(perm.begin(), perm.end(), Eigen::Index(0));

    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    const long long totalSteps = perEpoch * config.epochs;
    net.setTraining(true);
    // Stop is also answered between the blocks of a forward or backward pass (a deep conv net
    // takes a second or more per step); the token is the caller's only while this run lasts.
    net.setStopToken(stop);
    struct ClearStop {
        Network& net;
        ~ClearStop() { net.setStopToken({}); }
    } clearStop{net};
    Matrix xb;
    Labels yb;

    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        shuffle(perm, order);
        double lossSum = 0.0, errorSum = 0.0;
        for (long long s = 0; s < perEpoch; ++s) {
            if (stop.stop_requested()) {
                result.status = TrainResult::Status::Cancelled;
                result.steps = step;
                result.seconds = elapsed();
                return;
            }
            const Eigen::Index first = s * batch;
            const Eigen::Index count = std::min<Eigen::Index>(batch, n - first);
            const std::span<const Eigen::Index> idx(perm.data() + first, std::size_t(count));
            data.train.gather(idx, xb);
            gatherLabels(data.train.y, idx, yb);

            const bool probe = config.probeInterval > 0 && callbacks.onProbe &&
                               (step % config.probeInterval == 0);
            if (probe)
                net.setProbing(true);
            net.zeroGrad();
            const float batchLoss = loss.forward(net.forward(xb), yb);
            if (!std::isfinite(batchLoss)) {
                if (probe)
                    net.setProbing(false);
                result.status = TrainResult::Status::Diverged;
                result.divergedAtStep = step + 1;
                result.message = divergenceMessage(step + 1, batchLoss);
                result.steps = step;
                result.seconds = elapsed();
                return;
            }
            net.backward(loss.backward());
            if (probe) {
                callbacks.onProbe(readProbes(net, step + 1));
                net.setProbing(false);
            }
            const double lr = schedule.at(step);
            optimizer->step(params, float(lr));
            ++step;
            lossSum += batchLoss;
            errorSum += double(loss.errors()) / double(count);
            if (callbacks.onStep)
                callbacks.onStep({step, epoch, totalSteps, batchLoss, float(loss.errors()) / float(count), lr}, net);
        }
        if (!parametersFinite(net)) {
            result.status = TrainResult::Status::Diverged;
            result.divergedAtStep = step;
            result.message = "training diverged by step " + std::to_string(step) +
                             " (a parameter became infinite or NaN): the learning rate is probably too high; "
                             "try a smaller one, or turn batch norm on";
            result.steps = step;
            result.seconds = elapsed();
            return;
        }
        EpochReport report;
        report.epoch = epoch + 1;
        report.step = step;
        report.batchLoss = lossSum / double(perEpoch);
        report.batchError = errorSum / double(perEpoch);
        const EvalResult onTrain = evaluate(net, data.train, evalBatch, stop);
        const EvalResult onTest = onTrain.cancelled ? onTrain : evaluate(net, data.test, evalBatch, stop);
        if (onTest.cancelled) {
            result.status = TrainResult::Status::Cancelled;
            result.steps = step;
            result.seconds = elapsed();
            return;
        }
        report.trainLoss = onTrain.loss;
        report.trainError = onTrain.error;
        report.testLoss = onTest.loss;
        report.testError = onTest.error;
        report.seconds = elapsed();
        if (!std::isfinite(report.trainLoss)) {
            result.status = TrainResult::Status::Diverged;
            result.divergedAtStep = step;
            result.message = divergenceMessage(step, float(report.trainLoss));
            result.steps = step;
            result.seconds = elapsed();
            return;
        }
        result.history.push_back(report);
        if (callbacks.onEpoch)
            callbacks.onEpoch(report, net);
    }
    result.steps = step;
    result.seconds = elapsed();
}

}  // namespace

TrainResult train(Network& net, const Dataset& data, const TrainConfig& config, std::stop_token stop,
                  const TrainCallbacks& callbacks) {
    const auto start = std::chrono::steady_clock::now();
    TrainResult result;
    long long step = 0;
    try {
        trainSteps(net, data, config, stop, callbacks, result, step);
    } catch (const BackwardStopped&) {
        // A pass stopped between two blocks (the step's own, or a callback's): the step's
        // incomplete gradients are not applied, and a training-mode forward pass has put its
        // BN statistics back.
        net.setProbing(false);
        net.setTraining(true);
        result.status = TrainResult::Status::Cancelled;
        result.steps = step;
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return result;
}

}  // namespace core
