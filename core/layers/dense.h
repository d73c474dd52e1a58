// core/layers/dense.h: a fully connected layer, y = W x + b (PyTorch's nn.Linear).
// x is (D_in x B), y is (D_out x B); W is (D_out x D_in), b is (D_out), optional.
#pragma once

#include "core/layer.h"

namespace core {

class Dense final : public Layer {
public:
    Dense(int in, int out, bool bias = true);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override;
    std::string_view kind() const override { return "Dense"; }

    int fanIn() const { return int(m_W.cols()); }
    int fanOut() const { return int(m_W.rows()); }
    bool hasBias() const { return m_hasBias; }
    Matrix& weight() { return m_W; }
    Vector& bias() { return m_b; }

private:
    bool m_hasBias;
    Matrix m_W;    // (D_out x D_in)
    Vector m_b;    // (D_out), empty without bias
    Matrix m_dW;   // (D_out x D_in), accumulated
    Vector m_db;   // (D_out), accumulated
    const Matrix* m_x = nullptr;   // (D_in x B) the last forward's input, kept by reference for dW = dy x^T
};

}  // namespace core
