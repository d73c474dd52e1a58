#include "core/blocks/layer_unit.h"

#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"

namespace core {

Layer& addWeightedLayer(Sequential& seq, int width, int kernel, int stride, bool bias) {
    const Shape in = seq.currentShape();
    if (in.spatial)
        return seq.emplace<Conv2d>(in, Conv2dOptions{width, kernel, stride, kernel / 2, bias});
    return seq.emplace<Dense>(int(in.size()), width, bias);
}

void addLayerUnit(Sequential& seq, const BlockSpec& b, int width, int kernel, int stride, bool last) {
    addWeightedLayer(seq, width, kernel, stride, !b.batchNorm);
    if (b.batchNorm)
        seq.emplace<BatchNorm>(seq.currentShape());
    if (!last)
        seq.add(makeActivation(b.activation, seq.currentShape()));
}

int blockStride(const BlockSpec& b, Shape in) { return in.spatial ? b.stride : 1; }

}  // namespace core
