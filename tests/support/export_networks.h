// tests/support/export_networks.h: networks that take every path of the PyTorch export
// between them, for tests/torch: the spiral MLPs, CIFAR-style conv nets with either shortcut
// where the shape changes, and two mixed networks with every block kind, shortcut, activation
// and layer the presets leave out.
#pragma once

#include "core/spec/network_spec.h"
#include "core/spec/presets.h"

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

}  // namespace testsupport
