// ui/builder/palette_entries.h: what the block palette offers and what each entry builds.
// Blocks (plain, residual, convolution, bottleneck) go into the chain; single layers (dense,
// conv, BN, activations, pooling, flatten) go into the stem or the head. A dropped entry is
// fitted to the place it lands: its width is the width that arrives there, so a drop into a
// valid network keeps it valid.
#pragma once

#include "core/spec/network_spec.h"
#include "core/tensor.h"

#include <QString>

#include <optional>
#include <vector>

namespace ui {

enum class PaletteEntry {
    PlainBlock,
    ResidualBlock,
    ConvolutionBlock,
    BottleneckBlock,
    Dense,
    Conv,
    BatchNorm,
    ReLU,
    Tanh,
    Sigmoid,
    GlobalAvgPool,
    Flatten,
};

struct PaletteInfo {
    PaletteEntry entry;
    QString key;        // stable name in drag data: "residual-block", "dense", ...
    QString name;       // shown in the palette
    QString toolTip;    // one sentence: what it is
    QString icon;       // resource path
    bool isBlock;       // true: goes into the chain; false: a single stem/head layer
};

const std::vector<PaletteInfo>& paletteEntries();
const PaletteInfo& paletteInfo(PaletteEntry entry);
std::optional<PaletteEntry> paletteEntryFromKey(const QString& key);

// The block an entry builds when dropped where `input` arrives (id 0: the command assigns one).
core::BlockSpec makeBlock(PaletteEntry entry, const core::Shape& input);
// The layer an entry builds for the stem or the head; `classes` sizes a dense layer in the head.
core::LayerSpec makeLayer(PaletteEntry entry, bool inHead, int classes);

}  // namespace ui
