// bench/probe_bench.cpp: what the probes cost. Trains the same network on the default spiral
// data with probes off and with probes every N steps (core::kDefaultProbeInterval, 50 steps),
// and prints the time per training step of both and the overhead in percent (the aim is under
// 10%). Usage: resnetlab-probe-bench [--depth 56] [--interval 50] [--epochs 20] [--repeats 5]
// With --image N: a 6N+2 conv net (16 base channels, batch 128) on the first 1,280 Fashion-MNIST
// training images instead (Debian's dataset-fashion-mnist), the network the window's live flow view probes while it trains on images;
// the probe's own cost per step is then printed too (the difference times the interval).
#include "core/data/dataset_registry.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/train/trainer.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

int argValue(int argc, char** argv, const char* name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return std::stoi(argv[i + 1]);
    return fallback;
}

core::NetworkSpec networkSpec(int depth, int imageBlocks) {
    if (imageBlocks > 0) {
        core::CifarOptions o;
        o.n = imageBlocks;
        o.channels = 1;
        o.height = o.width = 28;
        o.classes = 10;
        return core::cifarResNet(o);
    }
    core::MlpOptions o;
    o.depth = depth;
    return core::mlpNet(o);
}

double secondsPerStep(const core::Dataset& data, const core::NetworkSpec& spec, int interval, int epochs,
                      long long* probes) {
    auto net = core::buildNetwork(spec);
    core::initialize(*net, {}, 0);
    core::TrainConfig c;
    c.epochs = epochs;
    c.batchSize = 128;
    c.probeInterval = interval;
    core::TrainCallbacks cb;
    if (interval > 0)
        cb.onProbe = [&](const core::ProbeReport& r) { *probes += long(r.layers.size()); };
    const core::TrainResult r = core::train(*net, data, c, {}, cb);
    return r.seconds / double(std::max(1LL, r.steps));
}

}  // namespace

int main(int argc, char** argv) {
    const int depth = argValue(argc, argv, "--depth", 56);
    const int interval = argValue(argc, argv, "--interval", core::kDefaultProbeInterval);
    const int epochs = argValue(argc, argv, "--epochs", 20);
    const int repeats = argValue(argc, argv, "--repeats", 5);
    const int imageBlocks = argValue(argc, argv, "--image", 0);
    core::DataOptions options;
    options.maxTrain = 1280;
    options.maxTest = 128;
    const core::Dataset data = imageBlocks > 0 ? core::loadDataset("fashion-mnist", options) : core::loadDataset("spiral");
    const core::NetworkSpec spec = networkSpec(depth, imageBlocks);
    std::vector<double> off, on;
    long long probed = 0;
    for (int r = 0; r < repeats; ++r) {
        off.push_back(secondsPerStep(data, spec, 0, epochs, &probed));
        on.push_back(secondsPerStep(data, spec, interval, epochs, &probed));
    }
    std::sort(off.begin(), off.end());
    std::sort(on.begin(), on.end());
    const double a = off[off.size() / 2], b = on[on.size() / 2];
    const std::string name = imageBlocks > 0 ? "fashion-mnist-resnet-" + std::to_string(6 * imageBlocks + 2)
                                             : "spiral-residual-" + std::to_string(depth);
    std::printf("{\"network\": \"%s\", \"probe_interval\": %d, \"ms_per_step_without\": %.4f, "
                "\"ms_per_step_with\": %.4f, \"overhead_percent\": %.2f, \"ms_per_probe\": %.2f}\n",
                name.c_str(), interval, a * 1e3, b * 1e3, 100.0 * (b - a) / a, (b - a) * 1e3 * interval);
    return 0;
}
