// core/train/train_config.h: everything that decides a training run besides the network and
// the data: optimizer, learning-rate schedule, batch size, epochs, seed and probe interval.
#pragma once

#include "core/init/initializer.h"
#include "core/optim/adam.h"
#include "core/optim/lr_schedule.h"
#include "core/optim/optimizer.h"
#include "core/optim/sgd.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class OptimizerKind { Sgd, Adam };

// The probe interval the app and CLI use when asked for probes without an interval: a probe
// costs about one extra training step (bench/probe_bench.cpp: 4.6% of the training time of a
// 56-layer spiral net at 50 steps, 9.3% at 25, 20% at 10).
constexpr int kDefaultProbeInterval = 50;

struct TrainConfig {
    int epochs = 40;
    int batchSize = 128;
    OptimizerKind optimizer = OptimizerKind::Sgd;
    SgdOptions sgd{0.9f, 0.0f, false};
    AdamOptions adam{};
    double learningRate = 0.05;
    ScheduleKind schedule = ScheduleKind::Cosine;
    int stepSizeEpochs = 10;        // step schedule: decay every this many epochs
    double stepGamma = 0.1;
    int warmupEpochs = 0;
    InitOptions init{};
    std::uint64_t seed = 0;         // initial weights and batch order
    int probeInterval = 0;          // steps between probes; 0 = no probes
    int maxStepsPerEpoch = 0;       // 0 = the whole training split every epoch
    int threads = 0;                // threads inside one step; 0 = chosen from the network's size
};

// Range checks with messages naming the field ("learning rate 1e9 is absurd; use ...").
std::vector<std::string> checkTrainConfig(const TrainConfig& config);

std::unique_ptr<Optimizer> makeOptimizer(const TrainConfig& config);
LrSchedule makeSchedule(const TrainConfig& config, long long stepsPerEpoch);

std::string_view optimizerName(OptimizerKind kind);   // "sgd", "adam"
std::optional<OptimizerKind> optimizerFromName(std::string_view name);

}  // namespace core
