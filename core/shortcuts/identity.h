// core/shortcuts/identity.h: the identity shortcut S(x) = x (He et al. 2015 eq. 1).
// It has no parameters: the gradient reaches the block's input unchanged, dx = dy.
#pragma once

#include "core/layer.h"

namespace core {

class Identity final : public Layer {
public:
    explicit Identity(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override { return m_out = x; }
    Matrix backward(const Matrix& dy) override { return dy; }
    std::string_view kind() const override { return "Identity"; }
};

}  // namespace core
