#include "core/layers/global_avg_pool.h"

#include "core/check.h"

namespace core {

const Matrix& GlobalAvgPool::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    const int C = inputShape().channels, P = inputShape().pixels();
    // View (C*P x B) as (P x C*B): each column is one channel of one sample.
    const Eigen::Map<const Matrix> planes(x.data(), P, Eigen::Index(C) * x.cols());
    const Eigen::RowVectorXf means = planes.colwise().mean();
    m_out = means.reshaped(C, x.cols());
    return m_out;
}

Matrix GlobalAvgPool::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == outputShape().size());
    const int C = inputShape().channels, P = inputShape().pixels();
    Matrix dx(inputShape().size(), dy.cols());
    Eigen::Map<Matrix> planes(dx.data(), P, Eigen::Index(C) * dy.cols());
    planes = (dy.reshaped().transpose() / float(P)).replicate(P, 1);
    return dx;
}

}  // namespace core
