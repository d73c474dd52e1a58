// core/layers/batch_norm.h: batch normalisation (Ioffe & Szegedy 2015), PyTorch semantics.
// Per channel c (a feature of a vector, or a channel of an image over all its pixels):
//   training:   y = gamma (x - mean_B) / sqrt(var_B + eps) + beta, var_B biased (divide by n);
//               running_mean += momentum (mean_B - running_mean), running_var likewise with
//               the unbiased variance var_B n / (n - 1).
//   evaluation: the running statistics replace the batch statistics and stay unchanged.
// n = B for vectors and B x H x W for images. x and y are (C*H*W x B).
#pragma once

#include "core/layer.h"

namespace core {

class BatchNorm final : public Layer {
public:
    explicit BatchNorm(Shape shape, float momentum = 0.1f, float eps = 1e-5f);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override;
    std::vector<BufferView> buffers() override;
    std::string_view kind() const override { return "BatchNorm"; }

    Vector& gamma() { return m_gamma; }
    Vector& beta() { return m_beta; }
    Vector& runningMean() { return m_runningMean; }
    Vector& runningVar() { return m_runningVar; }
    // The running statistics' update rate; 1 makes them the last training batch's statistics.
    float momentum() const { return m_momentum; }
    void setMomentum(float momentum) { m_momentum = momentum; }

private:
    // Sum of M (C*HW x B) per channel: (C).
    Vector channelSum(const Matrix& m) const;
    // A per-channel vector repeated over the channel's pixels: (C*HW).
    Vector perRow(const Vector& perChannel) const;

    int m_channels;
    int m_pixels;          // H*W, 1 for vectors
    float m_momentum;
    float m_eps;
    Vector m_gamma, m_beta;             // (C)
    Vector m_dgamma, m_dbeta;           // (C), accumulated
    Vector m_runningMean, m_runningVar; // (C)
    Matrix m_xhat;                      // (C*HW x B), normalised input saved for backward
    Vector m_invStd;                    // (C), 1 / sqrt(var + eps) used in the last forward
};

}  // namespace core
