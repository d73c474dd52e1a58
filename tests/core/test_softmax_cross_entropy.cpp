// tests/core/test_softmax_cross_entropy.cpp: core::SoftmaxCrossEntropy, the mean softmax
// cross-entropy over a batch: L = -(1/B) sum_b log p[y_b, b], dL/dz = (p - onehot(y)) / B.
#include <QtTest>

#include "core/layers/softmax_cross_entropy.h"
#include "support/fixtures.h"

#include <cmath>

using core::Labels;
using core::Matrix;

namespace {
Labels labels(std::initializer_list<int> values) {
    Labels y(Eigen::Index(values.size()));
    Eigen::Index i = 0;
    for (int v : values)
        y(i++) = v;
    return y;
}
}  // namespace

class TestSoftmaxCrossEntropy : public QObject {
    Q_OBJECT

private slots:
    void uniformLogits_data();
    void uniformLogits();
    void byHand();
    void gradientMatchesDifferences();
    void largeLogitsAreFinite();
    void probabilitiesSumToOne();
    void errors();
};

void TestSoftmaxCrossEntropy::uniformLogits_data() {
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("batch");
    QTest::newRow("K=3 B=1") << 3 << 1;
    QTest::newRow("K=10 B=4") << 10 << 4;
    QTest::newRow("K=2 B=7") << 2 << 7;
}

// Equal logits: p = 1/K, L = log K, dL/dz = (1/K - onehot) / B.
void TestSoftmaxCrossEntropy::uniformLogits() {
    QFETCH(int, classes);
    QFETCH(int, batch);
    core::SoftmaxCrossEntropy loss;
    Labels y(batch);
    for (int b = 0; b < batch; ++b)
        y(b) = b % classes;
    const float L = loss.forward(Matrix::Constant(classes, batch, 3.0f), y);
    QVERIFY(std::abs(L - std::log(float(classes))) < 1e-6f);
    QVERIFY_NEAR(loss.probs(), Matrix::Constant(classes, batch, 1.0f / classes), 1e-7);
    Matrix expected = Matrix::Constant(classes, batch, 1.0f / classes);
    for (int b = 0; b < batch; ++b)
        expected(y(b), b) -= 1.0f;
    expected /= float(batch);
    QVERIFY_NEAR(loss.backward(), expected, 1e-7);
}

// Logits (0, ln 3): p = (1/4, 3/4). Labels 1 and 0: L = -(ln 3/4 + ln 1/4) / 2.
void TestSoftmaxCrossEntropy::byHand() {
    core::SoftmaxCrossEntropy loss;
    Matrix z(2, 2);
    z << 0, 0,
         std::log(3.0f), std::log(3.0f);
    const float L = loss.forward(z, labels({1, 0}));
    const double expectedL = -(std::log(0.75) + std::log(0.25)) / 2.0;
    QVERIFY(std::abs(L - expectedL) < 1e-6);
    Matrix p(2, 2);
    p << 0.25f, 0.25f,
         0.75f, 0.75f;
    QVERIFY_NEAR(loss.probs(), p, 1e-6);
    Matrix dz(2, 2);
    dz << 0.125f, -0.375f,
          -0.125f, 0.375f;
    QVERIFY_NEAR(loss.backward(), dz, 1e-6);
}

void TestSoftmaxCrossEntropy::gradientMatchesDifferences() {
    core::SoftmaxCrossEntropy loss;
    Matrix z = testsupport::randomMatrix(5, 4, 91, 2.0);
    const Labels y = labels({3, 0, 4, 0});
    loss.forward(z, y);
    const Matrix analytic = loss.backward();
    const float h = 1e-2f;
    double worst = 0.0;
    for (Eigen::Index i = 0; i < z.size(); ++i) {
        const float keep = z(i);
        z(i) = keep + h;
        const double up = loss.forward(z, y);
        z(i) = keep - h;
        const double down = loss.forward(z, y);
        z(i) = keep;
        const double numeric = (up - down) / (double(keep + h) - double(keep - h));
        worst = std::max(worst, std::abs(numeric - analytic(i)) / std::max(1.0, std::abs(numeric)));
    }
    QVERIFY2(worst < 1e-3, qPrintable(QString::number(worst)));
}

// Logits of +-1000 overflow a naive exp(); the max shift keeps everything finite.
void TestSoftmaxCrossEntropy::largeLogitsAreFinite() {
    core::SoftmaxCrossEntropy loss;
    Matrix z(3, 2);
    z << 1000, -1000,
         0, -1001,
         -1000, -999;
    const float L = loss.forward(z, labels({0, 1}));
    QVERIFY(std::isfinite(L));
    // Sample 0 is certain and right (loss 0); sample 1 has log-sum-exp -999 + log(1 + e^-1 +
    // e^-2) and label logit -1001.
    const double lse = -999.0 + std::log(1.0 + std::exp(-1.0) + std::exp(-2.0));
    const double expected = (0.0 + (lse + 1001.0)) / 2.0;
    QVERIFY2(std::abs(L - expected) < 1e-4, qPrintable(QString::number(L)));
    QVERIFY(loss.probs().allFinite());
    QVERIFY(loss.backward().allFinite());
}

void TestSoftmaxCrossEntropy::probabilitiesSumToOne() {
    core::SoftmaxCrossEntropy loss;
    const Matrix z = testsupport::randomMatrix(7, 6, 92, 5.0);
    loss.forward(z, labels({0, 1, 2, 3, 4, 5}));
    QVERIFY_NEAR(loss.probs().colwise().sum(), Matrix::Ones(1, 6), 1e-6);
    QVERIFY((loss.probs().array() >= 0.0f).all());
    // The gradient of a mean over samples sums to zero per sample.
    QVERIFY_NEAR(loss.backward().colwise().sum(), Matrix::Zero(1, 6), 1e-7);
}

void TestSoftmaxCrossEntropy::errors() {
    core::SoftmaxCrossEntropy loss;
    Matrix z(3, 4);
    z << 5, 0, 0, 1,
         0, 5, 0, 2,
         0, 0, 5, 3;
    const Labels y = labels({0, 2, 2, 2});   // argmax 0, 1, 2, 2: one error
    loss.forward(z, y);
    QCOMPARE(loss.errors(), 1);
    QCOMPARE(core::countErrors(z, y), 1);
    QCOMPARE(core::countErrors(z, labels({1, 0, 0, 0})), 4);
}

QTEST_APPLESS_MAIN(TestSoftmaxCrossEntropy)
#include "test_softmax_cross_entropy.moc"
