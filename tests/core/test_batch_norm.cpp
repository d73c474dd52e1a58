// tests/core/test_batch_norm.cpp: core::BatchNorm with PyTorch semantics: batch statistics
// (biased variance) in training mode, running statistics (unbiased variance, momentum 0.1) in
// evaluation mode; per feature for vectors, per channel over all pixels for images.
#include <QtTest>

#include "core/layers/batch_norm.h"
#include "support/gradient_check.h"

#include <Eigen/Core>

#include <cmath>
#include <random>

using core::Matrix;
using core::Shape;
using core::Vector;

namespace {
constexpr double kEps = 1e-5;
Vector vec(std::initializer_list<float> values) {
    Vector v(Eigen::Index(values.size()));
    Eigen::Index i = 0;
    for (float value : values)
        v(i++) = value;
    return v;
}
}  // namespace

class TestBatchNorm : public QObject {
    Q_OBJECT

private slots:
    void paramsAndBuffers();
    void trainingForwardVectorByHand();
    void trainingForwardImageByHand();
    void evaluationUsesRunningStatistics();
    void evaluationBackwardByHand();
    void customMomentum();
    void constantChannelIsFinite();
    void gradients_data();
    void gradients();
    void backwardAccumulates_data();
    void backwardAccumulates();
    void imageStatisticsWithLargeMean();
    void threadCountDoesNotChangeResults();
};

void TestBatchNorm::paramsAndBuffers() {
    core::BatchNorm bn(Shape::image(3, 4, 5));
    QCOMPARE(bn.kind(), std::string_view("BatchNorm"));
    QCOMPARE(bn.outputShape(), Shape::image(3, 4, 5));
    std::vector<core::ParamView> p = bn.params();
    QCOMPARE(p.size(), std::size_t(2));
    QCOMPARE(p[0].name, std::string("gamma"));
    QCOMPARE(p[1].name, std::string("beta"));
    QCOMPARE(p[0].value.size(), Eigen::Index(3));
    std::vector<core::BufferView> b = bn.buffers();
    QCOMPARE(b.size(), std::size_t(2));
    QCOMPARE(b[0].name, std::string("running_mean"));
    QCOMPARE(b[1].name, std::string("running_var"));
    // PyTorch's defaults: gamma 1, beta 0, running mean 0, running var 1.
    QVERIFY_IDENTICAL(bn.gamma(), Vector::Ones(3));
    QVERIFY_IDENTICAL(bn.beta(), Vector::Zero(3));
    QVERIFY_IDENTICAL(bn.runningMean(), Vector::Zero(3));
    QVERIFY_IDENTICAL(bn.runningVar(), Vector::Ones(3));
}

// One feature, x = 1, 2, 3, 4: mean 2.5, biased var 1.25, unbiased 5/3.
void TestBatchNorm::trainingForwardVectorByHand() {
    core::BatchNorm bn(Shape::vector(1));
    bn.gamma()(0) = 2.0f;
    bn.beta()(0) = 0.5f;
    Matrix x(1, 4);
    x << 1, 2, 3, 4;
    Matrix expected(1, 4);
    for (int b = 0; b < 4; ++b)
        expected(0, b) = float(2.0 * (x(0, b) - 2.5) / std::sqrt(1.25 + kEps) + 0.5);
    QVERIFY_NEAR(bn.forward(x), expected, 1e-6);
    QVERIFY_NEAR(bn.runningMean(), vec({0.25f}), 1e-7);
    QVERIFY_NEAR(bn.runningVar(), vec({float(0.9 + 0.1 * 1.25 * 4.0 / 3.0)}), 1e-6);
}

// Two channels of a 1x2 image, batch 2: statistics over n = B*H*W = 4 values per channel.
// Channel 0 holds 1, 3 | 5, 7 (mean 4, var 5); channel 1 holds 10, 10 | 20, 30 (mean 17.5,
// var 68.75).
void TestBatchNorm::trainingForwardImageByHand() {
    core::BatchNorm bn(Shape::image(2, 1, 2));
    bn.gamma() = vec({1.5f, -1.0f});
    bn.beta() = vec({0.0f, 2.0f});
    Matrix x(4, 2);
    x << 1, 5,
         3, 7,
         10, 20,
         10, 30;
    const double mean[2] = {4.0, 17.5}, var[2] = {5.0, 68.75};
    const double gamma[2] = {1.5, -1.0}, beta[2] = {0.0, 2.0};
    Matrix expected(4, 2);
    for (int b = 0; b < 2; ++b)
        for (int r = 0; r < 4; ++r) {
            const int c = r / 2;
            expected(r, b) = float(gamma[c] * (x(r, b) - mean[c]) / std::sqrt(var[c] + kEps) + beta[c]);
        }
    QVERIFY_NEAR(bn.forward(x), expected, 1e-6);
    QVERIFY_NEAR(bn.runningMean(), vec({0.4f, 1.75f}), 1e-6);
    QVERIFY_NEAR(bn.runningVar(), vec({float(0.9 + 0.1 * 5.0 * 4 / 3), float(0.9 + 0.1 * 68.75 * 4 / 3)}), 1e-5);
}

void TestBatchNorm::evaluationUsesRunningStatistics() {
    core::BatchNorm bn(Shape::image(2, 1, 2));
    bn.gamma() = vec({1.5f, -1.0f});
    bn.beta() = vec({0.25f, 2.0f});
    bn.runningMean() = vec({1.0f, -2.0f});
    bn.runningVar() = vec({4.0f, 0.25f});
    bn.setTraining(false);
    QVERIFY(!bn.training());
    Matrix x(4, 3);
    x << 1, 5, -1,
         3, 7, 0,
         10, 20, -2,
         10, 30, 4;
    Matrix expected(4, 3);
    const double mean[2] = {1.0, -2.0}, var[2] = {4.0, 0.25}, gamma[2] = {1.5, -1.0}, beta[2] = {0.25, 2.0};
    for (int b = 0; b < 3; ++b)
        for (int r = 0; r < 4; ++r) {
            const int c = r / 2;
            expected(r, b) = float(gamma[c] * (x(r, b) - mean[c]) / std::sqrt(var[c] + kEps) + beta[c]);
        }
    QVERIFY_NEAR(bn.forward(x), expected, 1e-5);
    // Evaluation leaves the running statistics alone, and one sample is enough.
    QVERIFY_IDENTICAL(bn.runningMean(), vec({1.0f, -2.0f}));
    QVERIFY_IDENTICAL(bn.runningVar(), vec({4.0f, 0.25f}));
    QVERIFY_NEAR(bn.forward(x.col(0)), expected.col(0), 1e-5);
}

// Evaluation mode is an affine map: dx = dy gamma / sqrt(running_var + eps).
void TestBatchNorm::evaluationBackwardByHand() {
    core::BatchNorm bn(Shape::vector(2));
    bn.gamma() = vec({2.0f, -3.0f});
    bn.runningMean() = vec({0.5f, 1.0f});
    bn.runningVar() = vec({4.0f, 9.0f});
    bn.setTraining(false);
    Matrix x(2, 2);
    x << 1, 2,
         3, 4;
    Matrix dy(2, 2);
    dy << 1, -1,
          0.5f, 2;
    bn.forward(x);
    Matrix expected(2, 2);
    for (int b = 0; b < 2; ++b) {
        expected(0, b) = float(dy(0, b) * 2.0 / std::sqrt(4.0 + kEps));
        expected(1, b) = float(dy(1, b) * -3.0 / std::sqrt(9.0 + kEps));
    }
    QVERIFY_NEAR(bn.backward(dy), expected, 1e-6);
    std::vector<core::ParamView> p = bn.params();
    // dgamma = sum dy (x - mean) / sigma, dbeta = sum dy.
    const float dgamma0 = float((1 * 0.5 + -1 * 1.5) / std::sqrt(4.0 + kEps));
    const float dgamma1 = float((0.5 * 2.0 + 2 * 3.0) / std::sqrt(9.0 + kEps));
    QVERIFY_NEAR(p[0].grad, vec({dgamma0, dgamma1}), 1e-6);
    QVERIFY_NEAR(p[1].grad, vec({0.0f, 2.5f}), 1e-6);
}

void TestBatchNorm::customMomentum() {
    core::BatchNorm bn(Shape::vector(1), 0.2f);
    Matrix x(1, 2);
    x << 1, 3;   // mean 2, biased var 1, unbiased 2
    bn.forward(x);
    QVERIFY_NEAR(bn.runningMean(), vec({0.4f}), 1e-7);
    QVERIFY_NEAR(bn.runningVar(), vec({0.8f + 0.2f * 2.0f}), 1e-6);
}

// A channel that is constant over the batch has variance 0: eps keeps 1/sigma finite and the
// normalised value is exactly 0, so y = beta.
void TestBatchNorm::constantChannelIsFinite() {
    core::BatchNorm bn(Shape::vector(2));
    bn.beta() = vec({0.75f, -0.5f});
    Matrix x(2, 3);
    x << 3, 3, 3,
         1, 2, 3;
    const Matrix y = bn.forward(x);
    QVERIFY(y.allFinite());
    QVERIFY_IDENTICAL(y.row(0), Matrix::Constant(1, 3, 0.75f));
    const Matrix dx = bn.backward(testsupport::randomMatrix(2, 3, 5));
    QVERIFY(dx.allFinite());
}

void TestBatchNorm::gradients_data() {
    QTest::addColumn<bool>("spatial");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("batch");
    QTest::addColumn<bool>("training");
    QTest::newRow("1d training B=4") << false << 5 << 1 << 1 << 4 << true;
    QTest::newRow("1d training B=8") << false << 3 << 1 << 1 << 8 << true;
    QTest::newRow("1d evaluation") << false << 5 << 1 << 1 << 3 << false;
    QTest::newRow("2d training 4x5") << true << 3 << 4 << 5 << 2 << true;
    QTest::newRow("2d training B=1") << true << 2 << 3 << 3 << 1 << true;
    QTest::newRow("2d evaluation") << true << 3 << 3 << 2 << 2 << false;
}

void TestBatchNorm::gradients() {
    QFETCH(bool, spatial);
    QFETCH(int, channels);
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(int, batch);
    QFETCH(bool, training);
    const Shape shape = spatial ? Shape::image(channels, height, width) : Shape::vector(channels);
    core::BatchNorm bn(shape);
    testsupport::randomizeParams(bn, 61);   // gamma of either sign
    bn.runningMean() = testsupport::randomMatrix(channels, 1, 62);
    bn.runningVar() = testsupport::randomMatrix(channels, 1, 63).array().exp().matrix();
    bn.setTraining(training);
    const Matrix x = testsupport::randomMatrix(shape.size(), batch, 64);
    const Matrix G = testsupport::randomMatrix(shape.size(), batch, 65);
    const auto dx = testsupport::checkInputGradient(bn, x, G);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(bn, x, G);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestBatchNorm::backwardAccumulates_data() {
    QTest::addColumn<bool>("training");
    QTest::newRow("training") << true;
    QTest::newRow("evaluation") << false;
}

void TestBatchNorm::backwardAccumulates() {
    QFETCH(bool, training);
    core::BatchNorm bn(Shape::image(2, 3, 3));
    testsupport::randomizeParams(bn, 71);
    bn.setTraining(training);
    const Matrix x = testsupport::randomMatrix(18, 3, 72);
    const Matrix G = testsupport::randomMatrix(18, 3, 73);
    QVERIFY(testsupport::accumulationError(bn, x, G) < 1e-6);
}


// The image statistics combine per-plane sums and centred squares (one read of x). With a mean
// far from zero against the spread, and planes whose means differ, they must still match the
// float64 two-pass statistics of all B H W values.
void TestBatchNorm::imageStatisticsWithLargeMean() {
    const int C = 3, H = 16, W = 16, B = 24;   // 256 values per plane, enough to use the threads
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    Matrix x(C * H * W, B);
    for (int b = 0; b < B; ++b)
        for (int c = 0; c < C; ++c)
            for (int p = 0; p < H * W; ++p)
                x(c * H * W + p, b) = 1000.0f * float(c + 1) + 0.5f * float(b % 5) + 0.01f * normal(rng);
    core::BatchNorm bn(Shape::image(C, H, W), 1.0f);   // momentum 1: running stats = batch stats
    bn.forward(x);
    for (int c = 0; c < C; ++c) {
        double sum = 0.0;
        for (int b = 0; b < B; ++b)
            for (int p = 0; p < H * W; ++p)
                sum += x(c * H * W + p, b);
        const double n = double(B) * H * W, mean = sum / n;
        double squares = 0.0;
        for (int b = 0; b < B; ++b)
            for (int p = 0; p < H * W; ++p)
                squares += (x(c * H * W + p, b) - mean) * (x(c * H * W + p, b) - mean);
        const double unbiased = squares / (n - 1.0);
        QVERIFY2(std::abs(bn.runningMean()(c) - mean) <= 1e-6 * std::abs(mean), qPrintable(QString::number(c)));
        QVERIFY2(std::abs(bn.runningVar()(c) - unbiased) <= 1e-4 * unbiased,
                 qPrintable(QString("channel %1: %2 against %3").arg(c).arg(bn.runningVar()(c)).arg(unbiased)));
    }
}

// Channels are the threads' tasks, each computed the same way: one thread and two give the same
// bits in forward, backward and the parameter gradients.
void TestBatchNorm::threadCountDoesNotChangeResults() {
    const Shape shape = Shape::image(8, 16, 16);
    std::mt19937 rng(11);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    Matrix x(shape.size(), 40), dy(shape.size(), 40);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        x.data()[i] = 3.0f + normal(rng);
        dy.data()[i] = normal(rng);
    }
    QVERIFY(x.size() >= (Eigen::Index(1) << 16));   // large enough to run on two threads
    auto run = [&](int threads, Matrix& y, Matrix& dx, Vector& dgamma, Vector& dbeta) {
        const int before = Eigen::nbThreads();
        Eigen::setNbThreads(threads);
        core::BatchNorm bn(shape);
        bn.gamma().setLinSpaced(0.5f, 1.5f);
        bn.beta().setLinSpaced(-0.2f, 0.3f);
        y = bn.forward(x);
        dx = bn.backward(dy);
        dgamma = bn.params()[0].grad;
        dbeta = bn.params()[1].grad;
        Eigen::setNbThreads(before);
    };
    Matrix y1, dx1, y2, dx2;
    Vector dg1, db1, dg2, db2;
    run(1, y1, dx1, dg1, db1);
    run(2, y2, dx2, dg2, db2);
    QVERIFY_IDENTICAL(y1, y2);
    QVERIFY_IDENTICAL(dx1, dx2);
    QVERIFY_IDENTICAL(dg1, dg2);
    QVERIFY_IDENTICAL(db1, db2);
}

QTEST_APPLESS_MAIN(TestBatchNorm)
#include "test_batch_norm.moc"
