#include "core/blocks/block_design.h"

#include "core/check.h"
#include "core/layers/batch_norm.h"
#include "core/layers/scalar_bias.h"
#include "core/layers/scalar_multiplier.h"
#include "core/shortcuts/dropout.h"
#include "core/shortcuts/identity.h"
#include "core/shortcuts/scaled.h"

namespace core {

void addBranchEnd(Sequential& branch, const BlockSpec& b) {
    if (!b.residual())
        return;
    const Shape shape = branch.currentShape();
    if (b.design.shortcutVariant == ShortcutVariant::ConstantScaling && b.design.scaleBranch)
        branch.emplace<ConstantScaling>(shape, float(1.0 - b.design.shortcutScale));   // (1 - lambda) F(x)
    switch (b.design.residualScale) {
    case ResidualScale::None: break;
    case ResidualScale::ReZero: branch.emplace<ScalarMultiplier>(shape, 0.0f); break;
    case ResidualScale::SkipInit: branch.emplace<ScalarMultiplier>(shape, float(b.design.alphaInit)); break;
    case ResidualScale::Fixup:
        branch.emplace<ScalarMultiplier>(shape, 1.0f);
        branch.emplace<ScalarBias>(shape);
        break;
    }
}

std::unique_ptr<Layer> applyShortcutVariant(std::unique_ptr<Layer> shortcut, const BlockSpec& b) {
    const Shape shape = shortcut->outputShape();
    switch (b.design.shortcutVariant) {
    case ShortcutVariant::ConstantScaling:
        CORE_EXPECTS(dynamic_cast<Identity*>(shortcut.get()));
        return std::make_unique<ConstantScaling>(shape, float(b.design.shortcutScale));
    case ShortcutVariant::Dropout:
        CORE_EXPECTS(dynamic_cast<Identity*>(shortcut.get()));
        return std::make_unique<DropoutShortcut>(shape, float(b.design.dropoutRate));
    case ShortcutVariant::None:
    case ShortcutVariant::ExclusiveGating:
    case ShortcutVariant::ShortcutOnlyGating: break;
    }
    return shortcut;
}

std::optional<Activation> activationAfterAddition(const BlockSpec& b) {
    if (b.identityAfterAddition())
        return std::nullopt;
    return b.activation;
}

std::unique_ptr<ResidualBlock> makeResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut,
                                                 const BlockSpec& b) {
    const Shape out = branch->outputShape();
    ResidualJoin join;
    join.activation = activationAfterAddition(b);
    if (b.design.placement == Placement::BnAfterAddition && b.batchNorm)
        join.bnAfterAddition = std::make_unique<BatchNorm>(out);
    if (b.design.shortcutVariant == ShortcutVariant::ExclusiveGating || b.design.shortcutVariant == ShortcutVariant::ShortcutOnlyGating) {
        join.gating = b.design.shortcutVariant == ShortcutVariant::ExclusiveGating ? Gating::Exclusive : Gating::ShortcutOnly;
        join.gate = std::make_unique<ShortcutGate>(out, float(b.design.gateBias));
    }
    join.fixup = b.design.residualScale == ResidualScale::Fixup;
    return std::make_unique<ResidualBlock>(std::move(branch), applyShortcutVariant(std::move(shortcut), b),
                                           std::move(join));
}

}  // namespace core
