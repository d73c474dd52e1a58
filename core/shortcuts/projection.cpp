#include "core/shortcuts/projection.h"

#include "core/blocks/layer_unit.h"
#include "core/layers/batch_norm.h"

namespace core {

std::unique_ptr<Sequential> makeProjection(Shape in, int outChannels, int stride, bool batchNorm) {
    auto projection = std::make_unique<Sequential>(in);
    addWeightedLayer(*projection, outChannels, 1, stride, !batchNorm);   // W_s
    if (batchNorm)
        projection->emplace<BatchNorm>(projection->currentShape());
    return projection;
}

}  // namespace core
