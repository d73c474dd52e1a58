// core/spec/presets.h: the networks of the chapter, ready to open.
//   CIFAR-style 6n+2 nets (He et al. 2015, section 4.2): conv 3x3 16, then three stages of
//   n basic blocks with 16, 32 and 64 channels (the first block of stages 2 and 3 halves the
//   resolution, option A zero-padding shortcut), global average pooling, dense 10. A base
//   width w other than 16 gives stages of w, 2w and 4w channels (a narrower net, same shape).
//   ResNet-20/32/44/56/110 are n = 3/5/7/9/18; a plain twin has every skip removed.
//   Spiral MLPs (the default depth sweep; its PyTorch reference is bench/sweep_reference.py):
//   Linear(2, w)-BN-ReLU, units of two Linear(w)-BN-ReLU layers (plain) or identity blocks
//   (residual), a dense head; depth = 2 + 2 units.
//   Both take a block design (He et al. 2016, ReZero, SkipInit, Fixup) for every block. A
//   pre-activation network ends with the activation its last block leaves out: the head starts
//   with BN-ReLU (full pre-activation) or ReLU (ReLU-only), and the stem stops before what the
//   first block begins with (He et al. 2016, sec. 4.1: "an extra activation after the last
//   element-wise addition"). A plain network keeps the placement (the same chain without skips)
//   but not the shortcut variants or the residual scale, which need a shortcut.
#pragma once

#include "core/spec/network_spec.h"

#include <string>
#include <vector>

namespace core {

struct CifarOptions {
    int n = 3;                        // blocks per stage
    bool residual = true;
    int channels = 3, height = 32, width = 32, classes = 10;
    int baseWidth = 16;               // channels of the stem and stage 1; stages 2, 3: 2x, 4x
    ShortcutKind downsample = ShortcutKind::ZeroPad;   // or Projection (option B)
    bool batchNorm = true;
    BlockDesign design{};
};
NetworkSpec cifarResNet(const CifarOptions& options);

struct MlpOptions {
    int depth = 56;                   // weighted layers: 2 + 2 units, so even and >= 4
    bool residual = true;
    int width = 32, inputs = 2, classes = 3;
    bool batchNorm = true;
    Activation activation = Activation::ReLU;
    int span = 2;                     // layers per unit (the skip's span)
    BlockDesign design{};
};
NetworkSpec mlpNet(const MlpOptions& options);

// A small bottleneck ResNet on 1x16x16 images (stem, three bottleneck blocks, a projection
// bottleneck), for the bottleneck lesson.
NetworkSpec bottleneckExample();

// A copy with every block's shortcut removed (the plain twin), or set to `kind` where the
// block's shapes need it (identity where they match).
NetworkSpec plainTwin(const NetworkSpec& spec);
NetworkSpec residualTwin(const NetworkSpec& spec, ShortcutKind whereShapesChange = ShortcutKind::ZeroPad);

// The design a plain block keeps from `design`: the placement, nothing that needs a shortcut.
BlockDesign plainDesign(const BlockDesign& design);

// Named presets: "resnet20", "plain20", ..., "resnet110", "plain110",
// "spiral-residual-<depth>", "spiral-plain-<depth>", "bottleneck-example", and the block-design
// networks "resnet-v2-<depth>" (CIFAR-style, full pre-activation, He et al. 2016),
// "resnet-rezero-<depth>", "spiral-preact-<depth>" and "spiral-rezero-<depth>".
std::vector<std::string> presetNames();
NetworkSpec presetByName(const std::string& name);   // throws SpecError for an unknown name

}  // namespace core
