// core/layers/conv2d.h: 2-D convolution (PyTorch's cross-correlation, zero padding) by
// im2col + one GEMM for the whole batch.
// x is (C_in*H*W x B), y is (C_out*H_out*W_out x B), both channel-major per column, with
//   H_out = floor((H + 2 pad - k) / stride) + 1 (likewise W_out).
// W is (C_out x C_in*k*k): row o is filter o, ordered (c, u, v) with v fastest, which is
// PyTorch's [C_out, C_in, k, k] weight read row-major. b is (C_out), optional.
#pragma once

#include "core/layer.h"

#include <vector>

namespace core {

struct Conv2dOptions {
    int outChannels = 1;
    int kernel = 3;
    int stride = 1;
    int padding = 1;
    bool bias = true;
};

class Conv2d final : public Layer {
public:
    Conv2d(Shape in, const Conv2dOptions& options);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override;
    std::string_view kind() const override { return "Conv2d"; }

    static Shape outputShapeFor(Shape in, const Conv2dOptions& options);
    const Conv2dOptions& options() const { return m_opt; }
    int fanIn() const { return int(m_W.cols()); }                    // C_in k k
    int fanOut() const { return m_opt.outChannels * m_opt.kernel * m_opt.kernel; }
    bool hasBias() const { return m_opt.bias; }
    Matrix& weight() { return m_W; }
    Vector& bias() { return m_b; }

private:
    // Receptive fields of samples [b0, b1) of x into cols ((b1-b0) H_out W_out x C_in k k).
    void im2col(const Matrix& x, Eigen::Index b0, Eigen::Index b1, Matrix& cols) const;
    // Adds dcols of samples [b0, b1) back onto their input pixels in dx.
    void col2im(const Matrix& dcols, Eigen::Index b0, Eigen::Index b1, Matrix& dx) const;
    int samplesPerChunk() const;

    Conv2dOptions m_opt;
    int m_outPixels;     // H_out W_out
    Matrix m_W;          // (C_out x C_in k k)
    Vector m_b;          // (C_out), empty without bias
    Matrix m_dW;         // (C_out x C_in k k), accumulated
    Vector m_db;         // (C_out), accumulated
    Matrix m_x;          // (C_in H W x B) input saved for backward (im2col is recomputed there)
    struct Scratch { Matrix cols, outT, dyT, dcols; };
    std::vector<Scratch> m_scratch;   // one per thread, kept between steps (no page faults)
    std::vector<Matrix> m_chunkdW;    // per chunk of the batch, summed in order after backward
    std::vector<Vector> m_chunkdb;
};

}  // namespace core
