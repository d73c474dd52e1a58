#include "core/init/initializer.h"

#include "core/blocks/residual_block.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/scalar_bias.h"
#include "core/layers/scalar_multiplier.h"
#include "core/shortcuts/dropout.h"
#include "core/shortcuts/gated.h"
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

// The weighted layers (dense or conv) of a branch, in order.
std::vector<Layer*> weightedLayers(Sequential& branch) {
    std::vector<Layer*> layers;
    for (std::size_t i = 0; i < branch.size(); ++i)
        if (dynamic_cast<Dense*>(&branch.at(i)) || dynamic_cast<Conv2d*>(&branch.at(i)))
            layers.push_back(&branch.at(i));
    return layers;
}

Matrix& weightOf(Layer& layer) {
    if (auto* dense = dynamic_cast<Dense*>(&layer))
        return dense->weight();
    return static_cast<Conv2d&>(layer).weight();
}

// Fixup's rescaling of He-initialised branches (Zhang, Dauphin, Ma 2019, sec. 3, rules 1-2).
void initializeFixup(Network& net, Layer* classifier) {
    std::vector<ResidualBlock*> fixup;
    for (std::size_t k = 0; k < net.blockCount(); ++k)
        if (auto* block = dynamic_cast<ResidualBlock*>(&net.block(k)); block && block->fixup())
            fixup.push_back(block);
    if (fixup.empty())
        return;
    const double L = double(fixup.size());
    for (ResidualBlock* block : fixup) {
        const std::vector<Layer*> layers = weightedLayers(block->branch());
        const double m = double(layers.size());
        const float scale = m > 1 ? float(std::pow(L, -1.0 / (2.0 * m - 2.0))) : 1.0f;
        for (std::size_t i = 0; i + 1 < layers.size(); ++i)
            weightOf(*layers[i]) *= scale;
        if (!layers.empty())
            weightOf(*layers.back()).setZero();
    }
    if (auto* dense = dynamic_cast<Dense*>(classifier)) {
        dense->weight().setZero();
        dense->bias().setZero();
    }
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
        } else if (auto* scale = dynamic_cast<ScalarMultiplier*>(&layer)) {
            scale->setAlpha(scale->initialAlpha());
        } else if (auto* bias = dynamic_cast<ScalarBias*>(&layer)) {
            bias->setBias(0.0f);
        } else if (auto* dropout = dynamic_cast<DropoutShortcut*>(&layer)) {
            dropout->reseed(streamFor(seed, name));
        }
    });
    // After the pass above, which drew W_g and zeroed its bias like any dense layer's.
    forEachLayer(net, "", [&](const std::string&, Layer& layer) {
        if (auto* gate = dynamic_cast<ShortcutGate*>(&layer))
            gate->resetBias();
    });
    initializeFixup(net, classifier);
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
