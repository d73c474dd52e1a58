#include "core/train/probes.h"

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/relu.h"

#include <cmath>

namespace core {

namespace {

float perSampleNorm(const Matrix& m) {
    return m.size() == 0 ? 0.0f : float(m.norm() / std::sqrt(double(m.cols())));
}

void moments(const Matrix& m, float& mean, float& stddev) {
    if (m.size() == 0) {
        mean = stddev = 0.0f;
        return;
    }
    const double mu = m.cast<double>().mean();
    const double var = (m.cast<double>().array() - mu).square().mean();
    mean = float(mu);
    stddev = float(std::sqrt(var));
}

}  // namespace

ProbeReport readProbes(Network& net, long long step) {
    ProbeReport report;
    report.step = step;
    auto visitLeaves = [&](Layer& root, const std::string& rootName, int block) {
        forEachLayer(root, rootName, [&](const std::string& name, Layer& layer) {
            if (!layer.children().empty())
                return;
            LayerProbe p;
            p.name = name;
            p.kind = std::string(layer.kind());
            p.block = block;
            p.weighted = dynamic_cast<Dense*>(&layer) || dynamic_cast<Conv2d*>(&layer);
            moments(layer.output(), p.actMean, p.actStd);
            p.actNorm = perSampleNorm(layer.output());
            moments(layer.outputGrad(), p.gradMean, p.gradStd);
            p.gradNorm = perSampleNorm(layer.outputGrad());
            if (dynamic_cast<ReLU*>(&layer) && layer.output().size() > 0)
                p.zeroFraction = float((layer.output().array() == 0.0f).count()) / float(layer.output().size());
            report.layers.push_back(std::move(p));
        });
    };
    visitLeaves(net.stem(), "stem", -1);
    for (std::size_t k = 0; k < net.blockCount(); ++k) {
        Layer& block = net.block(k);
        visitLeaves(block, "blocks." + std::to_string(k), int(k));
        const Matrix& x = k == 0 ? net.stem().output() : net.block(k - 1).output();
        BlockProbe b;
        b.block = int(k);
        b.inputNorm = perSampleNorm(x);
        b.outputGradNorm = perSampleNorm(block.outputGrad());
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
            const Matrix& dx = k == 0 ? net.stem().outputGrad() : net.block(k - 1).outputGrad();
            b.branchNorm = perSampleNorm(plain->branchOutput());
            b.gradViaBranch = perSampleNorm(dx);
        }
        b.ratio = b.inputNorm > 0.0f ? b.branchNorm / b.inputNorm : 0.0f;
        report.blocks.push_back(b);
    }
    visitLeaves(net.head(), "head", -1);
    return report;
}

}  // namespace core
