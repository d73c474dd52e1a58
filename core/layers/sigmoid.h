// core/layers/sigmoid.h: y = 1 / (1 + exp(-x)), elementwise. Its slope is at most 1/4, so a
// chain of sigmoids shrinks the gradient geometrically: the textbook vanishing gradient.
#pragma once

#include "core/layer.h"

namespace core {

class Sigmoid final : public Layer {
public:
    explicit Sigmoid(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // dx = dy y (1 - y)
    std::string_view kind() const override { return "Sigmoid"; }
};

}  // namespace core
