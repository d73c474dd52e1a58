// core/layers/conv2d.h: 2-D convolution (PyTorch's cross-correlation, zero padding). A 3x3
// stride-1 convolution runs Winograd's F(4x4, 3x3) (core/layers/winograd.h); every other one
// im2col + GEMM, in chunks of the batch.
// x is (C_in*H*W x B), y is (C_out*H_out*W_out x B), both channel-major per column, with
//   H_out = floor((H + 2 pad - k) / stride) + 1 (likewise W_out).
// W is (C_out x C_in*k*k): row o is filter o, ordered (c, u, v) with v fastest, which is
// PyTorch's [C_out, C_in, k, k] weight read row-major. b is (C_out), optional.
#pragma once

#include "core/layer.h"
#include "core/layers/winograd.h"

#include <memory>
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

    // How the layer computes: Winograd F(4x4, 3x3) for 3x3 stride-1 convolutions of at least
    // kWinogradMinChannels input channels, im2col otherwise (a stem's GEMMs on 1 to 3 channels
    // are no faster in Winograd's form). setAlgorithm(Winograd) is ignored where Winograd does
    // not apply; tests switch between the two to compare them.
    enum class Algorithm { Im2col, Winograd };
    static constexpr int kWinogradMinChannels = 4;
    static constexpr int kWinogradTile = 4;
    Algorithm algorithm() const { return m_winograd ? Algorithm::Winograd : Algorithm::Im2col; }
    void setAlgorithm(Algorithm algorithm);

private:
    // Receptive fields of samples [b0, b1) of x into cols ((b1-b0) H_out W_out x C_in k k,
    // column-major).
    void im2col(const Matrix& x, Eigen::Index b0, Eigen::Index b1, float* cols) const;
    // Adds dcols (laid out like cols) of samples [b0, b1) back onto their input pixels in dx.
    void col2im(const float* dcols, Eigen::Index b0, Eigen::Index b1, Matrix& dx) const;
    BatchChunks chunksFor(Eigen::Index batch) const;

    Conv2dOptions m_opt;
    int m_outPixels;     // H_out W_out
    Matrix m_W;          // (C_out x C_in k k)
    Vector m_b;          // (C_out), empty without bias
    Matrix m_dW;         // (C_out x C_in k k), accumulated
    Vector m_db;         // (C_out), accumulated
    const Matrix* m_x = nullptr;   // (C_in H W x B) the last forward's input, kept by reference
    std::unique_ptr<WinogradConv> m_winograd;   // set for 3x3 stride-1 convolutions
};

}  // namespace core
