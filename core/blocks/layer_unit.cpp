#include "core/blocks/layer_unit.h"

#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/scalar_bias.h"

namespace core {

Layer& addWeightedLayer(Sequential& seq, int width, int kernel, int stride, bool bias) {
    const Shape in = seq.currentShape();
    if (in.spatial)
        return seq.emplace<Conv2d>(in, Conv2dOptions{width, kernel, stride, kernel / 2, bias});
    return seq.emplace<Dense>(int(in.size()), width, bias);
}

void addLayerUnit(Sequential& seq, const BlockSpec& b, int width, int kernel, int stride, bool last) {
    auto weighted = [&] { addWeightedLayer(seq, width, kernel, stride, !b.batchNorm); };
    auto norm = [&] {
        if (b.batchNorm)
            seq.emplace<BatchNorm>(seq.currentShape());
    };
    auto activation = [&] { seq.add(makeActivation(b.activation, seq.currentShape())); };

    if (b.residual() && b.design.residualScale == ResidualScale::Fixup) {
        seq.emplace<ScalarBias>(seq.currentShape());            // b before W
        addWeightedLayer(seq, width, kernel, stride, false);
        if (!last) {
            seq.emplace<ScalarBias>(seq.currentShape());        // b before g
            activation();
        }
        return;
    }
    switch (b.design.placement) {
    case Placement::Original:
        weighted();
        norm();
        if (!last)
            activation();
        break;
    case Placement::BnAfterAddition:
        weighted();
        if (!last) {
            norm();
            activation();
        } else if (!b.residual()) {
            norm();   // a plain block has no addition: BN after it is the unit's own BN
        }
        break;
    case Placement::ReluBeforeAddition:
        weighted();
        norm();
        activation();
        break;
    case Placement::ReluOnlyPreActivation:
        activation();
        weighted();
        norm();
        break;
    case Placement::FullPreActivation:
        norm();
        activation();
        weighted();
        break;
    }
}

int blockStride(const BlockSpec& b, Shape in) { return in.spatial ? b.stride : 1; }

}  // namespace core
