#include "app/cli/input_option.h"

#include "core/spec/spec_analysis.h"

#include <charconv>
#include <sstream>

namespace cli {

void applyInputOption(const Args& args, core::NetworkSpec& spec, const std::string& source) {
    if (!args.has("input"))
        return;
    const std::string text = args.value("input");
    int dims[3] = {0, 0, 0};
    const char* p = text.data();
    const char* end = text.data() + text.size();
    bool ok = true;
    for (int i = 0; i < 3 && ok; ++i) {
        const auto [next, ec] = std::from_chars(p, end, dims[i]);
        ok = ec == std::errc() && next != p && (i == 2 ? next == end : next != end && *next == 'x');
        p = next + 1;
    }
    if (!ok)
        throw UsageError("--input: '" + text + "' is not an image shape CxHxW (such as 1x28x28 or 3x32x32)");
    if (dims[0] < 1 || dims[0] > core::SpecLimits::kMaxWidth || dims[1] < 1 ||
        dims[1] > core::SpecLimits::kMaxImageSide || dims[2] < 1 || dims[2] > core::SpecLimits::kMaxImageSide)
        throw UsageError("--input: " + text + " is out of range (channels 1 to " +
                         std::to_string(core::SpecLimits::kMaxWidth) + ", sides 1 to " +
                         std::to_string(core::SpecLimits::kMaxImageSide) + ")");
    if (spec.input.kind != core::InputKind::Image)
        throw UsageError("--input re-shapes an image network; " + source + " (" + spec.name +
                         ") takes vectors of " + std::to_string(spec.input.channels) + " values");
    spec.input.channels = dims[0];
    spec.input.height = dims[1];
    spec.input.width = dims[2];
}

std::string inputHint(const core::NetworkSpec& spec, const core::Shape& dataShape) {
    if (spec.input.kind != core::InputKind::Image || !dataShape.spatial || core::inputShapeOf(spec.input) == dataShape)
        return {};
    return "; give --input " + dataShape.str() + " to re-shape the network's input";
}

}  // namespace cli
