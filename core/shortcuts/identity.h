// core/shortcuts/identity.h: the identity shortcut S(x) = x (He et al. 2015 eq. 1).
// It has no parameters: the gradient reaches the block's input unchanged, dx = dy. Its output
// is its input itself, by reference (core/layer.h: x stays alive and unchanged until backward
// has returned): a copy of every block's input was a percent of an MLP's step.
#pragma once

#include "core/layer.h"

namespace core {

class Identity final : public Layer {
public:
    explicit Identity(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override {
        m_x = &x;
        return x;
    }
    const Matrix& output() const override { return m_x ? *m_x : m_out; }
    Matrix backward(const Matrix& dy) override { return dy; }
    std::string_view kind() const override { return "Identity"; }

private:
    const Matrix* m_x = nullptr;   // the last forward's input, which is its output
};

}  // namespace core
