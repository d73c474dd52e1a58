// core/blocks/block_design.h: a residual block's design fields (spec/network_spec.h) made into
// layers, the one place where the variants of He et al. 2016 ("Identity Mappings in Deep
// Residual Networks") and the identity-at-initialisation schemes meet the block:
//   placement (their Fig. 4)   the units' order (layer_unit.h) and what follows the addition:
//                              g (original), BN then g (BN after addition), nothing (ReLU
//                              before addition, ReLU-only and full pre-activation);
//   shortcut variant (Fig. 2)  h(x) = lambda x (shortcuts/scaled.h), dropout(x)
//                              (shortcuts/dropout.h), or a gate g(x) that mixes the two paths
//                              (shortcuts/gated.h);
//   the end of the branch      F scaled by 1 - lambda (constant scaling on both), then the
//                              learnable scalar of ReZero (alpha = 0), SkipInit (alpha =
//                              alphaInit) or Fixup (multiplier 1, then a scalar bias).
#pragma once

#include "core/blocks/residual_block.h"
#include "core/spec/network_spec.h"

#include <memory>
#include <optional>

namespace core {

// Appends what a residual branch of block `b` ends with (see above); nothing for a plain block.
void addBranchEnd(Sequential& branch, const BlockSpec& b);

// The shortcut of block `b` with its variant applied: `shortcut` itself, or for constant
// scaling and dropout (which need the identity shortcut) the layer that replaces it.
std::unique_ptr<Layer> applyShortcutVariant(std::unique_ptr<Layer> shortcut, const BlockSpec& b);

// What follows the addition of block `b`, by its placement: g, or nothing.
std::optional<Activation> activationAfterAddition(const BlockSpec& b);

// The residual block of `b` from its branch and its (unvaried) shortcut.
std::unique_ptr<ResidualBlock> makeResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut,
                                                 const BlockSpec& b);

}  // namespace core
