#include "core/blocks/residual_block.h"

#include "core/check.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"

namespace core {

ResidualBlock::ResidualBlock(std::unique_ptr<Sequential> branch, std::unique_ptr<Layer> shortcut,
                             Activation activation)
    : Layer(branch->inputShape(), branch->outputShape()),
      m_branch(std::move(branch)),
      m_shortcut(std::move(shortcut)),
      m_activation(makeActivation(activation, outputShape())) {
    CORE_EXPECTS_MSG(m_shortcut->inputShape() == m_branch->inputShape() &&
                         m_shortcut->outputShape() == m_branch->outputShape(),
                     "branch " + m_branch->inputShape().str() + " -> " + m_branch->outputShape().str() +
                         " but shortcut " + m_shortcut->inputShape().str() + " -> " +
                         m_shortcut->outputShape().str());
}

const Matrix& ResidualBlock::forward(const Matrix& x) {
    if (m_bypassed) {
        m_sum = m_shortcut->forward(x);   // the branch removed: out = g(S(x))
        return m_activation->forward(m_sum);
    }
    m_sum = m_branch->forward(x);
    m_sum += m_shortcut->forward(x);
    return m_activation->forward(m_sum);
}

Matrix ResidualBlock::backward(const Matrix& dy) {
    if (m_bypassed || m_route != GradientRoute::Both)
        return backwardOneRoute(dy);
    const Matrix dsum = m_activation->backprop(dy);
    Matrix dx = m_branch->backprop(dsum);
    if (probing()) {
        m_dxBranch = dx;
        m_dxShortcut = m_shortcut->backprop(dsum);
        dx += m_dxShortcut;
        return dx;
    }
    dx += m_shortcut->backprop(dsum);   // the paths add
    return dx;
}

// One term of dx = S'^T dsum + F'^T dsum: the shortcut's when bypassed or routed so, else the
// branch's. While probing, the term not taken reads as zero.
Matrix ResidualBlock::backwardOneRoute(const Matrix& dy) {
    CORE_EXPECTS_MSG(!(m_bypassed && m_route == GradientRoute::BranchOnly),
                     "a bypassed block has no branch to propagate through");
    const Matrix dsum = m_activation->backprop(dy);
    const bool viaBranch = !m_bypassed && m_route == GradientRoute::BranchOnly;
    Matrix dx = viaBranch ? m_branch->backprop(dsum) : m_shortcut->backprop(dsum);
    if (probing()) {
        m_dxBranch = viaBranch ? dx : Matrix::Zero(dx.rows(), dx.cols());
        m_dxShortcut = viaBranch ? Matrix::Zero(dx.rows(), dx.cols()) : dx;
    }
    return dx;
}

std::vector<ChildLayer> ResidualBlock::children() {
    return {{"branch", m_branch.get()}, {"shortcut", m_shortcut.get()}, {"out", m_activation.get()}};
}

void ResidualBlock::zeroBranch() {
    bool zeroed = false;
    for (std::size_t i = m_branch->size(); i-- > 0 && !zeroed;) {
        Layer& layer = m_branch->at(i);
        if (auto* bn = dynamic_cast<BatchNorm*>(&layer)) {
            bn->gamma().setZero();
            bn->beta().setZero();
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
