#include "core/blocks/residual_block.h"

#include "core/check.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/relu.h"
#include "core/layers/scalar_bias.h"
#include "core/parallel_for.h"
#include "core/shortcuts/identity.h"

namespace core {

ResidualBlock::ResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut,
                             Activation activation)
    : ResidualBlock(std::move(branch), std::move(shortcut), ResidualJoin{Gating::None, nullptr, nullptr, activation}) {}

ResidualBlock::ResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut, ResidualJoin join)
    : Layer(branch->inputShape(), branch->outputShape()),
      m_branch(std::move(branch)),
      m_shortcut(std::move(shortcut)),
      m_gate(std::move(join.gate)),
      m_bnAfter(std::move(join.bnAfterAddition)),
      m_gating(join.gating),
      m_fixup(join.fixup) {
    CORE_EXPECTS_MSG(m_shortcut->inputShape() == m_branch->inputShape() &&
                         m_shortcut->outputShape() == m_branch->outputShape(),
                     "branch " + m_branch->inputShape().str() + " -> " + m_branch->outputShape().str() +
                         " but shortcut " + m_shortcut->inputShape().str() + " -> " +
                         m_shortcut->outputShape().str());
    CORE_EXPECTS_MSG((m_gating == Gating::None) == !m_gate, "a gated block needs a gate and only it has one");
    CORE_EXPECTS(!m_gate || (m_gate->inputShape() == inputShape() && m_gate->outputShape() == outputShape()));
    CORE_EXPECTS(!m_bnAfter || m_bnAfter->inputShape() == outputShape());
    m_identityShortcut = dynamic_cast<Identity*>(m_shortcut.get()) != nullptr;
    if (join.activation)
        m_activation = makeActivation(*join.activation, outputShape());
    m_relu = dynamic_cast<ReLU*>(m_activation.get());
}

const Matrix& ResidualBlock::output() const {
    if (m_activation)
        return m_activation->output();
    if (m_bnAfter)
        return m_bnAfter->output();
    return m_sum;
}

const Matrix& ResidualBlock::forward(const Matrix& x) {
    const Matrix& s = m_shortcut->forward(x);
    if (m_gating != Gating::None) {
        const Matrix& g = m_gate->forward(x);
        m_sum = (1.0f - g.array()) * s.array();                      // (1 - g) .* S(x)
        if (!m_bypassed) {
            const Matrix& f = m_branch->forward(x);
            if (m_gating == Gating::Exclusive)
                m_sum.array() += g.array() * f.array();              // + g .* F(x)
            else
                m_sum += f;                                          // + F(x)
        }
    } else if (m_bypassed) {
        parallelCopy(m_sum, s);                                      // the branch removed: S(x)
    } else if (m_relu && !m_bnAfter) {
        return m_relu->forwardOfSum(m_branch->forward(x), s);        // g(F(x) + S(x)), one pass
    } else {
        parallelSum(m_sum, m_branch->forward(x), s);                 // F(x) + S(x), one pass
    }
    const Matrix* a = &m_sum;
    if (m_bnAfter)
        a = &m_bnAfter->forward(*a);
    if (m_activation)
        a = &m_activation->forward(*a);
    return *a;
}

Matrix ResidualBlock::branchGrad(const Matrix& dsum) const {
    if (m_gating == Gating::Exclusive)
        return (dsum.array() * m_gate->output().array()).matrix();           // dF = g .* dsum
    return dsum;
}

Matrix ResidualBlock::shortcutGrad(const Matrix& dsum) const {
    if (m_gating != Gating::None)
        return (dsum.array() * (1.0f - m_gate->output().array())).matrix();  // dS = (1 - g) .* dsum
    return dsum;
}

Matrix ResidualBlock::backward(const Matrix& dy) {
    Matrix dsum = m_activation ? m_activation->backprop(dy) : dy;
    if (m_bnAfter)
        dsum = m_bnAfter->backprop(dsum);
    if (m_bypassed || m_route != GradientRoute::Both)
        return backwardOneRoute(dsum);
    if (m_gating == Gating::None) {
        // Both paths take dsum itself (no copies of it); the identity shortcut's dx is dsum.
        Matrix dx = m_branch->backprop(dsum);
        if (probing() || !m_identityShortcut) {
            Matrix dxShortcut = m_shortcut->backprop(dsum);
            if (probing()) {
                m_dxBranch = dx;
                m_dxShortcut = dxShortcut;
            }
            parallelAddTo(dx, dxShortcut);   // the paths add
        } else {
            parallelAddTo(dx, dsum);
        }
        return dx;
    }
    Matrix dx = m_branch->backprop(branchGrad(dsum));
    Matrix dxShortcut = m_shortcut->backprop(shortcutGrad(dsum));
    if (m_gating != Gating::None) {
        // d sum / d g = F - S (exclusive) or -S (shortcut-only), elementwise.
        const auto s = m_shortcut->output().array();
        Matrix dg;
        if (m_gating == Gating::Exclusive)
            dg = (dsum.array() * (m_branch->output().array() - s)).matrix();
        else
            dg = (-dsum.array() * s).matrix();
        dxShortcut += m_gate->backprop(dg);
    }
    if (probing()) {
        m_dxBranch = dx;
        m_dxShortcut = dxShortcut;
    }
    parallelAddTo(dx, dxShortcut);   // the paths add
    return dx;
}

// One term of dx = S'^T dsum + F'^T dsum: the shortcut's when bypassed or routed so, else the
// branch's. While probing, the term not taken reads as zero.
Matrix ResidualBlock::backwardOneRoute(const Matrix& dsum) {
    CORE_EXPECTS_MSG(!(m_bypassed && m_route == GradientRoute::BranchOnly),
                     "a bypassed block has no branch to propagate through");
    const bool viaBranch = !m_bypassed && m_route == GradientRoute::BranchOnly;
    Matrix dx = viaBranch ? m_branch->backprop(branchGrad(dsum)) : m_shortcut->backprop(shortcutGrad(dsum));
    if (probing()) {
        m_dxBranch = viaBranch ? dx : Matrix::Zero(dx.rows(), dx.cols());
        m_dxShortcut = viaBranch ? Matrix::Zero(dx.rows(), dx.cols()) : dx;
    }
    return dx;
}

std::vector<ChildLayer> ResidualBlock::children() {
    std::vector<ChildLayer> list{{"branch", m_branch.get()}, {"shortcut", m_shortcut.get()}};
    if (m_gate)
        list.push_back({"gate", m_gate.get()});
    if (m_bnAfter)
        list.push_back({"post_bn", m_bnAfter.get()});
    if (m_activation)
        list.push_back({"out", m_activation.get()});
    return list;
}

ScalarMultiplier* ResidualBlock::residualScale() {
    for (std::size_t i = m_branch->size(); i-- > 0;) {
        Layer& layer = m_branch->at(i);
        if (auto* scale = dynamic_cast<ScalarMultiplier*>(&layer))
            return scale;
        if (dynamic_cast<Dense*>(&layer) || dynamic_cast<Conv2d*>(&layer) || dynamic_cast<BatchNorm*>(&layer))
            return nullptr;   // the branch's last unit: there is no scalar after it
    }
    return nullptr;
}

void ResidualBlock::zeroBranch() {
    bool zeroed = false;
    for (std::size_t i = m_branch->size(); i-- > 0 && !zeroed;) {
        Layer& layer = m_branch->at(i);
        if (auto* bn = dynamic_cast<BatchNorm*>(&layer)) {
            bn->gamma().setZero();
            bn->beta().setZero();
        } else if (auto* bias = dynamic_cast<ScalarBias*>(&layer)) {
            bias->setBias(0.0f);
        } else if (auto* dense = dynamic_cast<Dense*>(&layer)) {
            dense->weight().setZero();
            dense->bias().setZero();
            zeroed = true;
        } else if (auto* conv = dynamic_cast<Conv2d*>(&layer)) {
            conv->weight().setZero();
            conv->bias().setZero();
            zeroed = true;
        }
    }
}

}  // namespace core
