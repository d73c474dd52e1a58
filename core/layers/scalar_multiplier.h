// core/layers/scalar_multiplier.h: one learnable scalar times the input, y = alpha x, any shape.
// At the end of a residual branch it is ReZero's alpha (x + alpha F(x), initialised to 0;
// Bachlechner et al. 2020), SkipInit's alpha (initialised to 0 or below 1/sqrt(d); De & Smith
// 2020) and Fixup's multiplier (initialised to 1; Zhang, Dauphin, Ma 2019). With alpha = 0 the
// branch adds nothing, so the block starts as the identity, yet dL/dalpha = sum(dy .* x) is not
// zero: the block learns how much of its branch to let in.
// x and y are (D x B); the parameter is "alpha", one value.
#pragma once

#include "core/layer.h"

namespace core {

class ScalarMultiplier final : public Layer {
public:
    ScalarMultiplier(Shape shape, float initial);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // dalpha += sum(dy .* x), dx = alpha dy
    std::vector<ParamView> params() override;
    std::string_view kind() const override { return "ScalarMultiplier"; }

    float alpha() const { return m_alpha(0); }
    void setAlpha(float alpha) { m_alpha(0) = alpha; }
    // The value initialisation gives alpha (init/initializer.h).
    float initialAlpha() const { return m_initial; }

private:
    float m_initial;
    Vector m_alpha;    // (1)
    Vector m_dalpha;   // (1), accumulated
    Matrix m_x;        // (D x B), input saved for dalpha = sum(dy .* x)
};

}  // namespace core
