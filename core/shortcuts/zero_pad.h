// core/shortcuts/zero_pad.h: the zero-padding shortcut, He et al.'s option A, parameter-free.
// For images it keeps every stride-th pixel (x[:, :, ::s, ::s]) and appends zero channels after
// the existing ones; for vectors it appends zero features. x is (C_in*H*W x B), y is (C_out*H'*W' x B),
// H' = ceil(H / s). The gradient flows back only into the kept values.
#pragma once

#include "core/layer.h"

namespace core {

class ZeroPad final : public Layer {
public:
    ZeroPad(Shape in, int outChannels, int stride);
    static Shape outputShapeFor(Shape in, int outChannels, int stride);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::string_view kind() const override { return "ZeroPad"; }
    int stride() const { return m_stride; }

private:
    int m_stride;
};

}  // namespace core
