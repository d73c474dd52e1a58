#include "core/layers/dense.h"

#include "core/check.h"
#include "core/layers/scratch.h"
#include "core/layers/small_gemm.h"

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
    const Eigen::Index out = m_W.rows(), in = m_W.cols(), batch = x.cols();
    m_out.resize(out, batch);
    if (smallgemm::supports(out, in)) {
        smallgemm::multiply(out, batch, in, m_W.data(), out, {x.data(), 1, in}, m_out.data(), out,
                            smallgemm::Write::Overwrite, m_hasBias ? m_b.data() : nullptr);
    } else if (m_hasBias) {
        // The product accumulates onto the bias: Eigen's GEMM adds to its destination, so this
        // saves the zero fill before it and a second pass for the bias.
        for (Eigen::Index c = 0; c < batch; ++c)   // column by column: replicate() divides per element
            m_out.col(c) = m_b;
        m_out.noalias() += m_W * x;
    } else {
        m_out.noalias() = m_W * x;
    }
    return m_out;
}

namespace {
struct TransposeScratch {
    std::vector<float> weights;
};
}  // namespace

Matrix Dense::backward(const Matrix& dy) {
    CORE_EXPECTS(m_x && dy.rows() == m_W.rows() && dy.cols() == m_x->cols());
    const Eigen::Index out = m_W.rows(), in = m_W.cols(), batch = dy.cols();
    // dL/dW = dy x^T
    if (smallgemm::supports(out, batch))
        smallgemm::multiply(out, in, batch, dy.data(), out, {m_x->data(), in, 1}, m_dW.data(), out,
                            smallgemm::Write::Accumulate);
    else
        m_dW.noalias() += dy * m_x->transpose();
    if (m_hasBias)
        m_db += dy.rowwise().sum();            // dL/db = sum over the batch
    // dL/dx = W^T dy; the small product reads A by columns, so W^T is written out first (a copy
    // of the weights, far less than the product's reads of them).
    if (!smallgemm::supports(in, out))
        return m_W.transpose() * dy;
    float* wt = atLeast(threadScratch<TransposeScratch>().weights, std::size_t(in * out));
    smallgemm::transpose(m_W.data(), out, in, wt);
    Matrix dx(in, batch);
    smallgemm::multiply(in, batch, out, wt, in, {dy.data(), 1, out}, dx.data(), in, smallgemm::Write::Overwrite);
    return dx;
}

std::vector<ParamView> Dense::params() {
    std::vector<ParamView> views;
    views.push_back({"W", {m_W.data(), m_W.size()}, {m_dW.data(), m_dW.size()}});
    if (m_hasBias)
        views.push_back({"b", {m_b.data(), m_b.size()}, {m_db.data(), m_db.size()}});
    return views;
}

}  // namespace core
