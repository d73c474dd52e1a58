#include "core/shortcuts/scaled.h"

#include "core/check.h"

namespace core {

const Matrix& ConstantScaling::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    m_out = m_lambda * x;
    return m_out;
}

Matrix ConstantScaling::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == outputShape().size());
    return m_lambda * dy;
}

}  // namespace core
