// bench/step_bench.cpp: the time of ONE training step of the engine (zeroGrad, forward, loss,
// backward, SGD momentum 0.9), median over many steps after warm-up, with 1 and 2 threads,
// for the configurations of the PyTorch reference (bench/torch_reference.py and the shared
// perf_bench.py). One JSON line per configuration and thread count, with the reference's
// fields (config, threads, steps, median_ms, p10_ms, median_cpu_ms, mflop_per_step, gflops)
// plus params, loss_end and engine, so the two outputs pair up by (config, threads).
// FLOPs/step = 3 x forward FLOPs of the dense and conv layers (spec_analysis) x batch,
// the reference's count; BN, ReLU, additions, pooling and the loss are not counted.
//
// Weights start from PyTorch's default initialisation (--init he for the engine's own).
//
// Usage: resnetlab-bench [--threads 1,2] [--min-time-mlp S] [--min-time-conv S]
//                        [--init torch|he] [--force-threads] [--list] [CONFIG[,CONFIG...]]
// With N threads the engine uses them as training does: a network whose products are too small
// to pay for a second thread (core::computeThreadsFor, the MLPs) runs on one; threads_used in
// the JSON line says how many it used. --force-threads makes every product use all N.
#include "core/blocks/residual_block.h"
#include "core/init/initializer.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/memory.h"
#include "core/network/network.h"
#include "core/optim/sgd.h"
#include "core/parallel.h"
#include "core/random.h"
#include "core/shortcuts/identity.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <Eigen/Core>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr std::uint64_t kSeed = 0;
constexpr float kLearningRate = 0.01f;     // the reference's lr
constexpr int kWarmupSteps = 10;
constexpr int kMinSteps = 20;
constexpr int kMaxSteps = 2000;

// One benchmark configuration: the network, the spec whose analysis gives the FLOPs, the
// batch size.
struct Config {
    std::string name;
    core::NetworkSpec spec;                                 // for FLOPs and the input shape
    std::function<std::unique_ptr<core::Network>()> build;
    int batch = 0;
};

// The reference's residual MLP exactly: Linear(2, w) [BN] ReLU, `units` x [Linear [BN] ReLU
// Linear [BN] (+x) ReLU], Linear(w, 3), every Linear with a bias. The preset mlpNet drops the
// bias of a Linear that BN follows (BN's beta makes it redundant); PyTorch's nn.Linear keeps it,
// so this builds the network layer by layer to match.
std::unique_ptr<core::Network> residualMlpLikeTorch(bool batchNorm, int width, int units, int inputs,
                                                    int classes) {
    using namespace core;
    const Shape hidden = Shape::vector(width);
    auto stem = std::make_unique<Sequential>(Shape::vector(inputs));
    stem->emplace<Dense>(inputs, width, true);
    if (batchNorm)
        stem->emplace<BatchNorm>(hidden);
    stem->add(makeActivation(Activation::ReLU, hidden));
    std::vector<std::unique_ptr<Layer>> blocks;
    for (int u = 0; u < units; ++u) {
        auto branch = std::make_unique<Sequential>(hidden);
        branch->emplace<Dense>(width, width, true);
        if (batchNorm)
            branch->emplace<BatchNorm>(hidden);
        branch->add(makeActivation(Activation::ReLU, hidden));
        branch->emplace<Dense>(width, width, true);
        if (batchNorm)
            branch->emplace<BatchNorm>(hidden);
        blocks.push_back(std::make_unique<ResidualBlock>(std::move(branch), std::make_unique<Identity>(hidden),
                                                         Activation::ReLU));
    }
    auto head = std::make_unique<Sequential>(hidden);
    head->emplace<Dense>(width, classes, true);
    return std::make_unique<Network>(std::move(stem), std::move(blocks), std::move(head));
}

core::NetworkSpec residualMlpSpec(bool batchNorm) {
    core::MlpOptions o;
    o.depth = 2 + 2 * 20;
    o.residual = true;
    o.width = 64;
    o.inputs = 2;
    o.classes = 3;
    o.batchNorm = batchNorm;
    return core::mlpNet(o);
}

core::NetworkSpec resnet20Spec(int channels, int side, core::ShortcutKind downsample) {
    core::CifarOptions o;
    o.n = 3;
    o.residual = true;
    o.channels = channels;
    o.height = side;
    o.width = side;
    o.classes = 10;
    o.downsample = downsample;
    return core::cifarResNet(o);
}

Config fromSpec(std::string name, core::NetworkSpec spec, int batch) {
    Config c{std::move(name), spec, nullptr, batch};
    c.build = [spec] { return core::buildNetwork(spec); };
    return c;
}

std::vector<Config> allConfigs() {
    using core::ShortcutKind;
    std::vector<Config> configs;
    // a: the preset is the reference's network exactly (no BN, so every Linear has a bias).
    configs.push_back(fromSpec("a_resmlp_w64_u20_b128", residualMlpSpec(false), 128));
    // b: built by hand to keep PyTorch's bias before every BN (same FLOPs as the preset).
    configs.push_back({"b_resmlp_bn_w64_u20_b128", residualMlpSpec(true),
                       [] { return residualMlpLikeTorch(true, 64, 20, 2, 3); }, 128});
    // bx: the engine's own preset (no bias before BN); torch_reference.py has the same twin.
    configs.push_back(fromSpec("bx_resmlp_bn_nobias_w64_u20_b128", residualMlpSpec(true), 128));
    configs.push_back(fromSpec("c_resnet20A_1x28x28_b32", resnet20Spec(1, 28, ShortcutKind::ZeroPad), 32));
    configs.push_back(fromSpec("c_resnet20B_1x28x28_b32", resnet20Spec(1, 28, ShortcutKind::Projection), 32));
    configs.push_back(fromSpec("d_resnet20A_3x32x32_b32", resnet20Spec(3, 32, ShortcutKind::ZeroPad), 32));
    configs.push_back(fromSpec("d_resnet20B_3x32x32_b32", resnet20Spec(3, 32, ShortcutKind::Projection), 32));
    return configs;
}

// PyTorch's default initialisation of nn.Linear and nn.Conv2d (kaiming_uniform with a = sqrt(5)):
// W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)). The reference trains from it, so both engines
// run in the same numeric regime: with He init the residual MLP without BN (config a) grows
// its activations about 2x in variance per unit and the loss reaches NaN within the warm-up,
// which would time arithmetic on NaNs against PyTorch's finite values.
void initializeLikeTorch(core::Network& net, std::uint64_t seed) {
    core::Rng rng(core::Rng::derive(seed, 3));
    auto fill = [&](float* data, Eigen::Index size, int fanIn) {
        const double bound = 1.0 / std::sqrt(double(fanIn));
        for (Eigen::Index i = 0; i < size; ++i)
            data[i] = float(rng.uniform(-bound, bound));
    };
    core::forEachLayer(net, "", [&](const std::string&, core::Layer& layer) {
        if (auto* dense = dynamic_cast<core::Dense*>(&layer)) {
            fill(dense->weight().data(), dense->weight().size(), dense->fanIn());
            fill(dense->bias().data(), dense->bias().size(), dense->fanIn());
        } else if (auto* conv = dynamic_cast<core::Conv2d*>(&layer)) {
            fill(conv->weight().data(), conv->weight().size(), conv->fanIn());
            fill(conv->bias().data(), conv->bias().size(), conv->fanIn());
        }
    });
}

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);   // Python's statistics.median
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string jsonNumber(double value, int decimals) {
    return std::isfinite(value) ? fixed(value, decimals) : "null";
}

enum class Init { Torch, He };

void timeConfig(const Config& config, int threads, double minSeconds, Init init, bool forceThreads) {
    const core::SpecAnalysis analysis = core::analyze(config.spec);
    const double flopsPerStep = 3.0 * double(analysis.flops) * config.batch;
    std::unique_ptr<core::Network> net = config.build();

    // `threads` cores are the engine's to use. It uses them as training does (core::Trainer and
    // the window): products too small to pay for a second thread's synchronisation run on one
    // (core::computeThreadsFor). --force-threads makes every product use all of them.
    const int used = forceThreads ? threads : std::min(threads, core::computeThreadsFor(*net, config.batch));
    Eigen::setNbThreads(used);   // GEMM threads; without OpenMP (RESNETLAB_OPENMP=OFF) a no-op
#ifdef _OPENMP
    omp_set_num_threads(used);   // the engine's own parallel loops
#endif
    core::initialize(*net, core::InitOptions{}, kSeed);   // BN and everything else
    if (init == Init::Torch)
        initializeLikeTorch(*net, kSeed);
    net->setTraining(true);

    core::Rng rng(core::Rng::derive(kSeed, 2));
    core::Matrix x(analysis.inputShape.size(), config.batch);   // (D_in x B), N(0, 1)
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = float(rng.normal());
    core::Labels y(config.batch);
    for (Eigen::Index b = 0; b < y.size(); ++b)
        y(b) = int(rng.below(std::uint64_t(config.spec.classes)));

    core::SoftmaxCrossEntropy loss;
    core::Sgd sgd(core::SgdOptions{0.9f, 0.0f, false});
    std::vector<core::ParamView> params = net->params();   // views stay valid for the net's life
    float lastLoss = 0.0f;
    auto step = [&] {
        net->zeroGrad();
        lastLoss = loss.forward(net->forward(x), y);
        net->backward(loss.backward());
        sgd.step(params, kLearningRate);
    };

    for (int i = 0; i < kWarmupSteps; ++i)
        step();
    using Clock = std::chrono::steady_clock;
    std::vector<double> wall, cpu;
    const auto end = Clock::now() + std::chrono::duration<double>(minSeconds);
    while (int(wall.size()) < kMinSteps || Clock::now() < end) {
        const double c0 = cpuSeconds();
        const auto t0 = Clock::now();
        step();
        wall.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        cpu.push_back(cpuSeconds() - c0);
        if (int(wall.size()) >= kMaxSteps)
            break;
    }
    const double med = median(wall);
    std::vector<double> sorted = wall;
    std::sort(sorted.begin(), sorted.end());

    std::ostringstream line;
    line << "{\"config\": \"" << config.name << "\", \"threads\": " << threads << ", \"threads_used\": " << used
         << ", \"steps\": " << wall.size()
         << ", \"median_ms\": " << fixed(med * 1e3, 3) << ", \"p10_ms\": " << fixed(sorted[sorted.size() / 10] * 1e3, 3)
         << ", \"median_cpu_ms\": " << fixed(median(cpu) * 1e3, 3)
         << ", \"mflop_per_step\": " << fixed(flopsPerStep / 1e6, 1)
         << ", \"gflops\": " << fixed(flopsPerStep / med / 1e9, 2) << ", \"params\": " << net->parameterCount()
         << ", \"loss_end\": " << jsonNumber(lastLoss, 4) << ", \"engine\": \"resnetlab\"}";
    std::printf("%s\n", line.str().c_str());
    std::fflush(stdout);
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            items.push_back(item);
    return items;
}

int usage(const char* program, int code) {
    std::fprintf(code ? stderr : stdout,
                 "usage: %s [--threads 1,2] [--min-time-mlp S] [--min-time-conv S] [--init torch|he] [--force-threads]\n"
                 "       [--list] [CONFIG[,CONFIG...]]\n"
                 "  Times one training step per configuration; one JSON line per configuration and thread count.\n",
                 program);
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<Config> configs = allConfigs();
    std::vector<int> threadCounts = {1, 2};
    Init init = Init::Torch;
    bool forceThreads = false;
    double minTimeMlp = 3.0, minTimeConv = 8.0;   // the reference's minimum timing windows
    std::vector<std::string> names;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", arg.c_str());
                std::exit(usage(argv[0], 2));
            }
            return argv[++i];
        };
        auto number = [&](auto parse) {
            const std::string text = value();
            try {
                return parse(text);
            } catch (const std::exception&) {
                std::fprintf(stderr, "%s: not a number: %s\n", arg.c_str(), text.c_str());
                std::exit(usage(argv[0], 2));
            }
        };
        if (arg == "--threads") {
            threadCounts.clear();
            for (const std::string& t : splitList(value()))
                threadCounts.push_back(std::atoi(t.c_str()));   // 0 for junk, rejected below
        } else if (arg == "--min-time-mlp") {
            minTimeMlp = number([](const std::string& v) { return std::stod(v); });
        } else if (arg == "--min-time-conv") {
            minTimeConv = number([](const std::string& v) { return std::stod(v); });
        } else if (arg == "--force-threads") {
            forceThreads = true;
        } else if (arg == "--init") {
            const std::string v = value();
            if (v != "torch" && v != "he") {
                std::fprintf(stderr, "--init takes torch or he\n");
                return usage(argv[0], 2);
            }
            init = v == "he" ? Init::He : Init::Torch;
        } else if (arg == "--list") {
            for (const Config& c : configs)
                std::printf("%s\n", c.name.c_str());
            return 0;
        } else if (arg == "-h" || arg == "--help") {
            return usage(argv[0], 0);
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "unknown option %s\n", arg.c_str());
            return usage(argv[0], 2);
        } else {
            for (const std::string& n : splitList(arg))
                names.push_back(n);
        }
    }
    std::vector<const Config*> selected;
    if (names.empty())
        for (const Config& c : configs)
            selected.push_back(&c);
    for (const std::string& n : names) {
        const auto it = std::find_if(configs.begin(), configs.end(), [&](const Config& c) { return c.name == n; });
        if (it == configs.end()) {
            std::fprintf(stderr, "unknown config %s (try --list)\n", n.c_str());
            return 2;
        }
        selected.push_back(&*it);
    }
    for (int t : threadCounts)
        if (t < 1) {
            std::fprintf(stderr, "--threads takes positive counts\n");
            return 2;
        }

#ifdef _OPENMP
    const std::string threading = "OpenMP max threads " + std::to_string(omp_get_max_threads());
#else
    const std::string threading = "OpenMP off (RESNETLAB_OPENMP=OFF): every thread count runs on one thread";
#endif
    std::printf("# resnetlab-bench | Eigen %d.%d.%d | SIMD: %s | %s | init %s\n", EIGEN_WORLD_VERSION,
                EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, Eigen::SimdInstructionSetsInUse(), threading.c_str(),
                init == Init::Torch ? "torch default" : "he");
    std::fflush(stdout);
    core::keepFreedMemory();   // as core::train does: the heap is not given back between steps
    for (int t : threadCounts)
        for (const Config* c : selected) {
            const bool mlp = c->name[0] == 'a' || c->name[0] == 'b';
            timeConfig(*c, t, mlp ? minTimeMlp : minTimeConv, init, forceThreads);
        }
    return 0;
}
