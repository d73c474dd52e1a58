// core/blocks/bottleneck.h: the bottleneck branch (He et al. 2015, fig. 5 right, "deeper
// bottleneck architectures"): a 1x1 unit reduces the width to b.bottleneckWidth, a
// kernel x kernel unit (with the block's stride) works at that reduced width, and a 1x1 unit
// restores b.width, without its activation (the block applies it after the addition). Three
// layers for the cost of two 3x3 ones, which is what lets ResNet-50/101/152 go deep.
// Like any branch it joins a shortcut in a ResidualBlock (or none in a PlainBlock).
// x is (C_in x H x W x B), F(x) is (width x H' x W' x B).
#pragma once

#include "core/layers/sequential.h"
#include "core/spec/network_spec.h"

#include <memory>

namespace core {

std::unique_ptr<Sequential> buildBottleneckBranch(const BlockSpec& b, Shape in);

}  // namespace core
