// core/blocks/residual_block.h: the residual block, out = g(F(x) + S(x)), He et al. 2015 eq. 1
// (post-activation). F is the branch (basic_branch.h or bottleneck.h: layer units, the last
// without its activation) and S the shortcut. With the Identity shortcut (shortcuts/identity.h)
// this is the identity block, a[l+2] = g(z[l+2] + a[l]); a shortcut that changes shape makes
// it a convolution block (convolution_block.h). Both are ordinary layers, so the block has no
// special-case gradient code: the two paths' gradients simply add at the input.
// The block-design variants of He et al. 2016 ("Identity Mappings") are properties of the
// block, set by a ResidualJoin: what follows the addition (g, BN then g, or nothing for the
// pre-activation placements of their Fig. 4), and a gate that mixes the two paths (their
// Fig. 2c/2d, shortcuts/gated.h):
//   no gate               sum = F(x) + S(x)
//   exclusive gating      sum = g(x) .* F(x) + (1 - g(x)) .* S(x)
//   shortcut-only gating  sum = F(x) + (1 - g(x)) .* S(x)
// Scaling, dropout and the identity-at-initialisation scalars are layers of the branch or the
// shortcut (shortcuts/scaled.h, shortcuts/dropout.h, layers/scalar_multiplier.h).
// x is (D_in x B), out is (D_out x B); F(x) and S(x) must have the same shape.
// Two switches serve the unraveled view (Veit et al. 2016) without touching the parameters:
// a bypassed block skips its branch (the lesion study), and the gradient route restricts
// backward() to one path (the path-length experiment). Both default to the normal block.
#pragma once

#include "core/layers/activation.h"
#include "core/layers/scalar_multiplier.h"
#include "core/layers/sequential.h"
#include "core/shortcuts/gated.h"

#include <memory>
#include <optional>

namespace core {

class ReLU;

// How the branch and the shortcut meet, and what follows their addition.
struct ResidualJoin {
    Gating gating = Gating::None;
    std::unique_ptr<ShortcutGate> gate;            // needed by the two gatings, null otherwise
    std::unique_ptr<Layer> bnAfterAddition;        // He et al. 2016 Fig. 4b, or null
    std::optional<Activation> activation = Activation::ReLU;   // g after the addition, or none
    bool fixup = false;                            // the branch is initialised as Fixup's
};

class ResidualBlock final : public Layer {
public:
    ResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut,
                  Activation activation = Activation::ReLU);
    ResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut, ResidualJoin join);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override { return collectParams(children()); }
    std::vector<BufferView> buffers() override { return collectBuffers(children()); }
    // "branch", "shortcut", then "gate", "post_bn" and "out" (the activation) when present.
    std::vector<ChildLayer> children() override;
    std::string_view kind() const override { return "ResidualBlock"; }
    const Matrix& output() const override;

    Sequential& branch() { return *m_branch; }
    Layer& shortcut() { return *m_shortcut; }
    Gating gating() const { return m_gating; }
    ShortcutGate* gate() { return m_gate.get(); }
    // The learnable scalar at the end of the branch (ReZero's or SkipInit's alpha, Fixup's
    // multiplier), or null when the block has none.
    ScalarMultiplier* residualScale();
    bool fixup() const { return m_fixup; }
    // Nothing follows the addition (pre-activation, ReLU before addition): out = x + F(x).
    bool identityAfterAddition() const { return !m_activation && !m_bnAfter; }

    // Teaching probes, read-only: F(x) and S(x) of the last forward pass.
    const Matrix& branchOutput() const { return m_branch->output(); }
    const Matrix& shortcutOutput() const { return m_shortcut->output(); }
    // While probing: the gradient that reached the block input through each path in the
    // last backward pass (dx = dx_shortcut + dx_branch). A gate's own gradient counts with the
    // shortcut, of which it is a part.
    const Matrix& inputGradViaShortcut() const { return m_dxShortcut; }
    const Matrix& inputGradViaBranch() const { return m_dxBranch; }

    // Makes the branch output zero: the last weighted layer's weights (and bias), the batch
    // norm after it (gamma and beta) and any scalar bias after it become 0. With an identity
    // shortcut and no gate the block then passes its input through g: g(0 + x) = x for a
    // non-negative x, and x itself when nothing follows the addition.
    void zeroBranch();

    // Lesion (Veit et al. 2016, sec. 4): while bypassed, the block is removed from the chain
    // and its shortcut kept, out = g(S(x)) (with a gate, g((1 - g(x)) S(x))); with an identity
    // shortcut after a ReLU that is the input itself. forward() and backward() then follow
    // the shortcut only; the branch's parameters are untouched, and branchOutput() keeps the
    // last unbypassed forward's value.
    void setBypassed(bool bypassed) { m_bypassed = bypassed; }
    bool bypassed() const { return m_bypassed; }

    // Which paths backward() propagates through; the forward pass is unchanged. Both is the
    // true gradient. ShortcutOnly and BranchOnly keep one term of dx = S'^T dsum + F'^T dsum,
    // so a chain of blocks, each set to one route, carries the gradient of exactly one path of
    // the unraveled network (Veit et al. 2016, sec. 4.2). BranchOnly needs an unbypassed block.
    // A gate's own gradient is left out of one-route passes.
    enum class GradientRoute { Both, ShortcutOnly, BranchOnly };
    void setGradientRoute(GradientRoute route) { m_route = route; }
    GradientRoute gradientRoute() const { return m_route; }

private:
    // dsum -> (dF, dS): the gradients reaching the branch and the shortcut outputs.
    Matrix branchGrad(const Matrix& dsum) const;
    Matrix shortcutGrad(const Matrix& dsum) const;
    Matrix backwardOneRoute(const Matrix& dsum);

    std::unique_ptr<Sequential> m_branch;
    std::unique_ptr<Layer> m_shortcut;
    std::unique_ptr<ShortcutGate> m_gate;
    std::unique_ptr<Layer> m_bnAfter;
    std::unique_ptr<Layer> m_activation;
    ReLU* m_relu = nullptr;   // m_activation when it is the rectifier: it then adds the paths itself
    Gating m_gating = Gating::None;
    bool m_fixup = false;
    Matrix m_sum;          // (D_out x B) the joined paths, before what follows the addition;
                           // left empty when m_relu adds them (nothing else reads the sum)
    Matrix m_dxShortcut;   // (D_in x B), kept only while probing
    Matrix m_dxBranch;     // (D_in x B), kept only while probing
    bool m_identityShortcut = false;   // S(x) = x: backward adds dsum to dx directly
    bool m_bypassed = false;
    GradientRoute m_route = GradientRoute::Both;
};

}  // namespace core
