// tests/support/export_networks.h: networks that take every path of the PyTorch export
// between them, for tests/torch: the spiral MLPs, CIFAR-style conv nets with either shortcut
// where the shape changes, two mixed networks with every block kind, shortcut, activation
// and layer the presets leave out, and two with every block-design variant (He et al. 2016's
// placements and shortcut variants, ReZero, SkipInit, Fixup).
#pragma once

#include "core/spec/network_spec.h"
#include "core/spec/presets.h"

#include <functional>

namespace testsupport {

using namespace core;

inline LayerSpec layer(LayerType type, int units = 0, bool bias = true) {
    LayerSpec l;
    l.type = type;
    l.units = units;
    l.bias = bias;
    return l;
}

inline LayerSpec conv(int channels, int kernel, int stride, int padding, bool bias) {
    return {LayerType::Conv, channels, kernel, stride, padding, bias};
}

inline BlockSpec block(NetworkSpec& spec, BlockKind kind, int width, ShortcutKind shortcut) {
    BlockSpec b;
    b.id = spec.nextBlockId();
    b.kind = kind;
    b.width = width;
    b.shortcut = shortcut;
    return b;
}

inline NetworkSpec mlp(bool residual) {
    MlpOptions o;
    o.depth = 6;
    o.width = 16;
    o.residual = residual;
    return mlpNet(o);
}

// Every vector path: tanh and sigmoid blocks, branches with biases (no BN), spans 1 and 3,
// projection and zero-padding shortcuts on vectors, bottleneck blocks of dense layers.
inline NetworkSpec mixedMlp() {
    NetworkSpec s;
    s.name = "mixed-mlp";
    s.input = {InputKind::Points, 2, 1, 1};
    s.classes = 3;
    s.stem = {layer(LayerType::Dense, 16), layer(LayerType::BatchNorm), layer(LayerType::Tanh)};
    BlockSpec b = block(s, BlockKind::Basic, 16, ShortcutKind::Identity);
    b.span = 3;
    b.activation = Activation::Tanh;
    b.batchNorm = false;
    s.blocks.push_back(b);
    s.blocks.push_back(block(s, BlockKind::Basic, 24, ShortcutKind::Projection));
    b = block(s, BlockKind::Basic, 32, ShortcutKind::ZeroPad);
    b.activation = Activation::Sigmoid;
    b.batchNorm = false;
    s.blocks.push_back(b);
    b = block(s, BlockKind::Basic, 32, ShortcutKind::None);
    b.span = 1;
    s.blocks.push_back(b);
    b = block(s, BlockKind::Bottleneck, 32, ShortcutKind::Identity);
    b.bottleneckWidth = 8;
    s.blocks.push_back(b);
    b = block(s, BlockKind::Bottleneck, 40, ShortcutKind::ZeroPad);
    b.bottleneckWidth = 8;
    b.batchNorm = false;
    s.blocks.push_back(b);
    s.head = {layer(LayerType::Dense, 3)};
    return s;
}

inline NetworkSpec cifar(ShortcutKind downsample, bool residual = true) {
    CifarOptions o;
    o.n = 1;
    o.channels = 1;
    o.height = 16;
    o.width = 16;
    o.residual = residual;
    o.downsample = downsample;
    return cifarResNet(o);
}

// Every image path the presets leave out: a strided biased stem conv, kernels 5 and 1,
// a plain conv block without BN, a strided zero-padding bottleneck with sigmoid, a span-3
// identity block, a projection without BN, flatten and a dense head.
inline NetworkSpec mixedConv() {
    NetworkSpec s;
    s.name = "mixed-conv";
    s.input = {InputKind::Image, 1, 16, 16};
    s.classes = 8;
    s.stem = {conv(8, 3, 2, 1, true), layer(LayerType::Tanh)};
    BlockSpec b = block(s, BlockKind::Basic, 8, ShortcutKind::None);
    b.kernel = 5;
    b.batchNorm = false;
    s.blocks.push_back(b);
    b = block(s, BlockKind::Bottleneck, 16, ShortcutKind::ZeroPad);
    b.bottleneckWidth = 4;
    b.stride = 2;
    b.activation = Activation::Sigmoid;
    s.blocks.push_back(b);
    b = block(s, BlockKind::Basic, 16, ShortcutKind::Identity);
    b.span = 3;
    s.blocks.push_back(b);
    b = block(s, BlockKind::Basic, 24, ShortcutKind::Projection);
    b.kernel = 1;
    b.stride = 2;
    b.batchNorm = false;
    s.blocks.push_back(b);
    s.head = {layer(LayerType::Flatten), layer(LayerType::Dense, 16), layer(LayerType::ReLU),
              layer(LayerType::Dense, 8, false)};
    return s;
}

inline BlockSpec designed(NetworkSpec& spec, int width, const std::function<void(BlockSpec&)>& edit,
                          ShortcutKind shortcut = ShortcutKind::Identity) {
    BlockSpec b = block(spec, BlockKind::Basic, width, shortcut);
    edit(b);
    return b;
}

// Every design on vectors: the five placements (one of them on a projection and on a plain
// block), the shortcut variants with their parameters, ReZero, SkipInit and Fixup, and a
// pre-activation bottleneck; the head starts with the BN-ReLU a pre-activation net ends with.
inline NetworkSpec designedMlp() {
    NetworkSpec s;
    s.name = "designed-mlp";
    s.input = {InputKind::Points, 2, 1, 1};
    s.classes = 3;
    s.stem = {layer(LayerType::Dense, 16), layer(LayerType::BatchNorm), layer(LayerType::ReLU)};
    using P = Placement;
    using V = ShortcutVariant;
    auto place = [](P p) { return [p](BlockSpec& b) { b.design.placement = p; }; };
    s.blocks.push_back(designed(s, 16, place(P::BnAfterAddition)));
    s.blocks.push_back(designed(s, 16, place(P::ReluBeforeAddition)));
    s.blocks.push_back(designed(s, 16, place(P::ReluOnlyPreActivation)));
    s.blocks.push_back(designed(s, 16, place(P::FullPreActivation)));
    s.blocks.push_back(designed(s, 24, place(P::FullPreActivation), ShortcutKind::Projection));
    s.blocks.push_back(designed(s, 24, place(P::FullPreActivation), ShortcutKind::None));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) {
        b.design.shortcutVariant = V::ConstantScaling;
        b.design.shortcutScale = 0.3;
        b.design.scaleBranch = true;
    }));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) { b.design.shortcutVariant = V::ConstantScaling; }));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) {
        b.design.shortcutVariant = V::ExclusiveGating;
        b.design.gateBias = -2.0;
    }));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) {
        b.design.shortcutVariant = V::ShortcutOnlyGating;
        b.design.gateBias = -6.0;
    }));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) {
        b.design.shortcutVariant = V::Dropout;
        b.design.dropoutRate = 0.25;
    }));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) {
        b.design.placement = P::FullPreActivation;
        b.design.residualScale = ResidualScale::ReZero;
    }));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) {
        b.batchNorm = false;
        b.design.residualScale = ResidualScale::SkipInit;
        b.design.alphaInit = 0.1;
    }));
    s.blocks.push_back(designed(s, 24, [](BlockSpec& b) {
        b.batchNorm = false;
        b.span = 3;
        b.design.residualScale = ResidualScale::Fixup;
    }));
    BlockSpec bottleneck = designed(s, 24, place(P::FullPreActivation));
    bottleneck.kind = BlockKind::Bottleneck;
    bottleneck.bottleneckWidth = 8;
    s.blocks.push_back(bottleneck);
    s.head = {layer(LayerType::BatchNorm), layer(LayerType::ReLU), layer(LayerType::Dense, 3)};
    return s;
}

// The designs on images: full pre-activation with a strided zero-padding shortcut, exclusive
// gating through a 1x1 conv gate, a ReZero and a Fixup conv block, BN after addition.
inline NetworkSpec designedConv() {
    NetworkSpec s;
    s.name = "designed-conv";
    s.input = {InputKind::Image, 1, 16, 16};
    s.classes = 8;
    s.stem = {conv(8, 3, 1, 1, false)};
    s.blocks.push_back(designed(s, 8, [](BlockSpec& b) { b.design.placement = Placement::FullPreActivation; }));
    s.blocks.push_back(designed(s, 16, [](BlockSpec& b) {
        b.stride = 2;
        b.design.placement = Placement::FullPreActivation;
    }, ShortcutKind::ZeroPad));
    s.blocks.push_back(designed(s, 16, [](BlockSpec& b) {
        b.design.shortcutVariant = ShortcutVariant::ExclusiveGating;
        b.design.gateBias = -3.0;
    }));
    s.blocks.push_back(designed(s, 16, [](BlockSpec& b) {
        b.design.placement = Placement::FullPreActivation;
        b.design.residualScale = ResidualScale::ReZero;
    }));
    s.blocks.push_back(designed(s, 16, [](BlockSpec& b) { b.design.placement = Placement::BnAfterAddition; }));
    s.blocks.push_back(designed(s, 16, [](BlockSpec& b) {
        b.batchNorm = false;
        b.design.residualScale = ResidualScale::Fixup;
    }));
    s.head = {layer(LayerType::BatchNorm), layer(LayerType::ReLU), layer(LayerType::GlobalAvgPool),
              layer(LayerType::Dense, 8)};
    return s;
}

}  // namespace testsupport
