#include "core/layers/sigmoid.h"

#include "core/check.h"

namespace core {

const Matrix& Sigmoid::forward(const Matrix& x) {
    // 1 / (1 + e^-x) overflows gracefully in float: e^-x = inf gives 0.
    m_out = (1.0f + (-x.array()).exp()).inverse().matrix();
    return m_out;
}

Matrix Sigmoid::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_out.rows() && dy.cols() == m_out.cols());
    return (dy.array() * m_out.array() * (1.0f - m_out.array())).matrix();
}

}  // namespace core
