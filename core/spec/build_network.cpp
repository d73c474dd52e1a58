#include "core/spec/build_network.h"

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/flatten.h"
#include "core/layers/global_avg_pool.h"
#include "core/shortcuts/identity.h"
#include "core/shortcuts/zero_pad.h"
#include "core/spec/spec_analysis.h"

namespace core {

namespace {

// A weighted layer: a conv with "same" padding for images, a dense layer for vectors.
void addWeighted(Sequential& seq, int width, int kernel, int stride, bool bias) {
    const Shape in = seq.currentShape();
    if (in.spatial)
        seq.emplace<Conv2d>(in, Conv2dOptions{width, kernel, stride, kernel / 2, bias});
    else
        seq.emplace<Dense>(int(in.size()), width, bias);
}

// One layer unit of a branch: weighted layer, BN, then g unless it is the branch's last unit
// (the block applies g after the addition: a[l+2] = g(z[l+2] + a[l])).
void addUnit(Sequential& seq, const BlockSpec& b, int width, int kernel, int stride, bool last) {
    addWeighted(seq, width, kernel, stride, !b.batchNorm);
    if (b.batchNorm)
        seq.emplace<BatchNorm>(seq.currentShape());
    if (!last)
        seq.add(makeActivation(b.activation, seq.currentShape()));
}

std::unique_ptr<Layer> buildShortcut(const BlockSpec& b, Shape in, Shape out) {
    switch (b.shortcut) {
    case ShortcutKind::Projection: {
        auto seq = std::make_unique<Sequential>(in);
        addWeighted(*seq, out.channels, 1, in.spatial ? b.stride : 1, !b.batchNorm);
        if (b.batchNorm)
            seq->emplace<BatchNorm>(seq->currentShape());
        return seq;
    }
    case ShortcutKind::ZeroPad:
        return std::make_unique<ZeroPad>(in, out.channels, in.spatial ? b.stride : 1);
    case ShortcutKind::Identity:
    case ShortcutKind::None: break;
    }
    return std::make_unique<Identity>(in);
}

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
    auto branch = std::make_unique<Sequential>(in);
    const int stride = in.spatial ? b.stride : 1;
    if (b.kind == BlockKind::Basic) {
        for (int u = 0; u < b.span; ++u)
            addUnit(*branch, b, b.width, b.kernel, u == 0 ? stride : 1, u + 1 == b.span);
    } else {
        addUnit(*branch, b, b.bottleneckWidth, 1, 1, false);
        addUnit(*branch, b, b.bottleneckWidth, b.kernel, stride, false);
        addUnit(*branch, b, b.width, 1, 1, true);
    }
    return branch;
}

std::unique_ptr<Layer> buildBlock(const BlockSpec& b, Shape in) {
    auto branch = buildBranch(b, in);
    if (!b.residual())
        return std::make_unique<PlainBlock>(std::move(branch), b.activation);
    auto shortcut = buildShortcut(b, in, branch->outputShape());
    return std::make_unique<ResidualBlock>(std::move(branch), std::move(shortcut), b.activation);
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
