#include "core/shortcuts/gated.h"

#include "core/blocks/layer_unit.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/sigmoid.h"

namespace core {

ShortcutGate::ShortcutGate(Shape shape, float initialBias)
    : Layer(shape, shape), m_layers(std::make_unique<Sequential>(shape)), m_initialBias(initialBias) {
    addWeightedLayer(*m_layers, shape.channels, 1, 1, true);   // W_g x + b_g
    m_layers->emplace<Sigmoid>(shape);
    resetBias();
}

void ShortcutGate::resetBias() {
    Layer& weighted = m_layers->at(0);
    if (auto* dense = dynamic_cast<Dense*>(&weighted))
        dense->bias().setConstant(m_initialBias);
    else if (auto* conv = dynamic_cast<Conv2d*>(&weighted))
        conv->bias().setConstant(m_initialBias);
}

}  // namespace core
