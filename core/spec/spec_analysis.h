// core/spec/spec_analysis.h: what a spec means before anything is allocated: the output shape,
// parameter count and forward FLOPs of every stem layer, block and head layer, and every
// problem that stops it from being built, each naming the block (or layer) and the field.
// FLOPs count 2 per multiply-add of the dense and conv layers, per sample, forward only
// (a training step costs about 3x that).
#pragma once

#include "core/spec/network_spec.h"
#include "core/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace core {

// Limits that keep an absurd spec from ever reaching an allocation.
struct SpecLimits {
    static constexpr int kMaxWidth = 16384;             // units or channels of one layer
    static constexpr int kMaxImageSide = 2048;
    static constexpr int kMaxInputFeatures = 1 << 22;
    static constexpr int kMaxClasses = 10000;
    static constexpr int kMaxBlocks = 1000;
    static constexpr int kMaxLayers = 256;              // stem or head layers
    static constexpr int kMaxSpan = 16;
    static constexpr int kMaxKernel = 15;
    static constexpr int kMaxStride = 4;
    static constexpr std::int64_t kMaxParams = 200'000'000;
    static constexpr std::int64_t kMaxValuesPerSample = 1LL << 26;   // one layer's output
};

struct SpecIssue {
    enum class Where { Network, Input, Stem, Block, Head };
    Where where = Where::Network;
    int index = -1;          // stem/head layer or block index, -1 for the network
    std::string field;       // "width", "shortcut", ... ("" when it concerns the whole item)
    std::string message;     // complete, e.g. "block 3: branch outputs 32 channels but ..."
    bool operator==(const SpecIssue&) const = default;
};

struct LayerSummary {
    std::string name;        // "stem.0", "blocks.3", "head.1"
    std::string description; // "dense 32", "residual block (identity), 2 x dense 32"
    Shape output;
    std::int64_t params = 0;
    std::int64_t flops = 0;
};

struct SpecAnalysis {
    std::vector<LayerSummary> layers;   // stem layers, then blocks, then head layers
    std::vector<SpecIssue> issues;
    std::int64_t params = 0;
    std::int64_t flops = 0;             // forward, per sample
    int depth = 0;                      // weighted layers on the main path (He et al.'s count)
    Shape inputShape;
    Shape outputShape;
    bool valid() const { return issues.empty(); }
};

SpecAnalysis analyze(const NetworkSpec& spec);
std::vector<SpecIssue> validate(const NetworkSpec& spec);

// The input shape a spec declares (points: {channels}, images: {C, H, W}).
Shape inputShapeOf(const InputSpec& input);

}  // namespace core
