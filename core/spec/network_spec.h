// core/spec/network_spec.h: a network as plain data, the model the builder edits and the
// file the user saves. A stem (single layers), a chain of blocks, a head (single layers).
// A block is a branch of layer units plus a shortcut; plain vs residual is the one field
// `shortcut` (None = plain). The block-design fields say how a residual block is put
// together beyond that: where batch norm and the activation sit relative to the addition
// (He et al. 2016, "Identity Mappings in Deep Residual Networks", Fig. 4 / Table 2), what the
// shortcut does to its signal (their Fig. 2 / Table 1), and a scale that makes the block the
// identity at initialisation (ReZero, SkipInit, Fixup). Their defaults are He et al. 2015's
// block. No positions, no Qt: the builder keeps its layout elsewhere.
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

// Where batch norm (BN) and the activation g sit relative to the addition, for a branch of two
// weighted layers W (He et al. 2016, Fig. 4; CIFAR-10 test error of ResNet-110 in Table 2):
enum class Placement {
    Original,                // (a) W-BN-g-W-BN, add, g            6.61% (He et al. 2015)
    BnAfterAddition,         // (b) W-BN-g-W, add, BN, g           8.17%
    ReluBeforeAddition,      // (c) W-BN-g-W-BN-g, add             7.84%
    ReluOnlyPreActivation,   // (d) g-W-BN-g-W-BN, add             6.71%
    FullPreActivation,       // (e) BN-g-W-BN-g-W, add (ResNet v2) 6.37%
};

// What the shortcut does to the signal it carries, h(x) in x[l+1] = h(x) + F(x) (He et al.
// 2016, Fig. 2; Table 1). All but None need the identity shortcut (shapes that match).
enum class ShortcutVariant {
    None,                 // (a) h(x) = x                                    6.61%
    ConstantScaling,      // (b) h(x) = lambda x; F scaled by 1 - lambda when scaleBranch
    ExclusiveGating,      // (c) g(x) F(x) + (1 - g(x)) x, g(x) = sigmoid(W_g x + b_g)
    ShortcutOnlyGating,   // (d) F(x) + (1 - g(x)) x
    Dropout,              // (f) F(x) + dropout(x), rate dropoutRate
};

// A learnable scalar that makes a residual block the identity at initialisation.
enum class ResidualScale {
    None,
    ReZero,     // x + alpha F(x), alpha learnable and initialised to 0 (Bachlechner et al. 2020)
    SkipInit,   // alpha at the end of the branch, initialised to alphaInit (0, or below
                // 1/sqrt(d) for d residual blocks), without batch norm (De & Smith 2020)
    Fixup,      // scalar biases before every weighted layer and activation, a multiplier at the
                // end of the branch, the branch's last layer and the classifier initialised to
                // 0, its other layers scaled by L^(-1/(2m-2)), no batch norm (Zhang et al. 2019)
};

// How a residual block is put together beyond its branch and shortcut. The parameters are kept
// whatever the variant, so a student can switch variants back and forth without losing a value.
struct BlockDesign {
    Placement placement = Placement::Original;
    ShortcutVariant shortcutVariant = ShortcutVariant::None;
    double shortcutScale = 0.5;     // lambda: constant scaling of the shortcut
    bool scaleBranch = false;       // constant scaling: F scaled by 1 - lambda too
    double gateBias = 0.0;          // b_g: the gate's initial bias (gating)
    double dropoutRate = 0.5;       // the dropout shortcut's drop probability
    ResidualScale residualScale = ResidualScale::None;
    double alphaInit = 0.0;         // SkipInit's initial alpha

    // Nothing after the addition: the pre-activation placements and ReLU before addition.
    bool identityAfterAddition() const {
        return placement == Placement::ReluBeforeAddition || placement == Placement::ReluOnlyPreActivation ||
               placement == Placement::FullPreActivation;
    }
    bool preActivation() const {
        return placement == Placement::ReluOnlyPreActivation || placement == Placement::FullPreActivation;
    }
    bool operator==(const BlockDesign&) const = default;
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
    BlockDesign design;         // block design (format version 2)

    bool residual() const { return shortcut != ShortcutKind::None; }
    // Nothing after the addition: the pre-activation placements and ReLU before addition.
    bool identityAfterAddition() const { return design.identityAfterAddition(); }
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
    // Version 2 added the block-design fields; version 1 files still open (with the defaults).
    static constexpr int kFormatVersion = 2;

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
std::string_view placementName(Placement placement);              // "original", "full-preactivation", ...
std::optional<Placement> placementFromName(std::string_view name);
std::string_view shortcutVariantName(ShortcutVariant variant);    // "none", "constant-scaling", ...
std::optional<ShortcutVariant> shortcutVariantFromName(std::string_view name);
std::string_view residualScaleName(ResidualScale scale);          // "none", "rezero", "skipinit", "fixup"
std::optional<ResidualScale> residualScaleFromName(std::string_view name);

// JSON, versioned. Reading rejects unknown and missing fields, wrong types and an unknown
// version with a SpecError naming the field ("blocks[3].width: expected an integer").
// Version 1 files (before the block-design fields) read with those fields at their defaults.
// Integers must fit in an int; ranges and shapes are checked by validate() (spec/validate.h),
// which callers run before building a network from a file.
std::string specToJson(const NetworkSpec& spec);
NetworkSpec specFromJson(std::string_view json);
NetworkSpec loadSpecFile(const std::string& path);
void saveSpecFile(const NetworkSpec& spec, const std::string& path);   // atomic (temp + rename)

}  // namespace core
