// core/layers/batch_norm.h: batch normalisation (Ioffe & Szegedy 2015), PyTorch semantics.
// Per channel c (a feature of a vector, or a channel of an image over all its pixels):
//   training:   y = gamma (x - mean_B) / sqrt(var_B + eps) + beta, var_B biased (divide by n);
//               running_mean += momentum (mean_B - running_mean), running_var likewise with
//               the unbiased variance var_B n / (n - 1).
//   evaluation: the running statistics replace the batch statistics and stay unchanged.
// n = B for vectors and B x H x W for images. x and y are (C*H*W x B).
// Images keep a reference to x (see layer.h) and recompute the normalised values in backward;
// each channel is one task for the threads, so results do not depend on their number.
#pragma once

#include "core/layer.h"

#include <vector>

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
    float eps() const { return m_eps; }
    void setMomentum(float momentum) { m_momentum = momentum; }

private:
    const Matrix& forwardVectors(const Matrix& x);
    Matrix backwardVectors(const Matrix& dy);
    const Matrix& forwardImages(const Matrix& x);
    Matrix backwardImages(const Matrix& dy);
    // Threads for a pass over x: one below ~64K values (the MLPs' layers), else Eigen's count.
    int threadsFor(const Matrix& x) const;

    int m_channels;
    int m_pixels;          // H*W, 1 for vectors
    float m_momentum;
    float m_eps;
    Vector m_gamma, m_beta;             // (C)
    Vector m_dgamma, m_dbeta;           // (C), accumulated
    Vector m_runningMean, m_runningVar; // (C)
    Matrix m_xhat;                      // (C x B) vectors: normalised input saved for backward
    const Matrix* m_x = nullptr;        // (C*HW x B) images: the last input, kept by reference
    Vector m_mean;                      // (C) the mean used in the last forward
    Vector m_invStd;                    // (C), 1 / sqrt(var + eps) used in the last forward
    std::vector<double> m_planeMeans;   // images: (B) plane means per channel, scratch of the statistics
};

}  // namespace core
