#include "core/layers/dense.h"

#include "core/check.h"

namespace core {

Dense::Dense(int in, int out, bool bias)
    : Layer(Shape::vector(in), Shape::vector(out)),
      m_hasBias(bias),
      m_W(Matrix::Zero(out, in)),
      m_b(Vector::Zero(bias ? out : 0)),
      m_dW(Matrix::Zero(out, in)),
      m_db(Vector::Zero(bias ? out : 0)) {}

const Matrix& Dense::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == m_W.cols());
    m_x = &x;   // by reference, as core/layer.h allows: a copy was a few percent of an MLP's step
    if (m_hasBias) {
        // The product accumulates onto the bias: Eigen's GEMM adds to its destination, so this
        // saves the zero fill before it and a second pass for the bias.
        m_out.resize(m_W.rows(), x.cols());
        for (Eigen::Index c = 0; c < x.cols(); ++c)   // column by column: replicate() divides per element
            m_out.col(c) = m_b;
        m_out.noalias() += m_W * x;
    } else {
        m_out.noalias() = m_W * x;
    }
    return m_out;
}

Matrix Dense::backward(const Matrix& dy) {
    CORE_EXPECTS(m_x && dy.rows() == m_W.rows() && dy.cols() == m_x->cols());
    m_dW.noalias() += dy * m_x->transpose();    // dL/dW = dy x^T
    if (m_hasBias)
        m_db += dy.rowwise().sum();            // dL/db = sum over the batch
    return m_W.transpose() * dy;               // dL/dx = W^T dy
}

std::vector<ParamView> Dense::params() {
    std::vector<ParamView> views;
    views.push_back({"W", {m_W.data(), m_W.size()}, {m_dW.data(), m_dW.size()}});
    if (m_hasBias)
        views.push_back({"b", {m_b.data(), m_b.size()}, {m_db.data(), m_db.size()}});
    return views;
}

}  // namespace core
