// core/blocks/residual_block.h: out = g(F(x) + S(x)), He et al. 2015 eq. 1 (post-activation).
// F is the branch (two or more layer units, the last without its activation) and S the
// shortcut: Identity when shapes match, otherwise a projection (1x1 conv or dense, then BN,
// eq. 2) or option A zero-padding. Both are ordinary layers, so the block contains no
// special-case gradient code: the two paths' gradients simply add at the input.
// x is (D_in x B), out is (D_out x B); F(x) and S(x) must have the same shape.
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

private:
    std::unique_ptr<Sequential> m_branch;
    std::unique_ptr<Layer> m_shortcut;
    std::unique_ptr<Layer> m_activation;
    Matrix m_sum;          // (D_out x B) F(x) + S(x), before the activation
    Matrix m_dxShortcut;   // (D_in x B), kept only while probing
    Matrix m_dxBranch;     // (D_in x B), kept only while probing
};

}  // namespace core
