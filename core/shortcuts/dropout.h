// core/shortcuts/dropout.h: the dropout shortcut, h(x) = dropout(x) (He et al. 2016, "Identity
// Mappings", Fig. 2f, Table 1: with a rate of 0.5, ResNet-110 fails to train). PyTorch's
// inverted dropout: in training mode every value is kept with probability 1 - p and scaled by
// 1 / (1 - p), so the expected value is x; in evaluation mode h(x) = x. Over L blocks the
// shortcut multiplies the signal by L independent masks, which is what breaks it.
// The masks come from the layer's own random stream: reseed() (called by init/initializer.h
// with the run's seed and the layer's name) makes a run reproducible.
// x and y are (D x B); no parameters.
#pragma once

#include "core/layer.h"
#include "core/random.h"

#include <cstdint>
#include <optional>

namespace core {

class DropoutShortcut final : public Layer {
public:
    DropoutShortcut(Shape shape, float rate);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;   // dx = dy .* mask (training), dy (evaluation)
    std::string_view kind() const override { return "DropoutShortcut"; }

    float rate() const { return m_rate; }
    void reseed(std::uint64_t seed) { m_rng = Rng(seed); }
    // The scaled mask of the last training forward, 0 or 1 / (1 - p) per value (D x B).
    const Matrix& mask() const { return m_mask; }
    // Every training forward uses this scaled mask instead of drawing one, until cleared: to
    // reproduce a reference computed with a given mask, and for gradient checks.
    void setFixedMask(std::optional<Matrix> mask) { m_fixedMask = std::move(mask); }

private:
    float m_rate;
    Rng m_rng{0};
    Matrix m_mask;                       // (D x B), the last training forward's scaled mask
    std::optional<Matrix> m_fixedMask;   // (D x B)
    bool m_lastTraining = true;          // the mode of the last forward, for backward
};

}  // namespace core
