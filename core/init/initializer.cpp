#include "core/init/initializer.h"

#include "core/blocks/residual_block.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/random.h"

#include <cmath>

namespace core {

namespace {

void fillNormal(Eigen::Ref<Matrix> m, Rng& rng, double stddev) {
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = float(rng.normal(0.0, stddev));
}

// Each layer draws from its own stream, derived from the seed and the layer's name, so a plain
// twin and its residual twin get the same weights for every layer they share, whatever extra
// layers (projection shortcuts) one of them has.
std::uint64_t streamFor(std::uint64_t seed, const std::string& name) {
    std::uint64_t h = 1469598103934665603ull;   // FNV-1a
    for (unsigned char c : name)
        h = (h ^ c) * 1099511628211ull;
    return Rng::derive(seed, h);
}

}  // namespace

void initialize(Network& net, const InitOptions& options, std::uint64_t seed) {
    Layer* classifier = nullptr;
    forEachLayer(net.head(), "", [&](const std::string&, Layer& layer) {
        if (dynamic_cast<Dense*>(&layer))
            classifier = &layer;
    });
    auto stddevFor = [&](int fanIn, int fanOut, bool isClassifier) {
        if (isClassifier)
            return std::sqrt(1.0 / fanIn);
        if (options.scheme == InitScheme::Xavier)
            return std::sqrt(2.0 / (fanIn + fanOut));
        return std::sqrt(2.0 / fanIn);
    };
    forEachLayer(net, "", [&](const std::string& name, Layer& layer) {
        Rng rng(streamFor(seed, name));
        if (auto* dense = dynamic_cast<Dense*>(&layer)) {
            fillNormal(dense->weight(), rng, stddevFor(dense->fanIn(), dense->fanOut(), &layer == classifier));
            dense->bias().setZero();
        } else if (auto* conv = dynamic_cast<Conv2d*>(&layer)) {
            fillNormal(conv->weight(), rng, stddevFor(conv->fanIn(), conv->fanOut(), false));
            conv->bias().setZero();
        } else if (auto* bn = dynamic_cast<BatchNorm*>(&layer)) {
            bn->gamma().setOnes();
            bn->beta().setZero();
            bn->runningMean().setZero();
            bn->runningVar().setOnes();
        }
    });
    if (!options.zeroLastBnGamma)
        return;
    for (std::size_t k = 0; k < net.blockCount(); ++k) {
        auto* block = dynamic_cast<ResidualBlock*>(&net.block(k));
        if (!block)
            continue;
        Sequential& branch = block->branch();
        for (std::size_t i = branch.size(); i-- > 0;)
            if (auto* bn = dynamic_cast<BatchNorm*>(&branch.at(i))) {
                bn->gamma().setZero();
                break;
            }
    }
}

std::string_view initSchemeName(InitScheme scheme) {
    return scheme == InitScheme::Xavier ? "xavier" : "he";
}

std::optional<InitScheme> initSchemeFromName(std::string_view name) {
    if (name == "he") return InitScheme::He;
    if (name == "xavier") return InitScheme::Xavier;
    return std::nullopt;
}

}  // namespace core
