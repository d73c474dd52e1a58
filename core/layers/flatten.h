// core/layers/flatten.h: reads an image column (C x H x W) as a vector of C*H*W features.
// The data layout already is one column per sample, so the values pass through unchanged;
// only the shape metadata changes.
#pragma once

#include "core/layer.h"

namespace core {

class Flatten final : public Layer {
public:
    explicit Flatten(Shape in) : Layer(in, Shape::vector(int(in.size()))) {}
    const Matrix& forward(const Matrix& x) override { return m_out = x; }
    Matrix backward(const Matrix& dy) override { return dy; }
    std::string_view kind() const override { return "Flatten"; }
};

}  // namespace core
