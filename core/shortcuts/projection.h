// core/shortcuts/projection.h: the projection shortcut S(x) = BN(W_s x), He et al. 2015 eq. 2
// (their option B): W_s is a 1x1 convolution with the block's stride on images, a dense layer
// on vectors, so the shortcut matches a branch that changes width, channels or resolution.
// Without batch norm W_s has a bias instead. It is a Sequential, so inside a block its
// parameters read "shortcut.0.W", "shortcut.1.gamma", "shortcut.1.beta".
// x is (D_in x B), S(x) is (outChannels x H' x W' x B), H' = ceil(H / stride).
#pragma once

#include "core/layers/sequential.h"

#include <memory>

namespace core {

std::unique_ptr<Sequential> makeProjection(Shape in, int outChannels, int stride, bool batchNorm = true);

}  // namespace core
