#include "core/spec/memory_estimate.h"

#include "core/spec/spec_analysis.h"

#include <cstdio>

namespace core {

std::int64_t estimateTrainingBytes(const NetworkSpec& spec, int batch) {
    const SpecAnalysis analysis = analyze(spec);
    constexpr std::int64_t kFloat = 4;
    // Value, gradient and up to two optimizer moments per parameter.
    std::int64_t bytes = analysis.params * kFloat * 4;
    const std::size_t stem = spec.stem.size();
    for (std::size_t i = 0; i < analysis.layers.size(); ++i) {
        // A single layer keeps its output and its gradient; a block keeps those of each of its
        // layers (weighted layer, BN cache, activation per unit, the sum and the output).
        std::int64_t layers = 2;
        if (i >= stem && i < stem + spec.blocks.size()) {
            const BlockSpec& b = spec.blocks[i - stem];
            layers = 2 * ((b.kind == BlockKind::Bottleneck ? 3 : b.span) * 3 + 3);
        }
        bytes += analysis.layers[i].output.size() * layers * kFloat * batch;
    }
    return bytes;
}

std::string formatBytes(std::int64_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int u = 0;
    while (value >= 1024.0 && u < 4) {
        value /= 1024.0;
        ++u;
    }
    char text[48];
    std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.1f %s", value, units[u]);
    return text;
}

}  // namespace core
