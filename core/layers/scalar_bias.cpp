#include "core/layers/scalar_bias.h"

#include "core/check.h"

namespace core {

ScalarBias::ScalarBias(Shape shape) : Layer(shape, shape), m_b(Vector::Zero(1)), m_db(Vector::Zero(1)) {}

const Matrix& ScalarBias::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    m_out = x.array() + m_b(0);
    return m_out;
}

Matrix ScalarBias::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_out.rows() && dy.cols() == m_out.cols());
    m_db(0) += float(dy.cast<double>().sum());
    return dy;
}

std::vector<ParamView> ScalarBias::params() {
    return {{"b", {m_b.data(), 1}, {m_db.data(), 1}}};
}

}  // namespace core
