#include "core/export/torch_model_code.h"

#include "core/export/python_literals.h"
#include "core/export/text_template.h"
#include "core/export/torch_templates.h"
#include "core/format.h"
#include "core/spec/spec_analysis.h"

#include <algorithm>

namespace core {

namespace {

using namespace python;

// The branch's keyword arguments that differ from the Python classes' defaults (span 2,
// 3x3 kernels, stride 1, batch norm, ReLU), the same for every block class.
void branchArguments(std::vector<std::string>& args, const BlockSpec& b, const Shape& in) {
    if (b.kind == BlockKind::Basic && b.span != 2)
        args.push_back("span=" + std::to_string(b.span));
    if (in.spatial && b.kernel != 3)
        args.push_back("kernel=" + std::to_string(b.kernel));
    if (in.spatial && b.stride != 1)
        args.push_back("stride=" + std::to_string(b.stride));
    if (!b.batchNorm)
        args.push_back("batch_norm=False");
    if (b.activation != Activation::ReLU)
        args.push_back("activation=" + quoted(std::string(activationName(b.activation))));
}

// A block of He et al. 2016's design space beyond He et al. 2015's block: it is written as a
// DesignedBlock, which takes the design as arguments.
bool designed(const BlockSpec& b) { return !(b.design == BlockDesign{}); }

// The constructor call of a DesignedBlock: the basic or bottleneck branch's arguments, the
// shortcut, then the design fields that differ from their defaults.
std::string designedBlockCode(const BlockSpec& b, const Shape& in) {
    const BlockDesign& d = b.design;
    std::vector<std::string> args{std::to_string(in.channels), std::to_string(b.width)};
    branchArguments(args, b, in);
    if (b.shortcut != ShortcutKind::Identity)
        args.push_back("shortcut=" + quoted(std::string(shortcutName(b.shortcut))));
    if (d.placement != Placement::Original)
        args.push_back("placement=" + quoted(std::string(placementName(d.placement))));
    if (b.residual() && d.shortcutVariant != ShortcutVariant::None) {
        args.push_back("variant=" + quoted(std::string(shortcutVariantName(d.shortcutVariant))));
        switch (d.shortcutVariant) {
        case ShortcutVariant::ConstantScaling:
            args.push_back("scale=" + number(d.shortcutScale));
            if (d.scaleBranch)
                args.push_back("scale_branch=True");
            break;
        case ShortcutVariant::ExclusiveGating:
        case ShortcutVariant::ShortcutOnlyGating: args.push_back("gate_bias=" + number(d.gateBias)); break;
        case ShortcutVariant::Dropout: args.push_back("dropout=" + number(d.dropoutRate)); break;
        case ShortcutVariant::None: break;
        }
    }
    if (b.residual() && d.residualScale != ResidualScale::None) {
        args.push_back("residual_scale=" + quoted(std::string(residualScaleName(d.residualScale))));
        if (d.residualScale == ResidualScale::SkipInit)
            args.push_back("alpha=" + number(d.alphaInit));
    }
    if (b.kind == BlockKind::Bottleneck)
        args.push_back("reduced=" + std::to_string(b.bottleneckWidth));
    if (!in.spatial)
        args.push_back("images=False");
    return call(12, "DesignedBlock", args, ",");
}

// The sections of templates/model.py a spec needs.
std::map<std::string, bool> sectionsFor(const NetworkSpec& spec) {
    std::map<std::string, bool> use{{"basic_branch", false},   {"bottleneck_branch", false}, {"projection", false},
                                    {"zero_pad", false},       {"global_avg_pool", false},   {"plain_block", false},
                                    {"identity_block", false}, {"projection_block", false},  {"zero_pad_block", false},
                                    {"bottleneck_block", false}, {"designed_block", false}};
    for (const BlockSpec& b : spec.blocks) {
        if (designed(b)) {
            // DesignedBlock builds its own branch and refers to both shortcuts that change shape.
            use["designed_block"] = use["projection"] = use["zero_pad"] = true;
            continue;
        }
        if (b.kind == BlockKind::Bottleneck) {
            // BottleneckBlock refers to both shortcuts that change shape.
            use["bottleneck_block"] = use["bottleneck_branch"] = use["projection"] = use["zero_pad"] = true;
            continue;
        }
        use["basic_branch"] = true;
        switch (b.shortcut) {
        case ShortcutKind::None: use["plain_block"] = true; break;
        case ShortcutKind::Identity: use["identity_block"] = true; break;
        case ShortcutKind::Projection: use["projection_block"] = use["projection"] = true; break;
        case ShortcutKind::ZeroPad: use["zero_pad_block"] = use["zero_pad"] = true; break;
        }
    }
    for (const auto* layers : {&spec.stem, &spec.head})
        for (const LayerSpec& l : *layers)
            use["global_avg_pool"] = use["global_avg_pool"] || l.type == LayerType::GlobalAvgPool;
    return use;
}

std::string layerCode(const LayerSpec& l, const Shape& in) {
    const std::string noBias = l.bias ? "" : ", bias=False";
    switch (l.type) {
    case LayerType::Dense:
        return "nn.Linear(" + std::to_string(in.size()) + ", " + std::to_string(l.units) + noBias + ")";
    case LayerType::Conv:
        return "nn.Conv2d(" + std::to_string(in.channels) + ", " + std::to_string(l.units) + ", " +
               std::to_string(l.kernel) + ", stride=" + std::to_string(l.stride) +
               ", padding=" + std::to_string(l.padding) + noBias + ")";
    case LayerType::BatchNorm:
        return std::string(in.spatial ? "nn.BatchNorm2d(" : "nn.BatchNorm1d(") + std::to_string(in.channels) +
               ", eps=BN_EPS, momentum=BN_MOMENTUM)";
    case LayerType::ReLU: return "nn.ReLU()";
    case LayerType::Tanh: return "nn.Tanh()";
    case LayerType::Sigmoid: return "nn.Sigmoid()";
    case LayerType::GlobalAvgPool: return "GlobalAvgPool()";
    case LayerType::Flatten: return "nn.Flatten()";
    }
    return {};
}

// The constructor call of one block, e.g. ZeroPadBlock(16, 32, stride=2), with only the
// arguments that differ from the class's defaults.
std::string blockCode(const BlockSpec& b, const Shape& in) {
    if (designed(b))
        return designedBlockCode(b, in);
    std::vector<std::string> args{std::to_string(in.channels)};
    std::string name;
    if (b.kind == BlockKind::Bottleneck) {
        name = "BottleneckBlock";
        args.push_back(std::to_string(b.bottleneckWidth));
    } else {
        switch (b.shortcut) {
        case ShortcutKind::None: name = "PlainBlock"; break;
        case ShortcutKind::Identity: name = "IdentityBlock"; break;
        case ShortcutKind::Projection: name = "ProjectionBlock"; break;
        case ShortcutKind::ZeroPad: name = "ZeroPadBlock"; break;
        }
    }
    args.push_back(std::to_string(b.width));
    branchArguments(args, b, in);
    if (b.kind == BlockKind::Bottleneck && b.shortcut != ShortcutKind::Identity)
        args.push_back("shortcut=" + quoted(std::string(shortcutName(b.shortcut))));
    if (!in.spatial)
        args.push_back("images=False");
    return call(12, name, args, ",");
}

// The layer table of the network's docstring: name, output shape, parameters, description.
std::string layerTable(const SpecAnalysis& a) {
    struct Row {
        std::string name, output, params, description;
    };
    std::vector<Row> rows{{"layer", "output", "params", "description"}};
    for (const LayerSummary& l : a.layers)
        rows.push_back({l.name, shapeText(l.output), groupThousands(l.params), l.description});
    std::size_t w0 = 0, w1 = 0, w2 = 0;
    for (const Row& r : rows) {
        w0 = std::max(w0, r.name.size());
        w1 = std::max(w1, r.output.size());
        w2 = std::max(w2, r.params.size());
    }
    std::string out;
    for (const Row& r : rows) {
        std::string line = "    " + r.name + std::string(w0 - r.name.size() + 2, ' ') + r.output +
                           std::string(w1 - r.output.size() + 2, ' ') + std::string(w2 - r.params.size(), ' ') +
                           r.params + "  ";
        out += wrapWords(line, r.description, line.size());
    }
    return out;
}

// The body of Network.__init__ after super().__init__(): the stem, the blocks and the head.
std::string modulesCode(const NetworkSpec& spec, const SpecAnalysis& a) {
    std::string out;
    std::size_t row = 0;
    Shape shape = a.inputShape;
    auto sequential = [&](const char* member, const std::vector<LayerSpec>& layers) {
        if (layers.empty()) {
            out += std::string("        self.") + member + " = nn.Sequential()\n";
            return;
        }
        out += std::string("        self.") + member + " = nn.Sequential(\n";
        for (const LayerSpec& l : layers) {
            out += "            " + layerCode(l, shape) + ",\n";
            shape = a.layers[row++].output;
        }
        out += "        )\n";
    };
    sequential("stem", spec.stem);
    if (spec.blocks.empty()) {
        out += "        self.blocks = nn.ModuleList()\n";
    } else {
        out += "        self.blocks = nn.ModuleList([\n";
        for (const BlockSpec& b : spec.blocks) {
            out += blockCode(b, shape);
            shape = a.layers[row++].output;
        }
        out += "        ])\n";
    }
    sequential("head", spec.head);
    return out;
}

}  // namespace

std::string torchModelSource(const NetworkSpec& spec) {
    const SpecAnalysis a = analyze(spec);
    if (!a.valid())
        throw SpecError("the network cannot be exported: " + a.issues.front().message);
    const std::string name = spec.name.empty() ? std::string() : docSafe(spec.name);
    const std::string inWords = shapeText(a.inputShape) + (a.inputShape.spatial ? " images" : " features");
    TemplateValues v;
    v.text["summary"] = wrapAfter("\"\"\"", (name.empty() ? "A network" : name) +
                                                ", exported from ResNet Lab as a PyTorch module.", 0);
    v.text["batch_shape"] = batchShape(a.inputShape);
    v.text["classes"] = std::to_string(spec.classes);
    v.text["input_shape"] = shapeTuple(a.inputShape);
    v.text["sample_layout"] = a.inputShape.spatial ? "(channels, height, width)" : "(features,)";
    v.text["network_summary"] = wrapAfter("    \"\"\"", (name.empty() ? "The network" : name) + " as built by ResNet Lab: " +
                                                         inWords + " in, " + std::to_string(spec.classes) +
                                                         " class logits out, " + groupThousands(a.params) + " parameters.",
                                          4);
    v.text["layer_table"] = layerTable(a);
    v.text["modules"] = modulesCode(spec, a);
    v.sections = sectionsFor(spec);
    return fillTemplate(torch_templates::model(), v);
}

}  // namespace core
