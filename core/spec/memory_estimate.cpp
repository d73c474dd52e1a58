#include "core/spec/memory_estimate.h"

#include "core/spec/spec_analysis.h"

#include <algorithm>
#include <cstdio>

namespace core {

namespace {

constexpr std::int64_t kFloat = 4;
// Gradient tensors alive at once during backward (a block's dsum, its branch's and shortcut's
// dx, the gradient inside the branch), in units of the largest activation.
constexpr std::int64_t kBackwardTensors = 4;
// One thread's scratch inside a conv layer: a chunk's transformed tiles or receptive fields
// (about 1 MB each by design) and its images.
constexpr std::int64_t kScratchPerThread = std::int64_t(24) << 20;

}  // namespace

std::int64_t estimateTrainingBytes(const NetworkSpec& spec, int batch) {
    const SpecAnalysis analysis = analyze(spec);
    // Value, gradient and up to two optimizer moments per parameter.
    std::int64_t bytes = analysis.params * kFloat * 4;
    std::int64_t perSample = analysis.inputShape.size();   // the network's copy of its input
    std::int64_t largest = analysis.inputShape.size();
    const std::size_t stem = spec.stem.size();
    Shape in = analysis.inputShape;
    for (std::size_t i = 0; i < analysis.layers.size(); ++i) {
        const Shape out = analysis.layers[i].output;
        largest = std::max(largest, out.size());
        std::int64_t tensors = 1;   // a single layer keeps its output (a dense layer its input too)
        if (i < stem || i >= stem + spec.blocks.size()) {
            const LayerSpec& l = i < stem ? spec.stem[i] : spec.head[i - stem - spec.blocks.size()];
            if (l.type == LayerType::Dense)
                perSample += in.size();
        } else {
            // A block keeps its units' outputs (weighted layer, BN, activation; the last unit
            // without activation), then the sum, the shortcut's output and g's output.
            const BlockSpec& b = spec.blocks[i - stem];
            const std::int64_t units = b.kind == BlockKind::Bottleneck ? 3 : b.span;
            tensors = units * (b.batchNorm ? 3 : 2) - 1 + (b.residual() ? 3 : 1);
            if (b.shortcut == ShortcutKind::Projection)
                tensors += b.batchNorm ? 1 : 0;
            if (!out.spatial)   // dense layers copy their input, vector BN keeps x-hat
                tensors += units * (b.batchNorm ? 2 : 1);
        }
        perSample += tensors * out.size();
        in = out;
    }
    bytes += (perSample + kBackwardTensors * largest) * kFloat * batch;
    return bytes + 2 * kScratchPerThread;
}

std::int64_t estimateTrainingBytes(Network& net, int batch, int evalBatch, int threads) {
    std::int64_t perSample = 0, largest = 0, params = 0;
    forEachLayer(net, "", [&](const std::string&, Layer& layer) {
        const std::int64_t in = layer.inputShape().size(), out = layer.outputShape().size();
        const std::string_view kind = layer.kind();
        largest = std::max({largest, in, out});
        if (kind == "Network")
            perSample += in;                                   // its copy of the input
        else if (kind == "Dense")
            perSample += in + out;                             // a copy of its input, its output
        else if (kind == "BatchNorm")
            perSample += layer.inputShape().spatial ? out : 2 * out;   // vectors keep x-hat
        else if (kind == "ResidualBlock")
            perSample += out;                                  // the sum before g
        else if (layer.children().empty())
            perSample += out;                                  // a leaf keeps its output
        if (layer.children().empty())
            for (const ParamView& p : layer.params())
                params += p.value.size();
    });
    const std::int64_t samples = std::max(batch, evalBatch);
    const std::int64_t batchCopy = net.inputShape().size() * batch;   // the trainer's minibatch
    return (perSample + kBackwardTensors * largest) * kFloat * samples + batchCopy * kFloat +
           2 * params * kFloat + std::max(1, threads) * kScratchPerThread;
}

}  // namespace core
