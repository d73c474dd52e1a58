#include "core/blocks/plain_block.h"

#include "core/check.h"

namespace core {

PlainBlock::PlainBlock(std::unique_ptr<Sequential> branch, std::optional<Activation> activation)
    : Layer(branch->inputShape(), branch->outputShape()), m_branch(std::move(branch)) {
    if (activation)
        m_activation = makeActivation(*activation, outputShape());
}

const Matrix& PlainBlock::output() const {
    if (m_bypassed)
        return m_out;
    return m_activation ? m_activation->output() : m_branch->output();
}

const Matrix& PlainBlock::forward(const Matrix& x) {
    if (m_bypassed)
        return m_out = x;
    const Matrix& f = m_branch->forward(x);
    return m_activation ? m_activation->forward(f) : f;
}

Matrix PlainBlock::backward(const Matrix& dy) {
    if (m_bypassed)
        return dy;
    return m_branch->backprop(m_activation ? m_activation->backprop(dy) : dy);
}

void PlainBlock::setBypassed(bool bypassed) {
    CORE_EXPECTS_MSG(!bypassed || canBypass(), "a plain block from " + inputShape().str() + " to " +
                                                   outputShape().str() + " cannot be bypassed");
    m_bypassed = bypassed;
    if (!bypassed)
        m_out.resize(0, 0);
}

std::vector<ChildLayer> PlainBlock::children() {
    if (!m_activation)
        return {{"branch", m_branch.get()}};
    return {{"branch", m_branch.get()}, {"out", m_activation.get()}};
}

}  // namespace core
