#include "core/layers/batch_norm.h"

#include "core/check.h"

#include <Eigen/Core>

#include <cmath>
#include <vector>

namespace core {

BatchNorm::BatchNorm(Shape shape, float momentum, float eps)
    : Layer(shape, shape),
      m_channels(shape.channels),
      m_pixels(shape.pixels()),
      m_momentum(momentum),
      m_eps(eps),
      m_gamma(Vector::Ones(shape.channels)),
      m_beta(Vector::Zero(shape.channels)),
      m_dgamma(Vector::Zero(shape.channels)),
      m_dbeta(Vector::Zero(shape.channels)),
      m_runningMean(Vector::Zero(shape.channels)),
      m_runningVar(Vector::Ones(shape.channels)) {}

const Matrix& BatchNorm::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == Eigen::Index(m_channels) * m_pixels);
    if (training())
        CORE_EXPECTS_MSG(double(x.cols()) * m_pixels > 1.0, "batch norm needs more than one value per channel");
    return m_pixels == 1 ? forwardVectors(x) : forwardImages(x);
}

Matrix BatchNorm::backward(const Matrix& dy) {
    return m_pixels == 1 ? backwardVectors(dy) : backwardImages(dy);
}

// Vectors: one feature per row, so every statistic is a row-wise reduction.
const Matrix& BatchNorm::forwardVectors(const Matrix& x) {
    const float n = float(x.cols());
    if (training()) {
        // Two-pass statistics: the mean first, then the variance of the centred values,
        // which stays accurate when the mean is large against the spread.
        m_mean = x.rowwise().sum() / n;
        m_xhat = x.colwise() - m_mean;
        const Vector var = m_xhat.array().square().matrix().rowwise().sum() / n;
        m_invStd = (var.array() + m_eps).rsqrt().matrix();
        m_xhat.array().colwise() *= m_invStd.array();
        m_runningMean = (1.0f - m_momentum) * m_runningMean + m_momentum * m_mean;
        m_runningVar = (1.0f - m_momentum) * m_runningVar + m_momentum * var * (n / (n - 1.0f));
    } else {
        m_mean = m_runningMean;
        m_invStd = (m_runningVar.array() + m_eps).rsqrt().matrix();
        m_xhat = x.colwise() - m_mean;
        m_xhat.array().colwise() *= m_invStd.array();
    }
    m_out = m_xhat;
    m_out.array().colwise() *= m_gamma.array();
    m_out.colwise() += m_beta;
    return m_out;
}

Matrix BatchNorm::backwardVectors(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_xhat.rows() && dy.cols() == m_xhat.cols());
    const Vector dbeta = dy.rowwise().sum();                               // sum dy
    const Vector dgamma = dy.cwiseProduct(m_xhat).rowwise().sum();         // sum dy xhat
    m_dbeta += dbeta;
    m_dgamma += dgamma;
    const Vector scale = m_gamma.cwiseProduct(m_invStd);                   // gamma / sigma
    Matrix dx = dy;
    if (training()) {
        // The batch statistics depend on x as well:
        // dx = gamma/sigma (dy - (sum dy + xhat sum(dy xhat)) / n).
        const float n = float(dy.cols());
        dx.colwise() -= dbeta / n;
        dx -= (m_xhat.array().colwise() * (dgamma / n).array()).matrix();
    }
    dx.array().colwise() *= scale.array();
    return dx;
}

int BatchNorm::threadsFor(const Matrix& x) const {
    constexpr Eigen::Index kParallelValues = Eigen::Index(1) << 16;
    return x.size() >= kParallelValues && m_channels > 1 ? Eigen::nbThreads() : 1;
}

// Images: channel c of sample b is the plane of HW values at row c HW of column b. Each pass
// handles one channel at a time, plane by plane, in one sweep over x.
const Matrix& BatchNorm::forwardImages(const Matrix& x) {
    using Plane = Eigen::Map<const Eigen::ArrayXf>;
    const Eigen::Index batch = x.cols(), P = m_pixels;
    const double n = double(batch) * double(P);
    m_x = &x;
    m_out.resize(x.rows(), batch);
    m_mean.resize(m_channels);
    m_invStd.resize(m_channels);
    m_planeMeans.resize(std::size_t(m_channels) * std::size_t(batch));
    const bool train = training();
    const int threads = threadsFor(x);
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1)
    for (int c = 0; c < m_channels; ++c) {
        const Eigen::Index row = Eigen::Index(c) * P;
        float mean, var;
        if (train) {
            // Two-pass statistics per plane, while the plane is in L1: its sum, then the
            // squares centred on its own mean, which stays accurate when the mean is large
            // against the spread. The planes combine exactly (Chan, Golub & LeVeque 1979):
            // sum of squares about the mean = sum_b [M2_b + P (mean_b - mean)^2]. One read of x
            // from memory instead of two.
            double* planeMeans = m_planeMeans.data() + std::size_t(c) * std::size_t(batch);
            double sum = 0.0, squares = 0.0;
            for (Eigen::Index b = 0; b < batch; ++b) {
                const Plane plane(x.col(b).data() + row, P);
                const float planeSum = plane.sum();
                const float planeMean = planeSum / float(P);
                sum += planeSum;
                squares += (plane - planeMean).square().sum();
                planeMeans[b] = planeMean;
            }
            mean = float(sum / n);
            for (Eigen::Index b = 0; b < batch; ++b) {
                const double d = planeMeans[b] - double(mean);
                squares += double(P) * d * d;
            }
            var = float(squares / n);
            m_runningMean(c) = (1.0f - m_momentum) * m_runningMean(c) + m_momentum * mean;
            m_runningVar(c) = (1.0f - m_momentum) * m_runningVar(c) + m_momentum * var * float(n / (n - 1.0));
        } else {
            mean = m_runningMean(c);
            var = m_runningVar(c);
        }
        const float invStd = 1.0f / std::sqrt(var + m_eps);
        m_mean(c) = mean;
        m_invStd(c) = invStd;
        const float scale = m_gamma(c) * invStd, shift = m_beta(c);
        for (Eigen::Index b = 0; b < batch; ++b)   // y = gamma (x - mean) / sigma + beta
            Eigen::Map<Eigen::ArrayXf>(m_out.col(b).data() + row, P) =
                (Plane(x.col(b).data() + row, P) - mean) * scale + shift;
    }
    return m_out;
}

Matrix BatchNorm::backwardImages(const Matrix& dy) {
    using Plane = Eigen::Map<const Eigen::ArrayXf>;
    CORE_EXPECTS_MSG(m_x != nullptr, "backward before forward");
    const Matrix& x = *m_x;
    CORE_EXPECTS(dy.rows() == x.rows() && dy.cols() == x.cols());
    const Eigen::Index batch = dy.cols(), P = m_pixels;
    const float n = float(double(batch) * double(P));
    Matrix dx(dy.rows(), batch);
    const bool train = training();
    const int threads = threadsFor(dy);
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1)
    for (int c = 0; c < m_channels; ++c) {
        const Eigen::Index row = Eigen::Index(c) * P;
        const float mean = m_mean(c), invStd = m_invStd(c);
        double sumDy = 0.0, sumDyCentred = 0.0;
        for (Eigen::Index b = 0; b < batch; ++b) {
            const Plane g(dy.col(b).data() + row, P);
            sumDy += g.sum();
            sumDyCentred += (g * (Plane(x.col(b).data() + row, P) - mean)).sum();
        }
        const float dbeta = float(sumDy);                     // sum dy
        const float dgamma = float(sumDyCentred) * invStd;    // sum dy xhat
        m_dbeta(c) += dbeta;
        m_dgamma(c) += dgamma;
        const float scale = m_gamma(c) * invStd;              // gamma / sigma
        // Training: the batch statistics depend on x as well,
        // dx = gamma/sigma (dy - (sum dy + xhat sum(dy xhat)) / n), xhat = (x - mean) / sigma.
        const float shift = train ? -scale * dbeta / n : 0.0f;
        const float slope = train ? -scale * invStd * dgamma / n : 0.0f;
        for (Eigen::Index b = 0; b < batch; ++b)
            Eigen::Map<Eigen::ArrayXf>(dx.col(b).data() + row, P) =
                Plane(dy.col(b).data() + row, P) * scale + (Plane(x.col(b).data() + row, P) - mean) * slope + shift;
    }
    return dx;
}

std::vector<ParamView> BatchNorm::params() {
    return {{"gamma", {m_gamma.data(), m_gamma.size()}, {m_dgamma.data(), m_dgamma.size()}},
            {"beta", {m_beta.data(), m_beta.size()}, {m_dbeta.data(), m_dbeta.size()}}};
}

std::vector<BufferView> BatchNorm::buffers() {
    return {{"running_mean", {m_runningMean.data(), m_runningMean.size()}},
            {"running_var", {m_runningVar.data(), m_runningVar.size()}}};
}

}  // namespace core
