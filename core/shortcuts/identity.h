// core/shortcuts/identity.h: the identity shortcut S(x) = x (He et al. 2015 eq. 1).
// It has no parameters: the gradient reaches the block's input unchanged, dx = dy.
#pragma once

#include "core/layer.h"
#include "core/parallel_for.h"

namespace core {

class Identity final : public Layer {
public:
    explicit Identity(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override {
        parallelCopy(m_out, x);
        return m_out;
    }
    Matrix backward(const Matrix& dy) override { return dy; }
    std::string_view kind() const override { return "Identity"; }
};

}  // namespace core
