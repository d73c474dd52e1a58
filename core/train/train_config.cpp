#include "core/train/train_config.h"

#include <cmath>
#include <sstream>

namespace core {

std::vector<std::string> checkTrainConfig(const TrainConfig& c) {
    std::vector<std::string> problems;
    auto fail = [&](const std::string& text) { problems.push_back(text); };
    auto number = [](double v) {
        std::ostringstream s;
        s << v;
        return s.str();
    };
    if (c.epochs < 1 || c.epochs > 100000)
        fail("epochs is " + std::to_string(c.epochs) + "; it must be between 1 and 100,000");
    if (c.batchSize < 2 || c.batchSize > 65536)
        fail("batch size is " + std::to_string(c.batchSize) +
             "; it must be between 2 and 65,536 (batch norm needs at least 2 samples)");
    if (!std::isfinite(c.learningRate) || c.learningRate <= 0.0 || c.learningRate > 100.0)
        fail("learning rate is " + number(c.learningRate) + "; it must be a number above 0 and at most 100");
    if (!std::isfinite(c.sgd.momentum) || c.sgd.momentum < 0.0f || c.sgd.momentum >= 1.0f)
        fail("momentum is " + number(c.sgd.momentum) + "; it must be in [0, 1)");
    const float wd = c.optimizer == OptimizerKind::Sgd ? c.sgd.weightDecay : c.adam.weightDecay;
    if (!std::isfinite(wd) || wd < 0.0f || wd > 1.0f)
        fail("weight decay is " + number(wd) + "; it must be in [0, 1]");
    if (c.optimizer == OptimizerKind::Adam &&
        (!(c.adam.beta1 >= 0.0 && c.adam.beta1 < 1.0) || !(c.adam.beta2 >= 0.0 && c.adam.beta2 < 1.0) ||
         !(c.adam.eps > 0.0f && std::isfinite(c.adam.eps))))
        fail("Adam needs betas in [0, 1) and a positive eps");
    if (c.stepSizeEpochs < 1)
        fail("step size is " + std::to_string(c.stepSizeEpochs) + " epochs; it must be at least 1");
    if (!std::isfinite(c.stepGamma) || c.stepGamma <= 0.0 || c.stepGamma > 1.0)
        fail("step decay factor is " + number(c.stepGamma) + "; it must be in (0, 1]");
    if (c.warmupEpochs < 0 || c.warmupEpochs > c.epochs)
        fail("warm-up is " + std::to_string(c.warmupEpochs) + " epochs; it must be between 0 and the epochs");
    if (c.probeInterval < 0)
        fail("probe interval is " + std::to_string(c.probeInterval) + "; it must be 0 (off) or more");
    if (c.maxStepsPerEpoch < 0)
        fail("steps per epoch is " + std::to_string(c.maxStepsPerEpoch) + "; it must be 0 (all) or more");
    return problems;
}

std::unique_ptr<Optimizer> makeOptimizer(const TrainConfig& c) {
    if (c.optimizer == OptimizerKind::Adam)
        return std::make_unique<Adam>(c.adam);
    return std::make_unique<Sgd>(c.sgd);
}

LrSchedule makeSchedule(const TrainConfig& c, long long stepsPerEpoch) {
    LrSchedule s;
    s.kind = c.schedule;
    s.baseLr = c.learningRate;
    s.totalSteps = std::max(1LL, stepsPerEpoch * c.epochs);
    s.stepSize = std::max(1LL, stepsPerEpoch * c.stepSizeEpochs);
    s.gamma = c.stepGamma;
    s.warmupSteps = stepsPerEpoch * c.warmupEpochs;
    return s;
}

std::string_view optimizerName(OptimizerKind kind) { return kind == OptimizerKind::Adam ? "adam" : "sgd"; }

std::optional<OptimizerKind> optimizerFromName(std::string_view name) {
    if (name == "sgd") return OptimizerKind::Sgd;
    if (name == "adam") return OptimizerKind::Adam;
    return std::nullopt;
}

}  // namespace core
