#include "core/layers/softmax_cross_entropy.h"

#include "core/check.h"

#include <cmath>

namespace core {

float SoftmaxCrossEntropy::forward(const Matrix& logits, const Labels& labels) {
    CORE_EXPECTS(logits.cols() == labels.size() && logits.cols() > 0);
    const Eigen::Index K = logits.rows(), B = logits.cols();
    m_probs.resize(K, B);
    m_labels = labels;
    m_errors = 0;
    double total = 0.0;
    for (Eigen::Index b = 0; b < B; ++b) {
        const int label = labels(b);
        CORE_EXPECTS(label >= 0 && label < K);
        Eigen::Index argmax = 0;
        const float zmax = logits.col(b).maxCoeff(&argmax);
        m_probs.col(b) = (logits.col(b).array() - zmax).exp().matrix();
        const double sum = m_probs.col(b).cast<double>().sum();
        m_probs.col(b) /= float(sum);
        // -log p_y = log sum exp(z - zmax) - (z_y - zmax)
        total += std::log(sum) - double(logits(label, b) - zmax);
        if (argmax != label)
            ++m_errors;
    }
    return float(total / double(B));
}

Matrix SoftmaxCrossEntropy::backward() const {
    Matrix dz = m_probs;
    for (Eigen::Index b = 0; b < dz.cols(); ++b)
        dz(m_labels(b), b) -= 1.0f;
    return dz / float(dz.cols());
}

int countErrors(const Matrix& logits, const Labels& labels) {
    int errors = 0;
    for (Eigen::Index b = 0; b < logits.cols(); ++b) {
        Eigen::Index argmax = 0;
        logits.col(b).maxCoeff(&argmax);
        if (argmax != labels(b))
            ++errors;
    }
    return errors;
}

}  // namespace core
