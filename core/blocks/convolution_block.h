// core/blocks/convolution_block.h: the convolution block, a residual block whose shortcut
// changes shape along with its branch (more channels or features, or a stride that halves the
// image): out = g(F(x) + S(x)) with S the projection BN(W_s x) (shortcuts/projection.h,
// He et al. 2015 eq. 2, option B) or the parameter-free zero padding (shortcuts/zero_pad.h,
// option A). Its same-shape sibling is the identity block: a ResidualBlock whose shortcut is
// the Identity (shortcuts/identity.h).
// x is (D_in x B), out is the branch's output shape (D_out x B).
#pragma once

#include "core/blocks/residual_block.h"
#include "core/spec/network_spec.h"

#include <memory>

namespace core {

// Needs b.shortcut to be Projection or ZeroPad; `branch` is the block's F.
std::unique_ptr<ResidualBlock> makeConvolutionBlock(std::unique_ptr<Sequential> branch, const BlockSpec& b);

}  // namespace core
