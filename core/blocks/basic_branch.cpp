#include "core/blocks/basic_branch.h"

#include "core/blocks/block_design.h"
#include "core/blocks/layer_unit.h"

namespace core {

std::unique_ptr<Sequential> buildBasicBranch(const BlockSpec& b, Shape in) {
    auto branch = std::make_unique<Sequential>(in);
    for (int u = 0; u < b.span; ++u)
        addLayerUnit(*branch, b, b.width, b.kernel, u == 0 ? blockStride(b, in) : 1, u + 1 == b.span);
    addBranchEnd(*branch, b);
    return branch;
}

}  // namespace core
