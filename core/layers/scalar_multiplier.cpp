#include "core/layers/scalar_multiplier.h"

#include "core/check.h"

namespace core {

ScalarMultiplier::ScalarMultiplier(Shape shape, float initial)
    : Layer(shape, shape), m_initial(initial), m_alpha(Vector::Constant(1, initial)), m_dalpha(Vector::Zero(1)) {}

const Matrix& ScalarMultiplier::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    m_x = x;
    m_out = m_alpha(0) * x;
    return m_out;
}

Matrix ScalarMultiplier::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_x.rows() && dy.cols() == m_x.cols());
    m_dalpha(0) += float(dy.cwiseProduct(m_x).cast<double>().sum());   // one sum over D x B values
    return m_alpha(0) * dy;
}

std::vector<ParamView> ScalarMultiplier::params() {
    return {{"alpha", {m_alpha.data(), 1}, {m_dalpha.data(), 1}}};
}

}  // namespace core
