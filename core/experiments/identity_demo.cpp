#include "core/experiments/identity_demo.h"

#include "core/blocks/residual_block.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/shortcuts/identity.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace core {

namespace {

ResidualBlock& residualAt(Network& net, int k) {
    if (k < 0 || std::size_t(k) >= net.blockCount())
        throw std::invalid_argument("there is no block " + std::to_string(k));
    auto* block = dynamic_cast<ResidualBlock*>(&net.block(std::size_t(k)));
    if (!block)
        throw std::invalid_argument("block " + std::to_string(k) +
                                    " is a plain block: without a skip, a zero branch outputs g(0) = 0, not its input");
    return *block;
}

// The layers the skip spans: the weighted layers of the branch.
int spanOf(ResidualBlock& block) {
    int span = 0;
    for (std::size_t i = 0; i < block.branch().size(); ++i) {
        Layer& layer = block.branch().at(i);
        span += dynamic_cast<Dense*>(&layer) || dynamic_cast<Conv2d*>(&layer) ? 1 : 0;
    }
    return span;
}

}  // namespace

IdentityDemoResult measureIdentity(Network& net, int k, const Matrix& x) {
    ResidualBlock& block = residualAt(net, k);
    const bool wasTraining = net.training();
    net.setTraining(false);
    net.forward(x);
    net.setTraining(wasTraining);
    const Matrix& in = k == 0 ? net.stem().output() : net.block(std::size_t(k) - 1).output();
    IdentityDemoResult r;
    r.block = k;
    r.span = spanOf(block);
    r.identityShortcut = dynamic_cast<Identity*>(&block.shortcut()) != nullptr;
    if (in.rows() == block.output().rows())
        r.maxAbsDifference = (block.output() - in).cwiseAbs().maxCoeff();
    else
        r.maxAbsDifference = std::nan("");
    r.inputNorm = in.norm() / std::sqrt(double(std::max<Eigen::Index>(1, in.cols())));
    char text[256];
    if (!r.identityShortcut)
        std::snprintf(text, sizeof text,
                      "block %d has a %s shortcut: with its branch zeroed it outputs g(S(x)), which is not its input",
                      k, std::string(block.shortcut().kind()).c_str());
    else
        std::snprintf(text, sizeof text, "block %d: max |a[l+%d] - a[l]| = %.3g over %ld samples (||a[l]|| = %.3g)%s", k,
                      r.span, r.maxAbsDifference, long(x.cols()), r.inputNorm,
                      r.maxAbsDifference == 0.0 ? ": the block is exactly the identity" : "");
    r.message = text;
    return r;
}

IdentityDemoResult zeroBranchDemo(Network& net, int k, const Matrix& x, SavedBranch* saved) {
    ResidualBlock& block = residualAt(net, k);
    if (saved) {
        saved->block = k;
        saved->values.clear();
        for (const ParamView& p : block.branch().params())
            saved->values.emplace_back(p.name, p.value);
    }
    block.zeroBranch();
    return measureIdentity(net, k, x);
}

void restoreBranch(Network& net, const SavedBranch& saved) {
    ResidualBlock& block = residualAt(net, saved.block);
    std::vector<ParamView> params = block.branch().params();
    for (const auto& [name, values] : saved.values)
        for (ParamView& p : params)
            if (p.name == name && p.value.size() == values.size())
                p.value = values;
}

}  // namespace core
