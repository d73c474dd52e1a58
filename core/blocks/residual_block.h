// core/blocks/residual_block.h: the residual block, out = g(F(x) + S(x)), He et al. 2015 eq. 1
// (post-activation). F is the branch (basic_branch.h or bottleneck.h: layer units, the last
// without its activation) and S the shortcut. With the Identity shortcut (shortcuts/identity.h)
// this is the identity block, a[l+2] = g(z[l+2] + a[l]); a shortcut that changes shape makes
// it a convolution block (convolution_block.h). Both are ordinary layers, so the block has no
// special-case gradient code: the two paths' gradients simply add at the input.
// x is (D_in x B), out is (D_out x B); F(x) and S(x) must have the same shape.
// Two switches serve the unraveled view (Veit et al. 2016) without touching the parameters:
// a bypassed block skips its branch (the lesion study), and the gradient route restricts
// backward() to one path (the path-length experiment). Both default to the normal block.
#pragma once

#include "core/layers/activation.h"
#include "core/layers/sequential.h"

#include <memory>

namespace core {

class ResidualBlock final : public Layer {
public:
    ResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut,
                  Activation activation = Activation::ReLU);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override { return collectParams(children()); }
    std::vector<BufferView> buffers() override { return collectBuffers(children()); }
    std::vector<ChildLayer> children() override;
    std::string_view kind() const override { return "ResidualBlock"; }
    const Matrix& output() const override { return m_activation->output(); }

    Sequential& branch() { return *m_branch; }
    Layer& shortcut() { return *m_shortcut; }

    // Teaching probes, read-only: F(x) and S(x) of the last forward pass.
    const Matrix& branchOutput() const { return m_branch->output(); }
    const Matrix& shortcutOutput() const { return m_shortcut->output(); }
    // While probing: the gradient that reached the block input through each path in the
    // last backward pass (dx = dx_shortcut + dx_branch).
    const Matrix& inputGradViaShortcut() const { return m_dxShortcut; }
    const Matrix& inputGradViaBranch() const { return m_dxBranch; }

    // Makes the branch output zero: the last weighted layer's weights (and bias) and the
    // following batch norm's gamma and beta become 0. With an identity shortcut the block then
    // passes a non-negative input through unchanged, g(0 + x) = x.
    void zeroBranch();

    // Lesion (Veit et al. 2016, sec. 4): while bypassed, the block is removed from the chain
    // and its shortcut kept, out = g(S(x)); with an identity shortcut after a ReLU that is the
    // input itself. forward() and backward() then follow the shortcut only; the branch's
    // parameters are untouched, and branchOutput() keeps the last unbypassed forward's value.
    void setBypassed(bool bypassed) { m_bypassed = bypassed; }
    bool bypassed() const { return m_bypassed; }

    // Which paths backward() propagates through; the forward pass is unchanged. Both is the
    // true gradient. ShortcutOnly and BranchOnly keep one term of dx = S'^T dsum + F'^T dsum,
    // so a chain of blocks, each set to one route, carries the gradient of exactly one path of
    // the unraveled network (Veit et al. 2016, sec. 4.2). BranchOnly needs an unbypassed block.
    enum class GradientRoute { Both, ShortcutOnly, BranchOnly };
    void setGradientRoute(GradientRoute route) { m_route = route; }
    GradientRoute gradientRoute() const { return m_route; }

private:
    Matrix backwardOneRoute(const Matrix& dy);

    std::unique_ptr<Sequential> m_branch;
    std::unique_ptr<Layer> m_shortcut;
    std::unique_ptr<Layer> m_activation;
    Matrix m_sum;          // (D_out x B) F(x) + S(x), before the activation
    Matrix m_dxShortcut;   // (D_in x B), kept only while probing
    Matrix m_dxBranch;     // (D_in x B), kept only while probing
    bool m_bypassed = false;
    GradientRoute m_route = GradientRoute::Both;
};

}  // namespace core
