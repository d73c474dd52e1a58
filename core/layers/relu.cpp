#include "core/layers/relu.h"

#include "core/check.h"

namespace core {

const Matrix& ReLU::forward(const Matrix& x) {
    m_out = x.cwiseMax(0.0f);
    return m_out;
}

Matrix ReLU::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_out.rows() && dy.cols() == m_out.cols());
    return (m_out.array() > 0.0f).select(dy, 0.0f);
}

}  // namespace core
