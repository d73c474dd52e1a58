#include "core/train/probes.h"

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/relu.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace core {

namespace {

float perSampleNorm(const Matrix& m) { return momentsOf(m, false).norm; }

struct Leaf {
    std::string name;
    Layer* layer = nullptr;
    int block = -1;
};

}  // namespace

ProbeReport readProbes(Network& net, long long step) {
    ProbeReport report;
    report.step = step;
    // The leaves in forward order, then their statistics on every core: each leaf's on one
    // thread, so the figures do not depend on the thread count.
    std::vector<Leaf> leaves;
    auto collect = [&](Layer& root, const std::string& rootName, int block) {
        forEachLayer(root, rootName, [&](const std::string& name, Layer& layer) {
            if (layer.children().empty())
                leaves.push_back({name, &layer, block});
        });
    };
    collect(net.stem(), "stem", -1);
    for (std::size_t k = 0; k < net.blockCount(); ++k)
        collect(net.block(k), "blocks." + std::to_string(k), int(k));
    collect(net.head(), "head", -1);

    report.layers.resize(leaves.size());
    const int count = int(leaves.size());
#pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < count; ++i) {
        const Leaf& leaf = leaves[std::size_t(i)];
        Layer& layer = *leaf.layer;
        LayerProbe& p = report.layers[std::size_t(i)];
        p.name = leaf.name;
        p.kind = std::string(layer.kind());
        p.block = leaf.block;
        p.weighted = dynamic_cast<Dense*>(&layer) || dynamic_cast<Conv2d*>(&layer);
        const bool relu = dynamic_cast<ReLU*>(&layer) != nullptr;
        const Moments act = momentsOf(layer.output(), relu);
        p.actMean = act.mean;
        p.actStd = act.stddev;
        p.actNorm = act.norm;
        p.zeroFraction = act.zeroFraction;
        const Moments& grad = layer.outputGradMoments();
        p.gradMean = grad.mean;
        p.gradStd = grad.stddev;
        p.gradNorm = grad.norm;
    }

    report.blocks.resize(net.blockCount());
    const int blocks = int(net.blockCount());
#pragma omp parallel for schedule(dynamic)
    for (int k = 0; k < blocks; ++k) {
        Layer& block = net.block(std::size_t(k));
        const Matrix& x = k == 0 ? net.stem().output() : net.block(std::size_t(k) - 1).output();
        BlockProbe& b = report.blocks[std::size_t(k)];
        b.block = k;
        b.inputNorm = perSampleNorm(x);
        b.outputGradNorm = block.outputGradMoments().norm;
        if (auto* residual = dynamic_cast<ResidualBlock*>(&block)) {
            b.residual = true;
            b.branchNorm = perSampleNorm(residual->branchOutput());
            b.gradViaShortcut = perSampleNorm(residual->inputGradViaShortcut());
            b.gradViaBranch = perSampleNorm(residual->inputGradViaBranch());
            if (const ScalarMultiplier* scale = residual->residualScale()) {
                b.hasAlpha = true;
                b.alpha = scale->alpha();
            }
        } else if (auto* plain = dynamic_cast<PlainBlock*>(&block)) {
            // Without a shortcut the whole input gradient comes through the branch; it is the
            // gradient at the previous layer's output.
            const Layer& before = k == 0 ? static_cast<Layer&>(net.stem()) : net.block(std::size_t(k) - 1);
            b.branchNorm = perSampleNorm(plain->branchOutput());
            b.gradViaBranch = before.outputGradMoments().norm;
        }
        b.ratio = b.inputNorm > 0.0f ? b.branchNorm / b.inputNorm : 0.0f;
    }
    return report;
}

}  // namespace core
