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

Matrix ReLU::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == m_out.rows() && dy.cols() == m_out.cols());
    Matrix dx(dy.rows(), dy.cols());
    forEachColumnBlock(dy.cols(), dy.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        dx.middleCols(b0, b1 - b0) = (m_out.middleCols(b0, b1 - b0).array() > 0.0f).select(dy.middleCols(b0, b1 - b0), 0.0f);
    });
    return dx;
}

}  // namespace core
