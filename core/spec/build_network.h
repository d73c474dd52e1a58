// core/spec/build_network.h: turns a valid NetworkSpec into a Network ready to train.
// Parameters are allocated here and left at zero (BN: gamma 1, beta 0); initialise them with
// init/initializer.h. Throws SpecError listing every problem when the spec is not valid.
#pragma once

#include "core/network/network.h"
#include "core/spec/network_spec.h"

#include <memory>

namespace core {

std::unique_ptr<Network> buildNetwork(const NetworkSpec& spec);

// The branch of one block for an input of shape `in` (exposed for tests and demos).
std::unique_ptr<Sequential> buildBranch(const BlockSpec& block, Shape in);
// The block itself: a PlainBlock or a ResidualBlock with its shortcut.
std::unique_ptr<Layer> buildBlock(const BlockSpec& block, Shape in);

}  // namespace core
