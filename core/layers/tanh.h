// core/layers/tanh.h: y = tanh(x), elementwise; saturates for |x| >> 1, which makes the
// vanishing gradient of deep plain nets visible (dy/dx = 1 - y^2 <= 1).
#pragma once

#include "core/layer.h"

namespace core {

class Tanh final : public Layer {
public:
    explicit Tanh(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // dx = dy (1 - y^2)
    std::string_view kind() const override { return "Tanh"; }
};

}  // namespace core
