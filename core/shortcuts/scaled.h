// core/shortcuts/scaled.h: constant scaling, y = lambda x with a fixed lambda (He et al. 2016,
// "Identity Mappings", Fig. 2b, Table 1). As the shortcut, h(x) = lambda x; when the branch is
// scaled too it ends with a ConstantScaling of 1 - lambda. With lambda = 0.5 on the shortcut
// alone, ResNet-110 fails to train (test error above 20%); on both it reaches 12.35% against
// 6.61% for the identity. Across L blocks the shortcut carries lambda^L of the input
// (0.5^54 = 5.6e-17 for 54 blocks): the signal, and the gradient, must go through the branches.
// x and y are (D x B); no parameters.
#pragma once

#include "core/layer.h"

namespace core {

class ConstantScaling final : public Layer {
public:
    ConstantScaling(Shape shape, float lambda) : Layer(shape, shape), m_lambda(lambda) {}

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // dx = lambda dy
    std::string_view kind() const override { return "ConstantScaling"; }
    float lambda() const { return m_lambda; }

private:
    float m_lambda;
};

}  // namespace core
