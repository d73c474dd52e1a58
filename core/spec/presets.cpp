#include "core/spec/presets.h"

#include "core/spec/spec_analysis.h"

#include <charconv>

namespace core {

namespace {

LayerSpec dense(int units, bool bias = true) {
    LayerSpec l;
    l.type = LayerType::Dense;
    l.units = units;
    l.bias = bias;
    return l;
}

LayerSpec conv(int channels, int kernel, int stride, int padding, bool bias) {
    return {LayerType::Conv, channels, kernel, stride, padding, bias};
}

LayerSpec simple(LayerType type) {
    LayerSpec l;
    l.type = type;
    return l;
}

LayerSpec activationLayer(Activation activation) {
    switch (activation) {
    case Activation::Tanh: return simple(LayerType::Tanh);
    case Activation::Sigmoid: return simple(LayerType::Sigmoid);
    case Activation::ReLU: break;
    }
    return simple(LayerType::ReLU);
}

constexpr int kCifarDepths[] = {20, 32, 44, 56, 110};

// The stem's end before the first block: BN then g, except what a pre-activation block starts
// with itself (full: BN-g; ReLU-only: g).
void addStemEnd(std::vector<LayerSpec>& stem, Placement placement, bool batchNorm, Activation activation) {
    if (batchNorm && placement != Placement::FullPreActivation)
        stem.push_back(simple(LayerType::BatchNorm));
    if (placement != Placement::FullPreActivation && placement != Placement::ReluOnlyPreActivation)
        stem.push_back(activationLayer(activation));
}

// The head's start after the last block: what a pre-activation block leaves out.
void addHeadStart(std::vector<LayerSpec>& head, Placement placement, bool batchNorm, Activation activation) {
    if (placement == Placement::FullPreActivation && batchNorm)
        head.push_back(simple(LayerType::BatchNorm));
    if (placement == Placement::FullPreActivation || placement == Placement::ReluOnlyPreActivation)
        head.push_back(activationLayer(activation));
}

BlockDesign rezeroDesign() {
    BlockDesign d;
    d.placement = Placement::FullPreActivation;
    d.residualScale = ResidualScale::ReZero;
    return d;
}

BlockDesign preactDesign() {
    BlockDesign d;
    d.placement = Placement::FullPreActivation;
    return d;
}

}  // namespace

BlockDesign plainDesign(const BlockDesign& design) {
    BlockDesign plain = design;
    plain.shortcutVariant = ShortcutVariant::None;
    plain.residualScale = ResidualScale::None;
    return plain;
}

NetworkSpec cifarResNet(const CifarOptions& o) {
    NetworkSpec spec;
    spec.name = std::string(o.residual ? "ResNet-" : "Plain-") + std::to_string(6 * o.n + 2);
    spec.input = {InputKind::Image, o.channels, o.height, o.width};
    spec.classes = o.classes;
    const BlockDesign design = o.residual ? o.design : plainDesign(o.design);
    spec.stem = {conv(o.baseWidth, 3, 1, 1, !o.batchNorm)};
    addStemEnd(spec.stem, design.placement, o.batchNorm, Activation::ReLU);
    const int stageChannels[] = {o.baseWidth, 2 * o.baseWidth, 4 * o.baseWidth};
    for (int stage = 0; stage < 3; ++stage) {
        for (int i = 0; i < o.n; ++i) {
            BlockSpec b;
            b.id = spec.nextBlockId();
            b.width = stageChannels[stage];
            b.span = 2;
            b.kernel = 3;
            b.stride = (stage > 0 && i == 0) ? 2 : 1;
            const bool changes = stage > 0 && i == 0;
            b.shortcut = !o.residual ? ShortcutKind::None : changes ? o.downsample : ShortcutKind::Identity;
            b.batchNorm = o.batchNorm;
            b.design = design;
            if (changes)   // where the shape changes the shortcut is not the identity to vary
                b.design.shortcutVariant = ShortcutVariant::None;
            spec.blocks.push_back(b);
        }
    }
    addHeadStart(spec.head, design.placement, o.batchNorm, Activation::ReLU);
    spec.head.push_back(simple(LayerType::GlobalAvgPool));
    spec.head.push_back(dense(o.classes));
    return spec;
}

NetworkSpec mlpNet(const MlpOptions& o) {
    NetworkSpec spec;
    const int units = std::max(0, (o.depth - 2) / std::max(1, o.span));
    spec.name = std::string("spiral-") + (o.residual ? "residual-" : "plain-") + std::to_string(o.depth);
    spec.input = {InputKind::Points, o.inputs, 1, 1};
    spec.classes = o.classes;
    const BlockDesign design = o.residual ? o.design : plainDesign(o.design);
    spec.stem = {dense(o.width)};
    addStemEnd(spec.stem, design.placement, o.batchNorm, o.activation);
    for (int u = 0; u < units; ++u) {
        BlockSpec b;
        b.id = spec.nextBlockId();
        b.width = o.width;
        b.span = o.span;
        b.activation = o.activation;
        b.batchNorm = o.batchNorm;
        b.shortcut = o.residual ? ShortcutKind::Identity : ShortcutKind::None;
        b.design = design;
        spec.blocks.push_back(b);
    }
    addHeadStart(spec.head, design.placement, o.batchNorm, o.activation);
    spec.head.push_back(dense(o.classes));
    return spec;
}

NetworkSpec bottleneckExample() {
    NetworkSpec spec;
    spec.name = "bottleneck-example";
    spec.input = {InputKind::Image, 1, 16, 16};
    spec.classes = 8;
    spec.stem = {conv(64, 3, 1, 1, false), simple(LayerType::BatchNorm), simple(LayerType::ReLU)};
    auto bottleneck = [&](int width, int reduced, int stride, ShortcutKind shortcut) {
        BlockSpec b;
        b.id = spec.nextBlockId();
        b.kind = BlockKind::Bottleneck;
        b.width = width;
        b.bottleneckWidth = reduced;
        b.stride = stride;
        b.shortcut = shortcut;
        spec.blocks.push_back(b);
    };
    bottleneck(64, 16, 1, ShortcutKind::Identity);
    bottleneck(64, 16, 1, ShortcutKind::Identity);
    bottleneck(128, 32, 2, ShortcutKind::Projection);
    bottleneck(128, 32, 1, ShortcutKind::Identity);
    spec.head = {simple(LayerType::GlobalAvgPool), dense(spec.classes)};
    return spec;
}

NetworkSpec plainTwin(const NetworkSpec& spec) {
    NetworkSpec twin = spec;
    for (BlockSpec& b : twin.blocks) {
        b.shortcut = ShortcutKind::None;
        b.design = plainDesign(b.design);
    }
    return twin;
}

NetworkSpec residualTwin(const NetworkSpec& spec, ShortcutKind whereShapesChange) {
    NetworkSpec twin = spec;
    const SpecAnalysis analysis = analyze(spec);
    Shape shape = analysis.inputShape;
    for (std::size_t k = 0; k < twin.blocks.size(); ++k) {
        const std::size_t row = spec.stem.size() + k;
        if (row > 0 && row - 1 < analysis.layers.size())
            shape = analysis.layers[row - 1].output;
        const Shape out = row < analysis.layers.size() ? analysis.layers[row].output : shape;
        twin.blocks[k].shortcut = out == shape ? ShortcutKind::Identity : whereShapesChange;
    }
    return twin;
}

std::vector<std::string> presetNames() {
    std::vector<std::string> names;
    for (int depth : kCifarDepths) {
        names.push_back("resnet" + std::to_string(depth));
        names.push_back("plain" + std::to_string(depth));
    }
    for (int depth : {4, 8, 16, 32, 56, 110}) {
        names.push_back("spiral-residual-" + std::to_string(depth));
        names.push_back("spiral-plain-" + std::to_string(depth));
    }
    names.push_back("bottleneck-example");
    for (int depth : {110, 1202}) {
        names.push_back("resnet-v2-" + std::to_string(depth));
        names.push_back("resnet-rezero-" + std::to_string(depth));
    }
    for (int depth : {110, 1000, 1202}) {
        names.push_back("spiral-preact-" + std::to_string(depth));
        names.push_back("spiral-rezero-" + std::to_string(depth));
    }
    return names;
}

NetworkSpec presetByName(const std::string& name) {
    auto number = [](std::string_view text, int& out) {
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc() && ptr == text.data() + text.size();
    };
    int depth = 0;
    for (const char* prefix : {"resnet", "plain"}) {
        const std::string_view p(prefix);
        if (name.rfind(p, 0) == 0 && number(std::string_view(name).substr(p.size()), depth) && depth >= 8 &&
            (depth - 2) % 6 == 0 && depth <= 1202) {
            CifarOptions o;
            o.n = (depth - 2) / 6;
            o.residual = p == "resnet";
            return cifarResNet(o);
        }
    }
    for (const char* prefix : {"resnet-v2-", "resnet-rezero-"}) {
        const std::string_view p(prefix);
        if (name.rfind(p, 0) == 0 && number(std::string_view(name).substr(p.size()), depth) && depth >= 8 &&
            (depth - 2) % 6 == 0 && depth <= 1202) {
            CifarOptions o;
            o.n = (depth - 2) / 6;
            o.design = p == "resnet-v2-" ? preactDesign() : rezeroDesign();
            NetworkSpec spec = cifarResNet(o);
            spec.name = (p == "resnet-v2-" ? "ResNet-v2-" : "ReZero-ResNet-") + std::to_string(depth);
            return spec;
        }
    }
    for (const char* prefix : {"spiral-residual-", "spiral-plain-", "spiral-preact-", "spiral-rezero-"}) {
        const std::string_view p(prefix);
        if (name.rfind(p, 0) == 0 && number(std::string_view(name).substr(p.size()), depth) && depth >= 4 &&
            depth % 2 == 0 && depth <= 2002) {
            MlpOptions o;
            o.depth = depth;
            o.residual = p != "spiral-plain-";
            if (p == "spiral-preact-")
                o.design = preactDesign();
            else if (p == "spiral-rezero-")
                o.design = rezeroDesign();
            NetworkSpec spec = mlpNet(o);
            spec.name = std::string(prefix) + std::to_string(depth);
            return spec;
        }
    }
    if (name == "bottleneck-example")
        return bottleneckExample();
    std::string list;
    for (const std::string& n : presetNames())
        list += (list.empty() ? "" : ", ") + n;
    throw SpecError("unknown preset \"" + name + "\"; known presets: " + list +
                    " (resnetN/plainN/resnet-v2-N/resnet-rezero-N take any N = 6n+2 up to 1202, spiral-*-N any "
                    "even N from 4 to 2002)");
}

}  // namespace core
