// core/layers/global_avg_pool.h: the mean of every channel over its pixels.
// x is (C*H*W x B), y is (C x B) with y[c] = (1/HW) sum_p x[c, p].
#pragma once

#include "core/layer.h"

namespace core {

class GlobalAvgPool final : public Layer {
public:
    explicit GlobalAvgPool(Shape in) : Layer(in, Shape::vector(in.channels)) {}
    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // dx[c, p] = dy[c] / HW
    std::string_view kind() const override { return "GlobalAvgPool"; }
};

}  // namespace core
