// core/spec/build_network.h: turns a valid NetworkSpec into a Network ready to train, by
// composing the chapter's pieces: a branch (blocks/basic_branch.h or blocks/bottleneck.h) and a
// shortcut make a plain block (blocks/plain_block.h, no shortcut), an identity block
// (blocks/residual_block.h with shortcuts/identity.h) or a convolution block
// (blocks/convolution_block.h, with shortcuts/projection.h or shortcuts/zero_pad.h).
// Parameters are allocated here and left at zero (BN: gamma 1, beta 0); initialise them with
// init/initializer.h. Throws SpecError listing every problem when the spec is not valid.
#pragma once

#include "core/network/network.h"
#include "core/spec/network_spec.h"

#include <memory>

namespace core {

std::unique_ptr<Network> buildNetwork(const NetworkSpec& spec);

// The branch of one block for an input of shape `in`: basic or bottleneck, by block.kind.
std::unique_ptr<Sequential> buildBranch(const BlockSpec& block, Shape in);
// The block itself: a PlainBlock, or a ResidualBlock with its shortcut (by block.shortcut).
std::unique_ptr<Layer> buildBlock(const BlockSpec& block, Shape in);

}  // namespace core
