// core/blocks/layer_unit.h: the layer unit, the brick every branch is built of: a weighted
// layer z = W x, batch norm, then the activation, a = g(BN(W x)) (the chapter's
// a[l+1] = g(z[l+1])). The weighted layer is a convolution with "same" padding (kernel / 2) on
// images and a dense layer on vectors; it has a bias only without batch norm, whose mean
// subtraction would cancel it. A branch's last unit stops before g: the block applies g after
// the addition, a[l+2] = g(z[l+2] + a[l]).
// The block's placement (He et al. 2016, Fig. 4) reorders the unit:
//   original                  W, BN, g     (the last unit: W, BN)
//   BN after addition         W, BN, g     (the last unit: W; the block adds BN, g after the sum)
//   ReLU before addition      W, BN, g     (the last unit too)
//   ReLU-only pre-activation  g, W, BN
//   full pre-activation       BN, g, W
// Fixup (Zhang, Dauphin, Ma 2019) drops batch norm and the weighted layer's bias, and puts a
// scalar bias before the weighted layer and before the activation: b, W, b, g (the last unit:
// b, W; blocks/block_design.h ends the branch with Fixup's multiplier and bias).
#pragma once

#include "core/layers/sequential.h"
#include "core/spec/network_spec.h"

namespace core {

// Appends the weighted layer: Conv2d(width, kernel x kernel, stride, padding kernel / 2) on
// images, Dense(width) on vectors (where the stride does not apply).
Layer& addWeightedLayer(Sequential& seq, int width, int kernel, int stride, bool bias);

// Appends one unit of the block `b` in the order of its placement: the weighted layer, BN when
// b.batchNorm, b.activation (see above for the branch's `last` unit).
void addLayerUnit(Sequential& seq, const BlockSpec& b, int width, int kernel, int stride, bool last);

// The block's stride for this input: b.stride on images, 1 on vectors.
int blockStride(const BlockSpec& b, Shape in);

}  // namespace core
