// core/spec/network_spec.h: a network as plain data, the model the builder edits and the
// file the user saves. A stem (single layers), a chain of blocks, a head (single layers).
// A block is a branch of layer units plus a shortcut; plain vs residual is the one field
// `shortcut` (None = plain). No positions, no Qt: the builder keeps its layout elsewhere.
#pragma once

#include "core/layers/activation.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// A spec file or a spec value that cannot be used; the message names the field.
class SpecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class LayerType { Dense, Conv, BatchNorm, ReLU, Tanh, Sigmoid, GlobalAvgPool, Flatten };

// One single layer of a stem or head.
struct LayerSpec {
    LayerType type = LayerType::Dense;
    int units = 0;        // Dense: output features; Conv: output channels
    int kernel = 3;       // Conv only
    int stride = 1;       // Conv only
    int padding = 1;      // Conv only
    bool bias = true;     // Dense and Conv

    bool operator==(const LayerSpec&) const = default;
};

enum class BlockKind {
    Basic,        // `span` units of (conv/dense, BN, g), the last unit without g
    Bottleneck,   // 1x1 reduce, 3x3, 1x1 restore (He et al. 2015, fig. 5)
};

enum class ShortcutKind {
    None,         // a plain block: out = g(F(x))
    Identity,     // out = g(F(x) + x), shapes must match
    Projection,   // out = g(F(x) + BN(W_s x)), W_s a 1x1 conv (images) or dense (vectors)
    ZeroPad,      // option A: stride subsampling, zero channels appended
};

using BlockId = std::uint64_t;

struct BlockSpec {
    BlockId id = 0;             // stable identity for editors; unique within a spec
    BlockKind kind = BlockKind::Basic;
    int width = 32;             // output features (vectors) or channels (images)
    int span = 2;               // Basic: layer units in the branch (the skip's span)
    int bottleneckWidth = 0;    // Bottleneck: the reduced width of the 1x1 and 3x3 layers
    int kernel = 3;             // images only
    int stride = 1;             // images only: the first conv of the branch (the 3x3 in a bottleneck)
    Activation activation = Activation::ReLU;
    bool batchNorm = true;
    ShortcutKind shortcut = ShortcutKind::Identity;

    bool residual() const { return shortcut != ShortcutKind::None; }
    bool operator==(const BlockSpec&) const = default;
};

enum class InputKind { Points, Image };

struct InputSpec {
    InputKind kind = InputKind::Points;
    int channels = 2;           // features for points
    int height = 1;
    int width = 1;

    bool operator==(const InputSpec&) const = default;
};

struct NetworkSpec {
    static constexpr int kFormatVersion = 1;

    std::string name;
    InputSpec input;
    int classes = 3;
    std::vector<LayerSpec> stem;
    std::vector<BlockSpec> blocks;
    std::vector<LayerSpec> head;

    // The index of the block with this id, if any.
    std::optional<std::size_t> indexOf(BlockId id) const;
    // An id not used by any block.
    BlockId nextBlockId() const;
    bool operator==(const NetworkSpec&) const = default;
};

// Names used in the JSON files and messages.
std::string_view layerTypeName(LayerType type);
std::optional<LayerType> layerTypeFromName(std::string_view name);
std::string_view blockKindName(BlockKind kind);
std::optional<BlockKind> blockKindFromName(std::string_view name);
std::string_view shortcutName(ShortcutKind kind);
std::optional<ShortcutKind> shortcutFromName(std::string_view name);

// JSON, versioned. Reading rejects unknown and missing fields, wrong types and an unknown
// version with a SpecError naming the field ("blocks[3].width: expected an integer").
// Integers must fit in an int; ranges and shapes are checked by validate() (spec/validate.h),
// which callers run before building a network from a file.
std::string specToJson(const NetworkSpec& spec);
NetworkSpec specFromJson(std::string_view json);
NetworkSpec loadSpecFile(const std::string& path);
void saveSpecFile(const NetworkSpec& spec, const std::string& path);   // atomic (temp + rename)

}  // namespace core
