#include "ui/training/training_request.h"

#include "core/spec/presets.h"

#include <algorithm>

namespace ui {

namespace {

bool weighted(core::LayerType t) { return t == core::LayerType::Dense || t == core::LayerType::Conv; }

// Stem/head layers: BN after every dense/conv layer that is followed by more layers (AllOn),
// or no BN layer at all (AllOff). The classifier at the end of the head never gets one.
std::vector<core::LayerSpec> switchBatchNorm(const std::vector<core::LayerSpec>& layers, BatchNormMode mode,
                                             bool isHead) {
    std::vector<core::LayerSpec> out;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const core::LayerSpec& l = layers[i];
        if (l.type == core::LayerType::BatchNorm && mode == BatchNormMode::AllOff)
            continue;
        out.push_back(l);
        const bool last = i + 1 == layers.size();
        const bool nextIsBn = !last && layers[i + 1].type == core::LayerType::BatchNorm;
        if (mode == BatchNormMode::AllOn && weighted(l.type) && !nextIsBn && !(isHead && last)) {
            core::LayerSpec bn;
            bn.type = core::LayerType::BatchNorm;
            out.push_back(bn);
        }
    }
    return out;
}

}  // namespace

core::NetworkSpec applyBatchNormMode(const core::NetworkSpec& spec, BatchNormMode mode) {
    if (mode == BatchNormMode::AsBuilt)
        return spec;
    core::NetworkSpec out = spec;
    out.stem = switchBatchNorm(spec.stem, mode, false);
    out.head = switchBatchNorm(spec.head, mode, true);
    for (core::BlockSpec& b : out.blocks)
        b.batchNorm = mode == BatchNormMode::AllOn;
    return out;
}

QString familyOf(const core::NetworkSpec& spec) {
    const bool anySkip = std::any_of(spec.blocks.begin(), spec.blocks.end(),
                                     [](const core::BlockSpec& b) { return b.residual(); });
    return anySkip ? QStringLiteral("residual") : QStringLiteral("plain");
}

core::NetworkSpec twinOf(const core::NetworkSpec& spec) {
    core::NetworkSpec twin = familyOf(spec) == QLatin1String("residual") ? core::plainTwin(spec)
                                                                         : core::residualTwin(spec);
    twin.name = spec.name + (familyOf(spec) == QLatin1String("residual") ? "-plain-twin" : "-residual-twin");
    return twin;
}

}  // namespace ui
