// core/layers/relu.h: the rectifier g(z) = max(z, 0), elementwise; any shape.
#pragma once

#include "core/layer.h"

namespace core {

class ReLU final : public Layer {
public:
    explicit ReLU(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // dx = dy where y > 0, else 0
    std::string_view kind() const override { return "ReLU"; }
};

}  // namespace core
