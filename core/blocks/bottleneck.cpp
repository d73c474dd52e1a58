#include "core/blocks/bottleneck.h"

#include "core/blocks/block_design.h"
#include "core/blocks/layer_unit.h"

namespace core {

std::unique_ptr<Sequential> buildBottleneckBranch(const BlockSpec& b, Shape in) {
    auto branch = std::make_unique<Sequential>(in);
    addLayerUnit(*branch, b, b.bottleneckWidth, 1, 1, false);                       // 1x1, reduce
    addLayerUnit(*branch, b, b.bottleneckWidth, b.kernel, blockStride(b, in), false);   // 3x3
    addLayerUnit(*branch, b, b.width, 1, 1, true);                                   // 1x1, restore
    addBranchEnd(*branch, b);
    return branch;
}

}  // namespace core
