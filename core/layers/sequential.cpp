#include "core/layers/sequential.h"

#include "core/check.h"

namespace core {

Shape Sequential::currentShape() const {
    return m_layers.empty() ? inputShape() : m_layers.back()->outputShape();
}

Layer& Sequential::add(std::unique_ptr<Layer> layer) {
    CORE_EXPECTS_MSG(layer->inputShape() == currentShape(),
                     "layer expects " + layer->inputShape().str() + " but receives " + currentShape().str());
    m_layers.push_back(std::move(layer));
    setOutputShape(m_layers.back()->outputShape());
    return *m_layers.back();
}

const Matrix& Sequential::forward(const Matrix& x) {
    if (m_layers.empty())
        return m_out = x;
    const Matrix* a = &x;
    for (auto& layer : m_layers)
        a = &layer->forward(*a);
    return *a;   // the last layer's output, no copy
}

Matrix Sequential::backward(const Matrix& dy) {
    if (m_layers.empty())
        return dy;
    Matrix d = m_layers.back()->backprop(dy);
    for (auto it = m_layers.rbegin() + 1; it != m_layers.rend(); ++it)
        d = (*it)->backprop(d);
    return d;
}

const Matrix& Sequential::output() const {
    return m_layers.empty() ? m_out : m_layers.back()->output();
}

std::vector<ChildLayer> Sequential::children() {
    std::vector<ChildLayer> list;
    list.reserve(m_layers.size());
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        list.push_back({std::to_string(i), m_layers[i].get()});
    return list;
}

}  // namespace core
