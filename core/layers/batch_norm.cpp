#include "core/layers/batch_norm.h"

#include "core/check.h"

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

Vector BatchNorm::channelSum(const Matrix& m) const {
    if (m_pixels == 1)
        return m.rowwise().sum();   // vectors: one feature per row
    // Images: view (C*HW x B) as (HW x C*B): column b*C + c holds channel c of sample b.
    const Eigen::Map<const Matrix> pixelsByChannel(m.data(), m_pixels, m_channels * m.cols());
    const Eigen::RowVectorXf perColumn = pixelsByChannel.colwise().sum();
    // perColumn(b*C + c) read as a (C x B) matrix: a plain map, without reshaped()'s
    // per-coefficient index arithmetic.
    return Eigen::Map<const Matrix>(perColumn.data(), m_channels, m.cols()).rowwise().sum();
}

Vector BatchNorm::perRow(const Vector& perChannel) const {
    if (m_pixels == 1)
        return perChannel;
    Vector rows(Eigen::Index(m_channels) * m_pixels);
    for (int c = 0; c < m_channels; ++c)
        rows.segment(Eigen::Index(c) * m_pixels, m_pixels).setConstant(perChannel(c));
    return rows;
}

const Matrix& BatchNorm::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == Eigen::Index(m_channels) * m_pixels);
    const float n = float(x.cols()) * float(m_pixels);
    if (training()) {
        CORE_EXPECTS_MSG(n > 1.0f, "batch norm needs more than one value per channel");
        // Two-pass statistics: the mean first, then the variance of the centred values,
        // which stays accurate when the mean is large against the spread.
        const Vector mean = channelSum(x) / n;
        m_xhat = x.colwise() - perRow(mean);
        const Vector var = channelSum(m_xhat.array().square().matrix()) / n;
        m_invStd = (var.array() + m_eps).rsqrt().matrix();
        m_xhat.array().colwise() *= perRow(m_invStd).array();
        m_runningMean = (1.0f - m_momentum) * m_runningMean + m_momentum * mean;
        m_runningVar = (1.0f - m_momentum) * m_runningVar + m_momentum * var * (n / (n - 1.0f));
    } else {
        m_invStd = (m_runningVar.array() + m_eps).rsqrt().matrix();
        m_xhat = x.colwise() - perRow(m_runningMean);
        m_xhat.array().colwise() *= perRow(m_invStd).array();
    }
    m_out = m_xhat;
    m_out.array().colwise() *= perRow(m_gamma).array();
    m_out.colwise() += perRow(m_beta);
    return m_out;
}

Matrix BatchNorm::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_xhat.rows() && dy.cols() == m_xhat.cols());
    const Vector dbeta = channelSum(dy);                                   // sum dy
    const Vector dgamma = channelSum(dy.cwiseProduct(m_xhat));             // sum dy xhat
    m_dbeta += dbeta;
    m_dgamma += dgamma;
    const Vector scale = m_gamma.cwiseProduct(m_invStd);                   // gamma / sigma
    Matrix dx = dy;
    if (training()) {
        // The batch statistics depend on x as well:
        // dx = gamma/sigma (dy - (sum dy + xhat sum(dy xhat)) / n).
        const float n = float(dy.cols()) * float(m_pixels);
        dx.colwise() -= perRow(dbeta / n);
        dx -= (m_xhat.array().colwise() * perRow(dgamma / n).array()).matrix();
    }
    dx.array().colwise() *= perRow(scale).array();
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
