#include "core/blocks/plain_block.h"

#include "core/check.h"

namespace core {

PlainBlock::PlainBlock(std::unique_ptr<Sequential> branch, Activation activation)
    : Layer(branch->inputShape(), branch->outputShape()),
      m_branch(std::move(branch)),
      m_activation(makeActivation(activation, outputShape())) {}

const Matrix& PlainBlock::forward(const Matrix& x) {
    if (m_bypassed)
        return m_out = x;
    return m_activation->forward(m_branch->forward(x));
}

Matrix PlainBlock::backward(const Matrix& dy) {
    if (m_bypassed)
        return dy;
    return m_branch->backprop(m_activation->backprop(dy));
}

void PlainBlock::setBypassed(bool bypassed) {
    CORE_EXPECTS_MSG(!bypassed || canBypass(), "a plain block from " + inputShape().str() + " to " +
                                                   outputShape().str() + " cannot be bypassed");
    m_bypassed = bypassed;
    if (!bypassed)
        m_out.resize(0, 0);
}

std::vector<ChildLayer> PlainBlock::children() {
    return {{"branch", m_branch.get()}, {"out", m_activation.get()}};
}

}  // namespace core
