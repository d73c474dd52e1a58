// core/shortcuts/gated.h: the gate of a gated shortcut, g(x) = sigmoid(W_g x + b_g), after
// highway networks (He et al. 2016, "Identity Mappings", Fig. 2c/2d, Table 1). W_g is a 1x1
// convolution on images, a dense layer on vectors, so g has the shape of x. The residual block
// uses it in one of two ways:
//   exclusive gating      x[l+1] = g(x) F(x) + (1 - g(x)) x     fails for b_g 0 to -5, 8.70% at -6
//   shortcut-only gating  x[l+1] = F(x) + (1 - g(x)) x          12.86% at b_g = 0, 6.91% at -6
// A very negative initial b_g keeps 1 - g near 1: the shortcut starts close to the identity,
// which is the paper's point. Inside a block the parameters read "gate.0.W" and "gate.0.b".
// x is (D x B), g(x) is (D x B).
#pragma once

#include "core/layers/sequential.h"

#include <memory>
#include <string_view>

namespace core {

enum class Gating { None, Exclusive, ShortcutOnly };

class ShortcutGate final : public Layer {
public:
    ShortcutGate(Shape shape, float initialBias);

    const Matrix& forward(const Matrix& x) override { return m_layers->forward(x); }
    Matrix backward(const Matrix& dy) override { return m_layers->backprop(dy); }
    std::vector<ParamView> params() override { return m_layers->params(); }
    std::vector<ChildLayer> children() override { return m_layers->children(); }
    std::string_view kind() const override { return "ShortcutGate"; }
    const Matrix& output() const override { return m_layers->output(); }

    // b_g as the paper initialises it; init/initializer.h sets the bias to it after drawing W_g.
    float initialBias() const { return m_initialBias; }
    void resetBias();

private:
    std::unique_ptr<Sequential> m_layers;   // weighted layer (with bias), sigmoid
    float m_initialBias;
};

}  // namespace core
