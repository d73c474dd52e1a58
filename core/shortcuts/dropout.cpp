#include "core/shortcuts/dropout.h"

#include "core/check.h"

namespace core {

DropoutShortcut::DropoutShortcut(Shape shape, float rate) : Layer(shape, shape), m_rate(rate) {
    CORE_EXPECTS(rate >= 0.0f && rate < 1.0f);
}

const Matrix& DropoutShortcut::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    m_lastTraining = training();
    if (!m_lastTraining || m_rate == 0.0f) {
        m_lastTraining = false;
        return m_out = x;
    }
    if (m_fixedMask) {
        CORE_EXPECTS(m_fixedMask->rows() == x.rows() && m_fixedMask->cols() == x.cols());
        m_mask = *m_fixedMask;
    } else {
        const float keep = 1.0f - m_rate;
        const float scale = 1.0f / keep;
        m_mask.resize(x.rows(), x.cols());
        for (Eigen::Index i = 0; i < m_mask.size(); ++i)
            m_mask.data()[i] = m_rng.uniform() < keep ? scale : 0.0f;
    }
    m_out = x.cwiseProduct(m_mask);
    return m_out;
}

Matrix DropoutShortcut::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == outputShape().size());
    if (!m_lastTraining)
        return dy;
    CORE_EXPECTS(dy.cols() == m_mask.cols());
    return dy.cwiseProduct(m_mask);
}

}  // namespace core
