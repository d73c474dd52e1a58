#include "core/blocks/plain_block.h"

namespace core {

PlainBlock::PlainBlock(std::unique_ptr<Sequential> branch, Activation activation)
    : Layer(branch->inputShape(), branch->outputShape()),
      m_branch(std::move(branch)),
      m_activation(makeActivation(activation, outputShape())) {}

const Matrix& PlainBlock::forward(const Matrix& x) {
    return m_activation->forward(m_branch->forward(x));
}

Matrix PlainBlock::backward(const Matrix& dy) {
    return m_branch->backprop(m_activation->backprop(dy));
}

std::vector<ChildLayer> PlainBlock::children() {
    return {{"branch", m_branch.get()}, {"out", m_activation.get()}};
}

}  // namespace core
