#include "core/layers/tanh.h"

#include "core/check.h"

namespace core {

const Matrix& Tanh::forward(const Matrix& x) {
    m_out = x.array().tanh().matrix();
    return m_out;
}

Matrix Tanh::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_out.rows() && dy.cols() == m_out.cols());
    return (dy.array() * (1.0f - m_out.array().square())).matrix();
}

}  // namespace core
