#include "core/network/network.h"

#include "core/check.h"

namespace core {

Network::Network(std::unique_ptr<Sequential> stem, std::vector<std::unique_ptr<Layer>> blocks,
                 std::unique_ptr<Sequential> head)
    : Layer(stem->inputShape(), head->outputShape()),
      m_stem(std::move(stem)),
      m_blocks(std::move(blocks)),
      m_head(std::move(head)) {
    Shape shape = m_stem->outputShape();
    for (const auto& block : m_blocks) {
        CORE_EXPECTS_MSG(block->inputShape() == shape,
                         "block expects " + block->inputShape().str() + " but receives " + shape.str());
        shape = block->outputShape();
    }
    CORE_EXPECTS(m_head->inputShape() == shape);
}

const Matrix& Network::forward(const Matrix& x) {
    m_x = x;   // the caller's x may be a temporary (a block of the data set)
    if (!m_stop.stop_possible()) {
        const Matrix* a = &m_stem->forward(m_x);
        for (auto& block : m_blocks)
            a = &block->forward(*a);
        return m_head->forward(*a);
    }
    // Stoppable: in training mode the running statistics are saved first (a few vectors of
    // channel length), so a pass stopped half-way can put back what its first blocks changed.
    std::vector<Vector> saved;
    if (training())
        for (const BufferView& b : buffers())
            saved.emplace_back(b.value);
    auto stopped = [&] {
        if (!m_stop.stop_requested())
            return false;
        std::vector<BufferView> views = buffers();
        for (std::size_t i = 0; i < saved.size(); ++i)
            views[i].value = saved[i];
        return true;
    };
    const Matrix* a = &m_stem->forward(m_x);
    for (auto& block : m_blocks) {
        if (stopped())
            throw BackwardStopped();
        a = &block->forward(*a);
    }
    if (stopped())
        throw BackwardStopped();
    return m_head->forward(*a);
}

Matrix Network::backward(const Matrix& dlogits) {
    Matrix d = m_head->backprop(dlogits);
    for (auto it = m_blocks.rbegin(); it != m_blocks.rend(); ++it) {
        if (m_stop.stop_requested())
            throw BackwardStopped();
        d = (*it)->backprop(d);
    }
    if (m_stop.stop_requested())
        throw BackwardStopped();
    return m_stem->backprop(d);
}

std::vector<ChildLayer> Network::children() {
    std::vector<ChildLayer> list;
    list.push_back({"stem", m_stem.get()});
    for (std::size_t k = 0; k < m_blocks.size(); ++k)
        list.push_back({"blocks." + std::to_string(k), m_blocks[k].get()});
    list.push_back({"head", m_head.get()});
    return list;
}

void Network::zeroGrad() {
    for (ParamView& p : params())
        p.grad.setZero();
}

std::int64_t Network::parameterCount() {
    std::int64_t count = 0;
    for (const ParamView& p : params())
        count += p.value.size();
    return count;
}

}  // namespace core
