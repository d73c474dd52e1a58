// core/layers/softmax_cross_entropy.h: the classification loss, mean over the batch.
//   p = softmax(z) per column,  L = -(1/B) sum_b log p[y_b, b],  dL/dz = (p - onehot(y)) / B.
// logits z are (K x B), labels y are (B). The log-sum-exp is shifted by each column's maximum,
// so logits of any size give finite results.
#pragma once

#include "core/tensor.h"

namespace core {

class SoftmaxCrossEntropy {
public:
    // Returns the mean loss and keeps the probabilities and labels for backward().
    float forward(const Matrix& logits, const Labels& labels);
    Matrix backward() const;                  // (K x B)
    const Matrix& probs() const { return m_probs; }
    // Number of samples whose arg-max class differs from the label in the last forward.
    int errors() const { return m_errors; }

private:
    Matrix m_probs;   // (K x B)
    Labels m_labels;  // (B)
    int m_errors = 0;
};

// Number of columns whose arg-max differs from the label.
int countErrors(const Matrix& logits, const Labels& labels);

}  // namespace core
