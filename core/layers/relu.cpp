#include "core/layers/relu.h"

#include "core/check.h"
#include "core/parallel_for.h"

namespace core {

const Matrix& ReLU::forward(const Matrix& x) {
    m_out.resize(x.rows(), x.cols());
    forEachColumnBlock(x.cols(), x.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        m_out.middleCols(b0, b1 - b0) = x.middleCols(b0, b1 - b0).cwiseMax(0.0f);
    });
    return m_out;
}

const Matrix& ReLU::forwardOfSum(const Matrix& a, const Matrix& b) {
    CORE_EXPECTS(a.rows() == b.rows() && a.cols() == b.cols());
    m_out.resize(a.rows(), a.cols());
    forEachColumnBlock(a.cols(), a.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        m_out.middleCols(b0, b1 - b0) = (a.middleCols(b0, b1 - b0) + b.middleCols(b0, b1 - b0)).cwiseMax(0.0f);
    });
    return m_out;
}

Matrix ReLU::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_out.rows() && dy.cols() == m_out.cols());
    Matrix dx(dy.rows(), dy.cols());
    const Eigen::Index rows = dy.rows();
    forEachColumnBlock(dy.cols(), dy.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        // A plain loop: the compiler turns it into masked vector moves, which Eigen's select()
        // does not.
        const float* out = m_out.data() + b0 * rows;
        const float* g = dy.data() + b0 * rows;
        float* d = dx.data() + b0 * rows;
        for (Eigen::Index i = 0, n = (b1 - b0) * rows; i < n; ++i)
            d[i] = out[i] > 0.0f ? g[i] : 0.0f;
    });
    return dx;
}

}  // namespace core
