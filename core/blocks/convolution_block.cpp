#include "core/blocks/convolution_block.h"

#include "core/blocks/block_design.h"
#include "core/blocks/layer_unit.h"
#include "core/check.h"
#include "core/shortcuts/projection.h"
#include "core/shortcuts/zero_pad.h"

namespace core {

std::unique_ptr<ResidualBlock> makeConvolutionBlock(std::unique_ptr<Sequential> branch, const BlockSpec& b) {
    CORE_EXPECTS(b.shortcut == ShortcutKind::Projection || b.shortcut == ShortcutKind::ZeroPad);
    const Shape in = branch->inputShape();
    const int channels = branch->outputShape().channels;
    std::unique_ptr<Layer> shortcut;
    if (b.shortcut == ShortcutKind::Projection)
        shortcut = makeProjection(in, channels, blockStride(b, in), b.batchNorm);
    else
        shortcut = std::make_unique<ZeroPad>(in, channels, blockStride(b, in));
    return makeResidualBlock(std::move(branch), std::move(shortcut), b);
}

}  // namespace core
