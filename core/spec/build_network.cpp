#include "core/spec/build_network.h"

#include "core/blocks/basic_branch.h"
#include "core/blocks/block_design.h"
#include "core/blocks/bottleneck.h"
#include "core/blocks/convolution_block.h"
#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/flatten.h"
#include "core/layers/global_avg_pool.h"
#include "core/shortcuts/identity.h"
#include "core/spec/spec_analysis.h"

namespace core {

namespace {

void addLayer(Sequential& seq, const LayerSpec& l) {
    const Shape in = seq.currentShape();
    switch (l.type) {
    case LayerType::Dense: seq.emplace<Dense>(int(in.size()), l.units, l.bias); break;
    case LayerType::Conv:
        seq.emplace<Conv2d>(in, Conv2dOptions{l.units, l.kernel, l.stride, l.padding, l.bias});
        break;
    case LayerType::BatchNorm: seq.emplace<BatchNorm>(in); break;
    case LayerType::ReLU: seq.add(makeActivation(Activation::ReLU, in)); break;
    case LayerType::Tanh: seq.add(makeActivation(Activation::Tanh, in)); break;
    case LayerType::Sigmoid: seq.add(makeActivation(Activation::Sigmoid, in)); break;
    case LayerType::GlobalAvgPool: seq.emplace<GlobalAvgPool>(in); break;
    case LayerType::Flatten: seq.emplace<Flatten>(in); break;
    }
}

}  // namespace

std::unique_ptr<Sequential> buildBranch(const BlockSpec& b, Shape in) {
    switch (b.kind) {
    case BlockKind::Bottleneck: return buildBottleneckBranch(b, in);
    case BlockKind::Basic: break;
    }
    return buildBasicBranch(b, in);
}

std::unique_ptr<Layer> buildBlock(const BlockSpec& b, Shape in) {
    auto branch = buildBranch(b, in);
    switch (b.shortcut) {
    case ShortcutKind::None: return std::make_unique<PlainBlock>(std::move(branch), activationAfterAddition(b));
    case ShortcutKind::Projection:
    case ShortcutKind::ZeroPad: return makeConvolutionBlock(std::move(branch), b);
    case ShortcutKind::Identity: break;
    }
    return makeResidualBlock(std::move(branch), std::make_unique<Identity>(in), b);
}

std::unique_ptr<Network> buildNetwork(const NetworkSpec& spec) {
    const std::vector<SpecIssue> issues = validate(spec);
    if (!issues.empty()) {
        std::string message = "the network cannot be built:";
        for (const SpecIssue& issue : issues)
            message += "\n  " + issue.message;
        throw SpecError(message);
    }
    auto stem = std::make_unique<Sequential>(inputShapeOf(spec.input));
    for (const LayerSpec& l : spec.stem)
        addLayer(*stem, l);
    std::vector<std::unique_ptr<Layer>> blocks;
    Shape shape = stem->currentShape();
    for (const BlockSpec& b : spec.blocks) {
        blocks.push_back(buildBlock(b, shape));
        shape = blocks.back()->outputShape();
    }
    auto head = std::make_unique<Sequential>(shape);
    for (const LayerSpec& l : spec.head)
        addLayer(*head, l);
    return std::make_unique<Network>(std::move(stem), std::move(blocks), std::move(head));
}

}  // namespace core
