// core/layers/relu.h: the rectifier g(z) = max(z, 0), elementwise; any shape.
#pragma once

#include "core/layer.h"

namespace core {

class ReLU final : public Layer {
public:
    explicit ReLU(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override;
    // forward(a + b) in one pass, without the sum in memory: the rectifier after a residual
    // block's addition (a[l+2] = g(z[l+2] + a[l])), where the sum was written, read back and
    // dropped.
    const Matrix& forwardOfSum(const Matrix& a, const Matrix& b);
    Matrix backward(const Matrix& dy) override;   // dx = dy where y > 0, else 0
    std::string_view kind() const override { return "ReLU"; }
};

}  // namespace core
