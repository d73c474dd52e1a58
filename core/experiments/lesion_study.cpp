#include "core/experiments/lesion_study.h"

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/random.h"
#include "core/spec/presets.h"
#include "core/train/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace core {

namespace {

constexpr int kDefaultMaxRemoved = 10;
constexpr int kMaxDraws = 100000;

void setBypassed(Network& net, int k, bool on) {
    Layer& block = net.block(std::size_t(k));
    if (auto* residual = dynamic_cast<ResidualBlock*>(&block))
        residual->setBypassed(on);
    else if (auto* plain = dynamic_cast<PlainBlock*>(&block))
        plain->setBypassed(on);
}

// The stream of draws for k: independent of which other k are studied.
Rng drawsFor(std::uint64_t seed, int k) { return Rng(Rng::derive(seed, 1000 + std::uint64_t(k))); }

// k distinct entries of `pool`, by a partial Fisher-Yates shuffle, returned ascending.
std::vector<int> sample(std::vector<int> pool, int k, Rng& rng) {
    for (int i = 0; i < k; ++i)
        std::swap(pool[std::size_t(i)], pool[std::size_t(i) + rng.below(pool.size() - std::size_t(i))]);
    std::vector<int> chosen(pool.begin(), pool.begin() + k);
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

}  // namespace

bool blockRemovable(Network& net, std::size_t k, std::string* why) {
    if (k >= net.blockCount()) {
        if (why)
            *why = "there is no block " + std::to_string(k) + " (the network has " +
                   std::to_string(net.blockCount()) + ")";
        return false;
    }
    Layer& block = net.block(k);
    if (dynamic_cast<ResidualBlock*>(&block))
        return true;
    if (auto* plain = dynamic_cast<PlainBlock*>(&block)) {
        if (plain->canBypass())
            return true;
        if (why)
            *why = "block " + std::to_string(k) + " is a plain block that changes the shape from " +
                   plain->inputShape().str() + " to " + plain->outputShape().str() +
                   "; without a shortcut there is nothing to carry its input on, so it cannot be removed";
        return false;
    }
    if (why)
        *why = "block " + std::to_string(k) + " is a " + std::string(block.kind()) + ", which cannot be removed";
    return false;
}

BlockRemoval::BlockRemoval(Network& net, const std::vector<int>& blocks) : m_net(net) {
    for (int k : blocks) {
        std::string why;
        if (k < 0 || !blockRemovable(net, std::size_t(k), &why))
            throw std::invalid_argument(k < 0 ? "there is no block " + std::to_string(k) : why);
    }
    m_blocks = blocks;
    for (int k : m_blocks)
        setBypassed(m_net, k, true);
}

BlockRemoval::~BlockRemoval() {
    for (int k : m_blocks)
        setBypassed(m_net, k, false);
}

std::vector<std::string> checkLesionConfig(const LesionConfig& c) {
    std::vector<std::string> problems;
    if (c.draws < 1 || c.draws > kMaxDraws)
        problems.push_back("draws is " + std::to_string(c.draws) + "; it must be between 1 and " +
                           std::to_string(kMaxDraws));
    for (int k : c.removedCounts)
        if (k < 1)
            problems.push_back("removed counts: " + std::to_string(k) + " blocks; remove at least 1");
    if (c.evalBatch < 1)
        problems.push_back("evaluation batch is " + std::to_string(c.evalBatch) + "; it must be at least 1");
    return problems;
}

std::vector<int> lesionCounts(const LesionConfig& config, int removable) {
    std::vector<int> counts = config.removedCounts;
    if (counts.empty())
        for (int k = 1; k <= std::min(removable, kDefaultMaxRemoved); ++k)
            counts.push_back(k);
    std::sort(counts.begin(), counts.end());
    counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
    return counts;
}

LesionResult runLesionStudy(Network& net, const Split& test, const LesionConfig& config, std::stop_token stop,
                            const std::function<void(const LesionProgress&)>& onProgress) {
    const std::vector<std::string> problems = checkLesionConfig(config);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());
    if (test.size() == 0)
        throw std::invalid_argument("the lesion study needs test data, and the split is empty");
    if (test.features() != net.inputShape().size())
        throw std::invalid_argument("the data has " + std::to_string(test.features()) +
                                    " values per sample but the network expects " +
                                    std::to_string(net.inputShape().size()));
    const bool wasTraining = net.training();
    const double nan = std::numeric_limits<double>::quiet_NaN();

    LesionResult result;
    result.blocks = int(net.blockCount());
    std::vector<int> removable;
    for (int k = 0; k < result.blocks; ++k) {
        SingleLesion s;
        s.block = k;
        s.removable = blockRemovable(net, std::size_t(k), &s.message);
        s.testError = s.testLoss = nan;
        if (s.removable)
            removable.push_back(k);
        else
            result.notes.push_back(s.message);
        result.single.push_back(std::move(s));
    }
    result.removableBlocks = int(removable.size());
    const std::vector<int> counts = lesionCounts(config, result.removableBlocks);
    int total = 1 + result.removableBlocks;
    for (int k : counts)
        if (k <= result.removableBlocks)
            total += config.draws;
    LesionProgress progress{0, total};
    auto measure = [&](const std::vector<int>& removed) {
        const BlockRemoval removal(net, removed);
        const EvalResult e = evaluate(net, test, config.evalBatch);
        ++progress.done;
        if (onProgress)
            onProgress(progress);
        return e;
    };

    const EvalResult intact = measure({});
    result.baselineError = intact.error;
    result.baselineLoss = intact.loss;
    result.curve.push_back({0, 1, intact.error, 0.0, intact.error, intact.error, intact.loss});

    for (int k : removable) {
        if (stop.stop_requested())
            break;
        const EvalResult e = measure({k});
        result.single[std::size_t(k)].testError = e.error;
        result.single[std::size_t(k)].testLoss = e.loss;
    }

    for (int k : counts) {
        if (k > result.removableBlocks) {
            result.notes.push_back("cannot remove " + std::to_string(k) + " blocks: only " +
                                   std::to_string(result.removableBlocks) + " can be removed");
            continue;
        }
        Rng rng = drawsFor(config.seed, k);
        LesionPoint point;
        point.removedCount = k;
        point.minError = std::numeric_limits<double>::infinity();
        point.maxError = -point.minError;
        double sum = 0, lossSum = 0;
        const std::size_t first = result.draws.size();
        for (int d = 0; d < config.draws && !stop.stop_requested(); ++d) {
            LesionDraw draw;
            draw.removedCount = k;
            draw.draw = d;
            draw.removed = sample(removable, k, rng);
            const EvalResult e = measure(draw.removed);
            draw.testError = e.error;
            draw.testLoss = e.loss;
            ++point.draws;
            sum += e.error;
            lossSum += e.loss;
            point.minError = std::min(point.minError, e.error);
            point.maxError = std::max(point.maxError, e.error);
            result.draws.push_back(std::move(draw));
        }
        if (point.draws == 0)
            break;
        point.meanError = sum / point.draws;
        double squares = 0;   // two passes: no cancellation when the draws agree
        for (std::size_t i = first; i < result.draws.size(); ++i)
            squares += (result.draws[i].testError - point.meanError) * (result.draws[i].testError - point.meanError);
        point.stdError = std::sqrt(squares / point.draws);
        point.meanLoss = lossSum / point.draws;
        result.curve.push_back(point);
    }
    net.setTraining(wasTraining);
    return result;
}

std::vector<NetworkSpec> defaultLesionNetworks() {
    MlpOptions plain;
    plain.depth = kDefaultLesionPlainDepth;
    plain.residual = false;
    MlpOptions residual;
    residual.depth = kDefaultLesionResidualDepth;
    residual.residual = true;
    return {mlpNet(plain), mlpNet(residual)};
}

}  // namespace core
