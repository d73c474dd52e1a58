#include "core/spec/spec_analysis.h"

#include "core/format.h"

#include <cmath>
#include <iomanip>
#include <set>
#include <sstream>

namespace core {

namespace {

using Where = SpecIssue::Where;

// "32 channels" for images, "32 features" for vectors.
std::string sizeWords(const Shape& s) {
    return std::to_string(s.channels) + (s.spatial ? " channels" : " features");
}

// 0.5, -6, 0.04472: up to four significant digits.
std::string formatNumber(double value) {
    std::ostringstream text;
    text << std::setprecision(4) << value;
    return text.str();
}

// ", full pre-activation, ReZero" for the fields that differ from He et al. 2015's block.
std::string designText(const BlockSpec& b) {
    std::string text;
    if (b.design.placement != Placement::Original)
        text += ", " + std::string(placementName(b.design.placement));
    if (b.residual() && b.design.shortcutVariant != ShortcutVariant::None)
        text += ", " + std::string(shortcutVariantName(b.design.shortcutVariant));
    if (b.residual() && b.design.residualScale != ResidualScale::None)
        text += ", " + std::string(residualScaleName(b.design.residualScale));
    return text;
}

struct Walker {
    const NetworkSpec& spec;
    SpecAnalysis result;

    void issue(Where where, int index, std::string field, const std::string& text) {
        result.issues.push_back({where, index, std::move(field), prefix(where, index) + text});
    }

    static std::string prefix(Where where, int index) {
        switch (where) {
        case Where::Input: return "input: ";
        case Where::Stem: return "stem layer " + std::to_string(index) + ": ";
        case Where::Block: return "block " + std::to_string(index) + ": ";
        case Where::Head: return "head layer " + std::to_string(index) + ": ";
        case Where::Network: break;
        }
        return "network: ";
    }

    bool inRange(Where where, int index, const std::string& field, long long value, long long lo,
                 long long hi) {
        if (value >= lo && value <= hi)
            return true;
        issue(where, index, field,
              field + " is " + std::to_string(value) + "; it must be between " + std::to_string(lo) + " and " +
                  groupThousands(hi));
        return false;
    }

    // A conv's output side, or 0 when the image collapses.
    static int convSide(int side, int kernel, int stride, int padding) {
        const int span = side + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    void checkValues(Where where, int index, const Shape& shape) {
        if (shape.size() > SpecLimits::kMaxValuesPerSample)
            issue(where, index, "",
                  "output " + shape.str() + " holds " + groupThousands(shape.size()) +
                      " values per sample; the limit is " + groupThousands(SpecLimits::kMaxValuesPerSample));
    }

    // One single layer of the stem or head. Returns its output shape.
    Shape layer(Where where, int index, const LayerSpec& l, const Shape& in) {
        LayerSummary row;
        row.name = std::string(where == Where::Stem ? "stem." : "head.") + std::to_string(index);
        Shape out = in;
        switch (l.type) {
        case LayerType::Dense: {
            row.description = "dense " + std::to_string(l.units);
            inRange(where, index, "units", l.units, 1, SpecLimits::kMaxWidth);
            if (in.spatial)
                issue(where, index, "type",
                      "a dense layer needs a vector but receives the image " + in.str() +
                          "; add a global average pool or a flatten layer before it");
            out = Shape::vector(std::max(1, l.units));
            const std::int64_t inSize = in.size();
            row.params = inSize * out.channels + (l.bias ? out.channels : 0);
            row.flops = 2 * inSize * out.channels;
            ++result.depth;
            break;
        }
        case LayerType::Conv: {
            row.description = "conv " + std::to_string(l.kernel) + "x" + std::to_string(l.kernel) + ", " +
                              std::to_string(l.units) + (l.stride > 1 ? ", stride " + std::to_string(l.stride) : "");
            bool ok = inRange(where, index, "channels", l.units, 1, SpecLimits::kMaxWidth);
            ok &= inRange(where, index, "kernel", l.kernel, 1, SpecLimits::kMaxKernel);
            ok &= inRange(where, index, "stride", l.stride, 1, SpecLimits::kMaxStride);
            ok &= inRange(where, index, "padding", l.padding, 0, l.kernel);
            if (!in.spatial) {
                issue(where, index, "type", "a conv layer needs an image but receives a vector of " + in.str() +
                                                " features");
                return Shape::image(std::max(1, l.units), 1, 1);
            }
            const int h = ok ? convSide(in.height, l.kernel, l.stride, l.padding) : in.height;
            const int w = ok ? convSide(in.width, l.kernel, l.stride, l.padding) : in.width;
            if (ok && (h < 1 || w < 1))
                issue(where, index, "kernel",
                      "a " + std::to_string(l.kernel) + "x" + std::to_string(l.kernel) + " kernel does not fit the " +
                          std::to_string(in.height) + "x" + std::to_string(in.width) + " input");
            out = Shape::image(std::max(1, l.units), std::max(1, h), std::max(1, w));
            const std::int64_t macs = std::int64_t(in.channels) * l.kernel * l.kernel * out.channels;
            row.params = macs + (l.bias ? out.channels : 0);
            row.flops = 2 * macs * out.pixels();
            ++result.depth;
            break;
        }
        case LayerType::BatchNorm:
            row.description = "batch norm";
            row.params = 2 * std::int64_t(in.channels);
            break;
        case LayerType::ReLU: row.description = "relu"; break;
        case LayerType::Tanh: row.description = "tanh"; break;
        case LayerType::Sigmoid: row.description = "sigmoid"; break;
        case LayerType::GlobalAvgPool:
            row.description = "global average pool";
            if (!in.spatial)
                issue(where, index, "type", "global average pooling needs an image but receives a vector");
            out = Shape::vector(in.channels);
            break;
        case LayerType::Flatten:
            row.description = "flatten";
            if (!in.spatial)
                issue(where, index, "type", "flatten needs an image but receives a vector");
            out = Shape::vector(int(std::min<std::int64_t>(in.size(), SpecLimits::kMaxValuesPerSample)));
            break;
        }
        checkValues(where, index, out);
        row.output = out;
        result.layers.push_back(row);
        return out;
    }

    // One unit of a branch: a weighted layer (+ BN, or its bias). Adds its params and flops to
    // the row. A Fixup unit has neither BN nor a bias (its scalar biases are counted by block()).
    // In full pre-activation the BN comes before the weights, so it normalises the unit's input
    // channels, not its output (core/blocks/layer_unit.cpp).
    Shape unit(LayerSummary& row, const Shape& in, int width, int kernel, int stride, bool bn, bool fixup,
               bool bnOnInput) {
        const std::int64_t bnChannels = bnOnInput ? std::int64_t(in.spatial ? in.channels : in.size()) : width;
        const std::int64_t extra = bn ? 2 * bnChannels : fixup ? 0 : width;
        if (in.spatial) {
            const int pad = kernel / 2;
            const Shape out = Shape::image(width, std::max(1, convSide(in.height, kernel, stride, pad)),
                                           std::max(1, convSide(in.width, kernel, stride, pad)));
            const std::int64_t macs = std::int64_t(in.channels) * kernel * kernel * width;
            row.params += macs + extra;
            row.flops += 2 * macs * out.pixels();
            ++result.depth;
            return out;
        }
        const Shape out = Shape::vector(width);
        row.params += in.size() * width + extra;
        row.flops += 2 * in.size() * width;
        ++result.depth;
        return out;
    }

    bool numberInRange(int index, const std::string& field, double value, double lo, double hi) {
        if (std::isfinite(value) && value >= lo && value <= hi)
            return true;
        issue(Where::Block, index, field,
              field + " is " + formatNumber(value) + "; it must be between " + formatNumber(lo) + " and " +
                  formatNumber(hi));
        return false;
    }

    // The block-design fields (He et al. 2016, ReZero, SkipInit, Fixup): combinations that
    // cannot be built or do not mean what their name says. `changes` is true when the branch
    // changes the input's shape.
    void design(int index, const BlockSpec& b, bool changes, const Shape& in, const Shape& out) {
        const std::string variant(shortcutVariantName(b.design.shortcutVariant));
        numberInRange(index, "shortcut_scale", b.design.shortcutScale, 0.0, 1.0);
        numberInRange(index, "gate_bias", b.design.gateBias, -50.0, 50.0);
        numberInRange(index, "dropout_rate", b.design.dropoutRate, 0.0, 0.99);
        numberInRange(index, "alpha_init", b.design.alphaInit, 0.0, 1.0);
        if (b.design.shortcutVariant != ShortcutVariant::None) {
            if (!b.residual())
                issue(Where::Block, index, "shortcut_variant",
                      variant + " changes what the shortcut carries, but this block is plain (no shortcut); "
                      "add an identity shortcut or set the shortcut variant to none");
            else if (changes)
                issue(Where::Block, index, "shortcut_variant",
                      variant + " acts on x itself, value by value, so the branch must keep the input's shape, but "
                      "this block changes " + in.str() + " to " + out.str() +
                      "; keep the width (and stride 1), or set the shortcut variant to none");
            else if (b.shortcut != ShortcutKind::Identity)
                issue(Where::Block, index, "shortcut_variant",
                      variant + " acts on the identity shortcut (He et al. 2016, Fig. 2), but this block's shortcut "
                      "is " + std::string(shortcutName(b.shortcut)) + "; set the shortcut to identity");
        }
        if (b.design.residualScale != ResidualScale::None) {
            const std::string scale(residualScaleName(b.design.residualScale));
            if (!b.residual())
                issue(Where::Block, index, "residual_scale",
                      scale + " scales a residual branch, but this block is plain: with no shortcut to fall back "
                      "on it would cut the network; add a shortcut or set the residual scale to none");
            if ((b.design.residualScale == ResidualScale::SkipInit || b.design.residualScale == ResidualScale::Fixup) && b.batchNorm)
                issue(Where::Block, index, "batchnorm",
                      scale + " trains without batch normalisation (it replaces it); turn batch norm off, or use "
                      "ReZero, which works with or without it");
            if (b.design.residualScale == ResidualScale::Fixup && b.design.placement != Placement::Original)
                issue(Where::Block, index, "placement",
                      "Fixup is defined for the original block (ReLU after the addition); set the placement to "
                      "original");
        }
        if (b.design.placement == Placement::BnAfterAddition && !b.batchNorm)
            issue(Where::Block, index, "placement",
                  "BN after addition moves the branch's last batch norm after the addition, but this block has no "
                  "batch norm; turn batch norm on or choose another placement");
    }

    Shape block(int index, const BlockSpec& b, const Shape& in) {
        LayerSummary row;
        row.name = "blocks." + std::to_string(index);
        bool ok = inRange(Where::Block, index, "width", b.width, 1, SpecLimits::kMaxWidth);
        if (b.kind == BlockKind::Basic) {
            ok &= inRange(Where::Block, index, "span", b.span, 1, SpecLimits::kMaxSpan);
            if (b.residual() && b.span == 1)
                issue(Where::Block, index, "span",
                      "a residual branch needs at least 2 layers (a skip over one layer adds nothing a plain "
                      "layer cannot do); set span to 2 or more, or make the block plain");
        } else {
            ok &= inRange(Where::Block, index, "bottleneck_width", b.bottleneckWidth, 1, SpecLimits::kMaxWidth);
        }
        if (in.spatial) {
            ok &= inRange(Where::Block, index, "kernel", b.kernel, 1, SpecLimits::kMaxKernel);
            ok &= inRange(Where::Block, index, "stride", b.stride, 1, SpecLimits::kMaxStride);
            if (b.kernel % 2 == 0 && b.kernel > 0) {
                issue(Where::Block, index, "kernel",
                      "kernel is " + std::to_string(b.kernel) + "; a block's kernel must be odd so that padding " +
                          "keeps the image size");
                ok = false;
            }
        } else if (b.stride != 1) {
            issue(Where::Block, index, "stride",
                  "stride is " + std::to_string(b.stride) + " but the block receives a vector; stride applies to "
                  "images only, set it to 1");
            ok = false;
        }
        const int width = std::max(1, std::min(b.width, SpecLimits::kMaxWidth));
        const int stride = std::max(1, std::min(b.stride, SpecLimits::kMaxStride));
        const int kernel = std::max(1, std::min(b.kernel, SpecLimits::kMaxKernel)) | 1;
        const bool bn = b.batchNorm;
        const bool fixup = b.residual() && b.design.residualScale == ResidualScale::Fixup;
        const bool bnOnInput = !fixup && b.design.placement == Placement::FullPreActivation;

        Shape out = in;
        std::string units;
        if (!ok) {
            // Keep walking with the block's intended output so later blocks are still checked.
            out = in.spatial ? Shape::image(width, (in.height + stride - 1) / stride, (in.width + stride - 1) / stride)
                             : Shape::vector(width);
        } else if (b.kind == BlockKind::Basic) {
            for (int u = 0; u < b.span; ++u)
                out = unit(row, out, width, kernel, u == 0 ? stride : 1, bn, fixup, bnOnInput);
            if (fixup)
                row.params += 2 * b.span;   // scalar biases: before each W and each g, after the multiplier
            units = std::to_string(b.span) + " x " + (in.spatial ? "conv " + std::to_string(kernel) + "x" +
                                                                      std::to_string(kernel) + " "
                                                                : "dense ") +
                    std::to_string(width);
        } else {
            const int r = b.bottleneckWidth;
            out = unit(row, out, r, 1, 1, bn, fixup, bnOnInput);
            out = unit(row, out, r, kernel, stride, bn, fixup, bnOnInput);
            out = unit(row, out, width, 1, 1, bn, fixup, bnOnInput);
            if (fixup)
                row.params += 2 * 3;
            units = "bottleneck " + std::to_string(r) + "-" + std::to_string(r) + "-" + std::to_string(width);
        }

        std::string shortcutText;
        switch (b.shortcut) {
        case ShortcutKind::None: shortcutText = "plain block"; break;
        case ShortcutKind::Identity:
            shortcutText = "residual block (identity)";
            if (ok && out != in) {
                std::string what;
                if (out.channels != in.channels && out.pixels() == in.pixels())
                    what = "branch outputs " + sizeWords(out) + " but the input has " + std::to_string(in.channels);
                else
                    what = "branch outputs " + out.str() + " but the input is " + in.str() +
                           (stride > 1 ? " (stride " + std::to_string(stride) + ")" : "");
                // Zero-padding only adds channels (core/shortcuts/zero_pad.h): suggest it only
                // where it can serve.
                issue(Where::Block, index, "shortcut",
                      what + (width >= in.channels ? "; use a projection or zero-padding shortcut"
                                                   : "; use a projection shortcut (zero-padding can only add "
                                                     "channels)"));
            }
            break;
        case ShortcutKind::Projection: {
            shortcutText = "convolution block (projection)";
            const std::int64_t macs = std::int64_t(in.channels) * width;
            row.params += macs + (bn ? 2 * width : width);
            row.flops += 2 * macs * (in.spatial ? out.pixels() : 1);
            break;
        }
        case ShortcutKind::ZeroPad:
            shortcutText = "residual block (zero-padding)";
            if (ok && width < in.channels)
                issue(Where::Block, index, "shortcut",
                      "zero-padding can only add channels, but the branch outputs " + std::to_string(width) +
                          " and the input has " + std::to_string(in.channels) + "; use a projection shortcut");
            break;
        }
        if (ok)
            design(index, b, out != in, in, out);
        if (b.residual()) {
            if (b.design.shortcutVariant == ShortcutVariant::ExclusiveGating ||
                b.design.shortcutVariant == ShortcutVariant::ShortcutOnlyGating) {
                const std::int64_t macs = std::int64_t(out.channels) * out.channels;   // W_g, 1x1
                row.params += macs + out.channels;
                row.flops += 2 * macs * (out.spatial ? out.pixels() : 1);
            }
            if (b.design.residualScale != ResidualScale::None)
                row.params += 1;   // alpha, or Fixup's multiplier
        }
        row.description = shortcutText + (units.empty() ? "" : ", " + units) + designText(b);
        checkValues(Where::Block, index, out);
        row.output = out;
        result.layers.push_back(row);
        return out;
    }

    // SkipInit's alpha starts at 0 or below 1/sqrt(d), d the number of residual blocks (De & Smith
    // 2020): each block then adds at most about 1/d of the variance, and the sum stays bounded.
    void skipInitBound() {
        int d = 0;
        for (const BlockSpec& b : spec.blocks)
            d += b.residual() ? 1 : 0;
        const double bound = 1.0 / std::sqrt(double(std::max(1, d)));
        for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
            const BlockSpec& b = spec.blocks[i];
            if (b.residual() && b.design.residualScale == ResidualScale::SkipInit && b.design.alphaInit > 0.0 && b.design.alphaInit >= bound)
                issue(Where::Block, int(i), "alpha_init",
                      "SkipInit starts alpha at 0 or below 1/sqrt(d) = " + formatNumber(bound) + " for d = " +
                          std::to_string(d) + " residual blocks, but alpha_init is " + formatNumber(b.design.alphaInit));
        }
    }

    void run() {
        const InputSpec& input = spec.input;
        Shape shape = inputShapeOf(input);
        if (input.kind == InputKind::Points) {
            inRange(Where::Input, -1, "channels", input.channels, 1, SpecLimits::kMaxInputFeatures);
            if (input.height != 1 || input.width != 1)
                issue(Where::Input, -1, "height", "points have height and width 1");
        } else {
            inRange(Where::Input, -1, "channels", input.channels, 1, SpecLimits::kMaxWidth);
            inRange(Where::Input, -1, "height", input.height, 1, SpecLimits::kMaxImageSide);
            inRange(Where::Input, -1, "width", input.width, 1, SpecLimits::kMaxImageSide);
        }
        shape.channels = std::clamp(shape.channels, 1, SpecLimits::kMaxInputFeatures);
        shape.height = std::clamp(shape.height, 1, SpecLimits::kMaxImageSide);
        shape.width = std::clamp(shape.width, 1, SpecLimits::kMaxImageSide);
        result.inputShape = shape;
        inRange(Where::Network, -1, "classes", spec.classes, 2, SpecLimits::kMaxClasses);
        if (spec.stem.size() > std::size_t(SpecLimits::kMaxLayers) ||
            spec.head.size() > std::size_t(SpecLimits::kMaxLayers)) {
            issue(Where::Network, -1, "stem", "the stem and the head have at most " +
                                                  std::to_string(SpecLimits::kMaxLayers) + " layers each");
            return;
        }
        if (spec.blocks.size() > std::size_t(SpecLimits::kMaxBlocks)) {
            issue(Where::Network, -1, "blocks", "the network has " + std::to_string(spec.blocks.size()) +
                                                    " blocks; the limit is " + std::to_string(SpecLimits::kMaxBlocks));
            return;
        }
        std::set<BlockId> ids;
        for (std::size_t i = 0; i < spec.blocks.size(); ++i)
            if (!ids.insert(spec.blocks[i].id).second)
                issue(Where::Block, int(i), "id", "id " + std::to_string(spec.blocks[i].id) + " is used by another block");

        for (std::size_t i = 0; i < spec.stem.size(); ++i)
            shape = layer(Where::Stem, int(i), spec.stem[i], shape);
        for (std::size_t i = 0; i < spec.blocks.size(); ++i)
            shape = block(int(i), spec.blocks[i], shape);
        skipInitBound();
        for (std::size_t i = 0; i < spec.head.size(); ++i)
            shape = layer(Where::Head, int(i), spec.head[i], shape);
        result.outputShape = shape;

        if (shape.spatial || shape.channels != spec.classes)
            issue(Where::Head, int(spec.head.size()) - 1, "units",
                  "the network outputs " + (shape.spatial ? "the image " + shape.str() : shape.str() + " values") +
                      " but there are " + std::to_string(spec.classes) + " classes; end the head with a dense layer of " +
                      std::to_string(spec.classes) + " units");
        for (const LayerSummary& row : result.layers) {
            result.params += row.params;
            result.flops += row.flops;
        }
        if (result.params > SpecLimits::kMaxParams)
            issue(Where::Network, -1, "", "the network has " + groupThousands(result.params) +
                                              " parameters; the limit is " + groupThousands(SpecLimits::kMaxParams));
    }
};

}  // namespace

Shape inputShapeOf(const InputSpec& input) {
    if (input.kind == InputKind::Points)
        return Shape::vector(input.channels);
    return Shape::image(input.channels, input.height, input.width);
}

SpecAnalysis analyze(const NetworkSpec& spec) {
    Walker walker{spec, {}};
    walker.run();
    return std::move(walker.result);
}

std::vector<SpecIssue> validate(const NetworkSpec& spec) {
    return analyze(spec).issues;
}

}  // namespace core
