#include "core/spec/network_spec.h"

#include "core/io/file_io.h"
#include "core/spec/json_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <utility>

namespace core {

namespace {

constexpr const char* kFormatName = "resnetlab-network";
constexpr std::uintmax_t kMaxSpecFileBytes = 64u << 20;   // 64 MiB

template <class Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [e, name] : table)
        if (e == value)
            return name;
    return "?";
}

template <class Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view name) {
    for (const auto& [e, n] : table)
        if (n == name)
            return e;
    return std::nullopt;
}

template <class Enum, std::size_t N>
std::string choices(const std::array<std::pair<Enum, std::string_view>, N>& table) {
    std::string list;
    for (const auto& [e, n] : table)
        list += (list.empty() ? "" : ", ") + std::string(n);
    return list;
}

constexpr std::array<std::pair<LayerType, std::string_view>, 8> kLayerTypes{{
    {LayerType::Dense, "dense"},
    {LayerType::Conv, "conv"},
    {LayerType::BatchNorm, "batchnorm"},
    {LayerType::ReLU, "relu"},
    {LayerType::Tanh, "tanh"},
    {LayerType::Sigmoid, "sigmoid"},
    {LayerType::GlobalAvgPool, "global_avg_pool"},
    {LayerType::Flatten, "flatten"},
}};

constexpr std::array<std::pair<BlockKind, std::string_view>, 2> kBlockKinds{{
    {BlockKind::Basic, "basic"},
    {BlockKind::Bottleneck, "bottleneck"},
}};

constexpr std::array<std::pair<ShortcutKind, std::string_view>, 4> kShortcuts{{
    {ShortcutKind::None, "none"},
    {ShortcutKind::Identity, "identity"},
    {ShortcutKind::Projection, "projection"},
    {ShortcutKind::ZeroPad, "zero-pad"},
}};

constexpr std::array<std::pair<Placement, std::string_view>, 5> kPlacements{{
    {Placement::Original, "original"},
    {Placement::BnAfterAddition, "bn-after-addition"},
    {Placement::ReluBeforeAddition, "relu-before-addition"},
    {Placement::ReluOnlyPreActivation, "relu-only-preactivation"},
    {Placement::FullPreActivation, "full-preactivation"},
}};

constexpr std::array<std::pair<ShortcutVariant, std::string_view>, 5> kShortcutVariants{{
    {ShortcutVariant::None, "none"},
    {ShortcutVariant::ConstantScaling, "constant-scaling"},
    {ShortcutVariant::ExclusiveGating, "exclusive-gating"},
    {ShortcutVariant::ShortcutOnlyGating, "shortcut-only-gating"},
    {ShortcutVariant::Dropout, "dropout"},
}};

constexpr std::array<std::pair<ResidualScale, std::string_view>, 4> kResidualScales{{
    {ResidualScale::None, "none"},
    {ResidualScale::ReZero, "rezero"},
    {ResidualScale::SkipInit, "skipinit"},
    {ResidualScale::Fixup, "fixup"},
}};

constexpr std::array<std::pair<Activation, std::string_view>, 3> kActivations{{
    {Activation::ReLU, "relu"},
    {Activation::Tanh, "tanh"},
    {Activation::Sigmoid, "sigmoid"},
}};

constexpr std::array<std::pair<InputKind, std::string_view>, 2> kInputKinds{{
    {InputKind::Points, "points"},
    {InputKind::Image, "image"},
}};

template <class Enum, std::size_t N>
Enum readEnum(FieldReader& r, const std::string& key,
              const std::array<std::pair<Enum, std::string_view>, N>& table) {
    const std::string name = r.string(key);
    if (auto value = fromName(table, name))
        return *value;
    r.fail(key, "unknown value \"" + name + "\" (expected one of: " + choices(table) + ")");
}

nlohmann::json layerToJson(const LayerSpec& layer) {
    nlohmann::json j;
    j["type"] = layerTypeName(layer.type);
    if (layer.type == LayerType::Dense) {
        j["units"] = layer.units;
        j["bias"] = layer.bias;
    } else if (layer.type == LayerType::Conv) {
        j["channels"] = layer.units;
        j["kernel"] = layer.kernel;
        j["stride"] = layer.stride;
        j["padding"] = layer.padding;
        j["bias"] = layer.bias;
    }
    return j;
}

LayerSpec layerFromJson(const nlohmann::json& j, const std::string& path) {
    FieldReader r(j, path);
    LayerSpec layer;
    layer.type = readEnum(r, "type", kLayerTypes);
    if (layer.type == LayerType::Dense) {
        layer.units = r.integer("units");
        layer.bias = r.boolean("bias");
    } else if (layer.type == LayerType::Conv) {
        layer.units = r.integer("channels");
        layer.kernel = r.integer("kernel");
        layer.stride = r.integer("stride");
        layer.padding = r.integer("padding");
        layer.bias = r.boolean("bias");
    }
    r.finish();
    return layer;
}

nlohmann::json blockToJson(const BlockSpec& block) {
    nlohmann::json j;
    j["id"] = block.id;
    j["kind"] = blockKindName(block.kind);
    j["width"] = block.width;
    if (block.kind == BlockKind::Basic)
        j["span"] = block.span;
    else
        j["bottleneck_width"] = block.bottleneckWidth;
    j["kernel"] = block.kernel;
    j["stride"] = block.stride;
    j["activation"] = activationName(block.activation);
    j["batchnorm"] = block.batchNorm;
    j["shortcut"] = shortcutName(block.shortcut);
    j["placement"] = placementName(block.design.placement);
    j["shortcut_variant"] = shortcutVariantName(block.design.shortcutVariant);
    j["shortcut_scale"] = block.design.shortcutScale;
    j["scale_branch"] = block.design.scaleBranch;
    j["gate_bias"] = block.design.gateBias;
    j["dropout_rate"] = block.design.dropoutRate;
    j["residual_scale"] = residualScaleName(block.design.residualScale);
    j["alpha_init"] = block.design.alphaInit;
    return j;
}

// A finite number in [lo, hi] (ranges that make sense for any network; validate() checks the
// rest, such as SkipInit's bound 1/sqrt(d)).
double readBounded(FieldReader& r, const std::string& key, double lo, double hi) {
    const double value = r.number(key);
    if (!std::isfinite(value) || value < lo || value > hi) {
        std::ostringstream text;
        text << "is " << value << "; it must be between " << lo << " and " << hi;
        r.fail(key, text.str());
    }
    return value;
}

BlockSpec blockFromJson(const nlohmann::json& j, const std::string& path, int version) {
    FieldReader r(j, path);
    BlockSpec block;
    block.id = BlockId(r.integer("id", 0));
    block.kind = readEnum(r, "kind", kBlockKinds);
    block.width = r.integer("width");
    if (block.kind == BlockKind::Basic)
        block.span = r.integer("span");
    else
        block.bottleneckWidth = r.integer("bottleneck_width");
    block.kernel = r.integer("kernel");
    block.stride = r.integer("stride");
    block.activation = readEnum(r, "activation", kActivations);
    block.batchNorm = r.boolean("batchnorm");
    block.shortcut = readEnum(r, "shortcut", kShortcuts);
    if (version >= 2) {
        block.design.placement = readEnum(r, "placement", kPlacements);
        block.design.shortcutVariant = readEnum(r, "shortcut_variant", kShortcutVariants);
        block.design.shortcutScale = readBounded(r, "shortcut_scale", 0.0, 1.0);
        block.design.scaleBranch = r.boolean("scale_branch");
        block.design.gateBias = readBounded(r, "gate_bias", -50.0, 50.0);
        block.design.dropoutRate = readBounded(r, "dropout_rate", 0.0, 0.99);
        block.design.residualScale = readEnum(r, "residual_scale", kResidualScales);
        block.design.alphaInit = readBounded(r, "alpha_init", 0.0, 1.0);
    }
    r.finish();
    return block;
}

std::vector<LayerSpec> layersFromJson(const nlohmann::json& array, const std::string& path) {
    std::vector<LayerSpec> layers;
    for (std::size_t i = 0; i < array.size(); ++i)
        layers.push_back(layerFromJson(array[i], path + "[" + std::to_string(i) + "]"));
    return layers;
}

}  // namespace

std::string_view layerTypeName(LayerType type) { return nameOf(kLayerTypes, type); }
std::optional<LayerType> layerTypeFromName(std::string_view name) { return fromName(kLayerTypes, name); }
std::string_view blockKindName(BlockKind kind) { return nameOf(kBlockKinds, kind); }
std::optional<BlockKind> blockKindFromName(std::string_view name) { return fromName(kBlockKinds, name); }
std::string_view shortcutName(ShortcutKind kind) { return nameOf(kShortcuts, kind); }
std::optional<ShortcutKind> shortcutFromName(std::string_view name) { return fromName(kShortcuts, name); }
std::string_view placementName(Placement placement) { return nameOf(kPlacements, placement); }
std::optional<Placement> placementFromName(std::string_view name) { return fromName(kPlacements, name); }
std::string_view shortcutVariantName(ShortcutVariant variant) { return nameOf(kShortcutVariants, variant); }
std::optional<ShortcutVariant> shortcutVariantFromName(std::string_view name) {
    return fromName(kShortcutVariants, name);
}
std::string_view residualScaleName(ResidualScale scale) { return nameOf(kResidualScales, scale); }
std::optional<ResidualScale> residualScaleFromName(std::string_view name) { return fromName(kResidualScales, name); }

std::optional<std::size_t> NetworkSpec::indexOf(BlockId id) const {
    for (std::size_t i = 0; i < blocks.size(); ++i)
        if (blocks[i].id == id)
            return i;
    return std::nullopt;
}

BlockId NetworkSpec::nextBlockId() const {
    BlockId next = 1;
    for (const BlockSpec& b : blocks)
        next = std::max(next, b.id + 1);
    return next;
}

std::string specToJson(const NetworkSpec& spec) {
    nlohmann::json j;
    j["format"] = kFormatName;
    j["version"] = NetworkSpec::kFormatVersion;
    j["name"] = spec.name;
    j["input"] = {{"kind", nameOf(kInputKinds, spec.input.kind)},
                  {"channels", spec.input.channels},
                  {"height", spec.input.height},
                  {"width", spec.input.width}};
    j["classes"] = spec.classes;
    j["stem"] = nlohmann::json::array();
    for (const LayerSpec& l : spec.stem)
        j["stem"].push_back(layerToJson(l));
    j["blocks"] = nlohmann::json::array();
    for (const BlockSpec& b : spec.blocks)
        j["blocks"].push_back(blockToJson(b));
    j["head"] = nlohmann::json::array();
    for (const LayerSpec& l : spec.head)
        j["head"].push_back(layerToJson(l));
    return j.dump(2) + "\n";
}

NetworkSpec specFromJson(std::string_view text) {
    std::string problem;
    const nlohmann::json j = parseJsonText(text, problem);
    if (!problem.empty())
        throw SpecError(problem);
    FieldReader r(j, "");
    const std::string format = r.string("format");
    if (format != kFormatName)
        r.fail("format", "expected \"" + std::string(kFormatName) + "\", got \"" + format + "\"");
    const int version = r.integer("version");
    if (version < 1 || version > NetworkSpec::kFormatVersion)
        r.fail("version", "this file has format version " + std::to_string(version) +
                              "; this ResNet Lab reads versions 1 to " + std::to_string(NetworkSpec::kFormatVersion) +
                              (version > NetworkSpec::kFormatVersion ? " (the file is from a newer ResNet Lab)" : ""));
    NetworkSpec spec;
    spec.name = r.string("name");
    {
        FieldReader in(r.object("input"), "input");
        spec.input.kind = readEnum(in, "kind", kInputKinds);
        spec.input.channels = in.integer("channels");
        spec.input.height = in.integer("height");
        spec.input.width = in.integer("width");
        in.finish();
    }
    spec.classes = r.integer("classes");
    spec.stem = layersFromJson(r.array("stem"), "stem");
    const nlohmann::json& blocks = r.array("blocks");
    for (std::size_t i = 0; i < blocks.size(); ++i)
        spec.blocks.push_back(blockFromJson(blocks[i], "blocks[" + std::to_string(i) + "]", version));
    spec.head = layersFromJson(r.array("head"), "head");
    r.finish();
    return spec;
}

NetworkSpec loadSpecFile(const std::string& path) {
    const std::string text = readFileBounded<SpecError>(path, {"network file", kMaxSpecFileBytes});
    try {
        return specFromJson(text);
    } catch (const SpecError& e) {
        throw SpecError(path + ": " + e.what());
    }
}

void saveSpecFile(const NetworkSpec& spec, const std::string& path) {
    writeFileAtomically<SpecError>(path, specToJson(spec));
}

}  // namespace core
