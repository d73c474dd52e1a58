// core/layers/scalar_bias.h: one learnable scalar added to every value, y = x + b, any shape.
// Fixup (Zhang, Dauphin, Ma 2019, sec. 3) puts one before each weighted layer and each
// activation of a residual branch, and one after its multiplier, initialised to 0: without
// batch norm they take over its shifting role at the cost of one number each.
// x and y are (D x B); the parameter is "b", one value.
#pragma once

#include "core/layer.h"

namespace core {

class ScalarBias final : public Layer {
public:
    explicit ScalarBias(Shape shape);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // db += sum(dy), dx = dy
    std::vector<ParamView> params() override;
    std::string_view kind() const override { return "ScalarBias"; }

    float bias() const { return m_b(0); }
    void setBias(float b) { m_b(0) = b; }

private:
    Vector m_b;    // (1)
    Vector m_db;   // (1), accumulated
};

}  // namespace core
