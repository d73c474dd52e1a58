#include "core/experiments/shattered_gradients.h"

#include "core/check.h"
#include "core/experiments/task_pool.h"
#include "core/init/initializer.h"
#include "core/layers/batch_norm.h"
#include "core/layers/dense.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/random.h"
#include "core/spec/build_network.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace core {

namespace {

constexpr int kMaxDepth = 1000;
constexpr int kMaxWidth = 4096;
constexpr int kMaxPoints = 100000;
constexpr int kMaxInits = 10000;

Matrix inputRow(const ShatterConfig& config) {
    const std::vector<double> x = shatterInputs(config);
    Matrix row(1, Eigen::Index(x.size()));
    for (std::size_t i = 0; i < x.size(); ++i)
        row(0, Eigen::Index(i)) = float(x[i]);
    return row;
}

}  // namespace

BlockSpec shatterBlock() {
    BlockSpec b;
    b.kind = BlockKind::Basic;
    b.width = 200;
    b.span = 1;
    b.activation = Activation::ReLU;
    b.batchNorm = true;
    b.shortcut = ShortcutKind::Identity;
    return b;
}

std::vector<std::string> checkShatterConfig(const ShatterConfig& c) {
    std::vector<std::string> problems;
    if (c.families.empty())
        problems.push_back("families: give plain, residual or both");
    for (const std::string& f : c.families)
        if (f != "plain" && f != "residual")
            problems.push_back("families: '" + f + "' is not plain or residual");
    if (c.depths.empty())
        problems.push_back("depths: give at least one depth");
    for (int d : c.depths)
        if (d < 1 || d > kMaxDepth)
            problems.push_back("depths: " + std::to_string(d) + " is not between 1 and " + std::to_string(kMaxDepth));
    if (c.inits < 1 || c.inits > kMaxInits)
        problems.push_back("inits is " + std::to_string(c.inits) + "; it must be between 1 and " +
                           std::to_string(kMaxInits));
    if (c.width < 1 || c.width > kMaxWidth)
        problems.push_back("width is " + std::to_string(c.width) + "; it must be between 1 and " +
                           std::to_string(kMaxWidth));
    if (c.points < 3 || c.points > kMaxPoints)
        problems.push_back("points is " + std::to_string(c.points) + "; it must be between 3 and " +
                           std::to_string(kMaxPoints));
    if (!std::isfinite(c.xMin) || !std::isfinite(c.xMax) || !(c.xMin < c.xMax) || c.xMax - c.xMin > 1e6)
        problems.push_back("the input range must be finite and run from a lower to a higher value");
    if (c.maxLag < 1 || c.maxLag >= c.points)
        problems.push_back("max lag is " + std::to_string(c.maxLag) + "; it must be at least 1 and below points (" +
                           std::to_string(c.points) + ")");
    if (c.threads < 0 || c.threads > 256)
        problems.push_back("threads is " + std::to_string(c.threads) + "; use 0 (one per core) or 1 to 256");
    if (c.block.kind != BlockKind::Basic && c.block.kind != BlockKind::Bottleneck)
        problems.push_back("block: unknown kind");
    return problems;
}

std::vector<double> shatterInputs(const ShatterConfig& config) {
    std::vector<double> x(std::size_t(std::max(config.points, 0)));
    for (int i = 0; i < config.points; ++i)
        x[std::size_t(i)] = config.xMin + (config.xMax - config.xMin) * double(i) / double(config.points - 1);
    return x;
}

std::uint64_t shatterSeed(const ShatterConfig& config, int init) {
    return Rng::derive(config.seed, 5000 + std::uint64_t(init));
}

std::unique_ptr<Network> buildShatterNetwork(const std::string& family, int depth, const ShatterConfig& config,
                                             std::uint64_t seed) {
    CORE_EXPECTS(depth >= 1 && (family == "plain" || family == "residual"));
    const int w = config.width;
    auto stem = std::make_unique<Sequential>(Shape::vector(1));
    Dense& first = stem->emplace<Dense>(1, w, true);
    stem->add(makeActivation(Activation::ReLU, Shape::vector(w)));
    BlockSpec block = config.block;
    block.width = w;
    if (family == "plain")
        block.shortcut = ShortcutKind::None;
    std::vector<std::unique_ptr<Layer>> blocks;
    for (int k = 1; k < depth; ++k)
        blocks.push_back(buildBlock(block, Shape::vector(w)));
    auto head = std::make_unique<Sequential>(Shape::vector(w));
    head->emplace<Dense>(w, 1, true);
    auto net = std::make_unique<Network>(std::move(stem), std::move(blocks), std::move(head));
    initialize(*net, InitOptions{InitScheme::He, false}, seed);
    // The first layer's bends x = -b/w spread over the inputs: w, b ~ N(0, 1).
    Rng rng(Rng::derive(seed, 11));
    for (Eigen::Index j = 0; j < w; ++j) {
        first.weight()(j, 0) = float(rng.normal());
        first.bias()(j) = float(rng.normal());
    }
    return net;
}

void freezeBatchStatistics(Network& net, const Matrix& x) {
    std::vector<std::pair<BatchNorm*, float>> norms;
    forEachLayer(net, "", [&](const std::string&, Layer& layer) {
        if (auto* bn = dynamic_cast<BatchNorm*>(&layer)) {
            norms.emplace_back(bn, bn->momentum());
            bn->setMomentum(1.0f);   // running <- this batch's mean and unbiased variance
        }
    });
    net.setTraining(true);
    net.forward(x);
    for (auto& [bn, momentum] : norms)
        bn->setMomentum(momentum);
    net.setTraining(false);
}

std::vector<double> inputGradient(Network& net, const Matrix& x) {
    CORE_EXPECTS(net.inputShape().size() == 1 && net.outputShape().size() == 1 && x.rows() == 1);
    net.forward(x);
    net.zeroGrad();
    // dL/dy = 1 for every column: column i of dx is dy_i/dx_i (samples do not mix in
    // evaluation mode).
    const Matrix dx = net.backward(Matrix::Ones(1, x.cols()));
    std::vector<double> g(std::size_t(x.cols()));
    for (Eigen::Index i = 0; i < x.cols(); ++i)
        g[std::size_t(i)] = double(dx(0, i));
    return g;
}

std::vector<double> autocorrelation(const std::vector<double>& g, int maxLag) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> r(std::size_t(std::max(maxLag, 0) + 1), nan);
    const std::size_t n = g.size();
    if (n == 0)
        return r;
    const double mean = std::accumulate(g.begin(), g.end(), 0.0) / double(n);
    double variance = 0.0;
    for (double v : g)
        variance += (v - mean) * (v - mean);
    if (!(variance > 0.0) || !std::isfinite(variance))
        return r;
    for (int k = 0; k <= maxLag && std::size_t(k) < n; ++k) {
        double sum = 0.0;
        for (std::size_t i = 0; i + std::size_t(k) < n; ++i)
            sum += (g[i] - mean) * (g[i + std::size_t(k)] - mean);
        r[std::size_t(k)] = sum / variance;
    }
    return r;
}

ShatterRun measureShatterRun(const std::string& family, int depth, int init, const ShatterConfig& config) {
    const std::vector<std::string> problems = checkShatterConfig(config);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());
    if (family != "plain" && family != "residual")
        throw std::invalid_argument("family '" + family + "' is not plain or residual");
    if (depth < 1 || depth > kMaxDepth)
        throw std::invalid_argument("depth " + std::to_string(depth) + " is not between 1 and " +
                                    std::to_string(kMaxDepth));
    const Matrix x = inputRow(config);
    const std::unique_ptr<Network> net = buildShatterNetwork(family, depth, config, shatterSeed(config, init));
    freezeBatchStatistics(*net, x);
    ShatterRun run;
    run.family = family;
    run.depth = depth;
    run.init = init;
    run.gradient = inputGradient(*net, x);
    run.autocorrelation = autocorrelation(run.gradient, config.maxLag);
    return run;
}

ShatterResult runShatteredGradients(const ShatterConfig& config, std::stop_token stop,
                                    const std::function<void(const ShatterProgress&)>& onProgress) {
    const std::vector<std::string> problems = checkShatterConfig(config);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());
    keepFreedMemory();   // the same buffers are freed and allocated again at every point
    struct Job {
        std::string family;
        int depth, init;
    };
    std::vector<Job> jobs;
    for (const std::string& f : config.families)
        for (int d : config.depths)
            for (int i = 0; i < config.inits; ++i)
                jobs.push_back({f, d, i});
    // The deepest networks first, so the threads finish together.
    std::vector<std::size_t> order(jobs.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return jobs[a].depth > jobs[b].depth; });

    ShatterResult result;
    result.x = shatterInputs(config);
    std::vector<ShatterRun> runs(jobs.size());
    std::vector<char> measured(jobs.size(), 0);
    const int total = int(jobs.size());
    const int threads = taskThreads(config.threads, total);
    // Each thread runs its own small products: Eigen's own threads would only contend.
    const ComputeThreads single(1);
    auto measure = [&](int n, int) {
        const std::size_t j = order[std::size_t(n)];
        const Job& job = jobs[j];
        runs[j] = measureShatterRun(job.family, job.depth, job.init, config);
        measured[j] = 1;
    };
    const int done = runTasks(total, threads, stop, measure, [&](int count) {
        if (onProgress)
            onProgress({count, total});
    });
    if (onProgress)
        onProgress({done, total});
    result.complete = done == total;

    for (std::size_t j = 0; j < jobs.size(); ++j)
        if (measured[j])
            result.runs.push_back(std::move(runs[j]));
    for (const std::string& f : config.families)
        for (int d : config.depths) {
            ShatterSummary s;
            s.family = f;
            s.depth = d;
            s.meanAutocorrelation.assign(std::size_t(config.maxLag) + 1, 0.0);
            s.lag1Min = std::numeric_limits<double>::infinity();
            s.lag1Max = -s.lag1Min;
            for (const ShatterRun& r : result.runs) {
                if (r.family != f || r.depth != d)
                    continue;
                ++s.inits;
                for (std::size_t k = 0; k < s.meanAutocorrelation.size(); ++k)
                    s.meanAutocorrelation[k] += r.autocorrelation[k];
                s.lag1Min = std::min(s.lag1Min, r.autocorrelation[1]);
                s.lag1Max = std::max(s.lag1Max, r.autocorrelation[1]);
            }
            if (s.inits == 0)
                continue;
            for (double& v : s.meanAutocorrelation)
                v /= double(s.inits);
            s.lag1 = s.meanAutocorrelation[1];
            result.summary.push_back(std::move(s));
        }
    return result;
}

}  // namespace core
