#include "ui/builder/palette_entries.h"

#include <QCoreApplication>

#include <algorithm>

namespace ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("Palette", text); }

std::vector<PaletteInfo> buildEntries() {
    return {
        {PaletteEntry::PlainBlock, "plain-block", tr("Plain block"),
         tr("Two weight layers with batch norm and ReLU and no skip connection: out = g(F(x))."),
         ":/icons/palette/plain_block.svg", true},
        {PaletteEntry::ResidualBlock, "residual-block", tr("Residual block"),
         tr("The identity block: the same two layers plus a skip that adds the input back, "
            "out = g(F(x) + x)."),
         ":/icons/palette/residual_block.svg", true},
        {PaletteEntry::ConvolutionBlock, "convolution-block", tr("Convolution block"),
         tr("A residual block whose shortcut is a learned 1x1 projection, for a branch that changes the "
            "shape (on images it halves the resolution)."),
         ":/icons/palette/convolution_block.svg", true},
        {PaletteEntry::BottleneckBlock, "bottleneck-block", tr("Bottleneck"),
         tr("A 1x1 reduce, 3x3, 1x1 restore branch with a skip: deep ResNets at a lower cost "
            "(He et al. 2015, fig. 5)."),
         ":/icons/palette/bottleneck_block.svg", true},
        {PaletteEntry::Dense, "dense", tr("Dense"),
         tr("A fully connected layer Wx + b; the head ends with one of these, a unit per class."),
         ":/icons/palette/dense.svg", false},
        {PaletteEntry::Conv, "conv", tr("Convolution"),
         tr("A 3x3 convolution over an image; the stem of an image network starts with one."),
         ":/icons/palette/conv.svg", false},
        {PaletteEntry::BatchNorm, "batchnorm", tr("Batch norm"),
         tr("Normalises each channel over the batch, then scales and shifts it."),
         ":/icons/palette/batchnorm.svg", false},
        {PaletteEntry::ReLU, "relu", tr("ReLU"), tr("The rectifier g(z) = max(0, z)."),
         ":/icons/palette/relu.svg", false},
        {PaletteEntry::Tanh, "tanh", tr("Tanh"),
         tr("The hyperbolic tangent; it saturates, so deep plain stacks of it show vanishing gradients."),
         ":/icons/palette/tanh.svg", false},
        {PaletteEntry::Sigmoid, "sigmoid", tr("Sigmoid"),
         tr("The logistic function 1 / (1 + e^-z); its gradient is at most 1/4, so it vanishes with depth."),
         ":/icons/palette/sigmoid.svg", false},
        {PaletteEntry::GlobalAvgPool, "global-avg-pool", tr("Global average pool"),
         tr("Averages each channel over the image, turning C x H x W into C features for the head."),
         ":/icons/palette/global_avg_pool.svg", false},
        {PaletteEntry::Flatten, "flatten", tr("Flatten"),
         tr("Lays an image's C x H x W values out as one long feature vector."),
         ":/icons/palette/flatten.svg", false},
    };
}

}  // namespace

const std::vector<PaletteInfo>& paletteEntries() {
    static const std::vector<PaletteInfo> entries = buildEntries();
    return entries;
}

const PaletteInfo& paletteInfo(PaletteEntry entry) {
    for (const PaletteInfo& info : paletteEntries())
        if (info.entry == entry)
            return info;
    return paletteEntries().front();
}

std::optional<PaletteEntry> paletteEntryFromKey(const QString& key) {
    for (const PaletteInfo& info : paletteEntries())
        if (info.key == key)
            return info.entry;
    return std::nullopt;
}

core::BlockSpec makeBlock(PaletteEntry entry, const core::Shape& input) {
    core::BlockSpec block;
    block.width = std::max(1, input.channels);
    block.kernel = 3;
    block.stride = 1;
    block.span = 2;
    switch (entry) {
    case PaletteEntry::PlainBlock: block.shortcut = core::ShortcutKind::None; break;
    case PaletteEntry::ResidualBlock: block.shortcut = core::ShortcutKind::Identity; break;
    case PaletteEntry::ConvolutionBlock:
        // The paper's down-sampling block: on images stride 2 and a projection on the skip.
        block.shortcut = core::ShortcutKind::Projection;
        block.stride = input.spatial ? 2 : 1;
        break;
    case PaletteEntry::BottleneckBlock:
        block.kind = core::BlockKind::Bottleneck;
        block.width = std::max(4, input.channels);
        block.bottleneckWidth = std::max(1, block.width / 4);
        block.shortcut = block.width == input.channels ? core::ShortcutKind::Identity
                                                       : core::ShortcutKind::Projection;
        break;
    default: break;
    }
    return block;
}

core::LayerSpec makeLayer(PaletteEntry entry, bool inHead, int classes) {
    core::LayerSpec layer;
    switch (entry) {
    case PaletteEntry::Dense:
        layer.type = core::LayerType::Dense;
        layer.units = inHead ? std::max(1, classes) : 32;
        break;
    case PaletteEntry::Conv:
        layer.type = core::LayerType::Conv;
        layer.units = 16;
        layer.kernel = 3;
        layer.stride = 1;
        layer.padding = 1;
        layer.bias = false;
        break;
    case PaletteEntry::BatchNorm: layer.type = core::LayerType::BatchNorm; break;
    case PaletteEntry::ReLU: layer.type = core::LayerType::ReLU; break;
    case PaletteEntry::Tanh: layer.type = core::LayerType::Tanh; break;
    case PaletteEntry::Sigmoid: layer.type = core::LayerType::Sigmoid; break;
    case PaletteEntry::GlobalAvgPool: layer.type = core::LayerType::GlobalAvgPool; break;
    case PaletteEntry::Flatten: layer.type = core::LayerType::Flatten; break;
    default: break;
    }
    return layer;
}

}  // namespace ui
