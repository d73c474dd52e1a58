// tests/core/test_activations.cpp: the elementwise nonlinearities ReLU, tanh and sigmoid, made
// through core::makeActivation as blocks make them.
#include <QtTest>

#include "core/layers/activation.h"
#include "core/layers/relu.h"
#include "core/layers/sigmoid.h"
#include "core/layers/tanh.h"
#include "support/gradient_check.h"

#include <Eigen/Core>

#include <cmath>

using core::Activation;
using core::Matrix;
using core::Shape;

Q_DECLARE_METATYPE(core::Activation)

namespace {
double reference(Activation kind, double x) {
    switch (kind) {
    case Activation::ReLU: return x > 0.0 ? x : 0.0;
    case Activation::Tanh: return std::tanh(x);
    case Activation::Sigmoid: return 1.0 / (1.0 + std::exp(-x));
    }
    return 0.0;
}
double referenceSlope(Activation kind, double x) {
    switch (kind) {
    case Activation::ReLU: return x > 0.0 ? 1.0 : 0.0;
    case Activation::Tanh: return 1.0 - std::tanh(x) * std::tanh(x);
    case Activation::Sigmoid: {
        const double s = 1.0 / (1.0 + std::exp(-x));
        return s * (1.0 - s);
    }
    }
    return 0.0;
}
}  // namespace

class TestActivations : public QObject {
    Q_OBJECT

private slots:
    void kinds_data();
    void names_data() { kinds_data(); }
    void names();
    void shapes_data() { kinds_data(); }
    void shapes();
    void forwardByHand_data();
    void forwardByHand();
    void backwardByHand_data() { kinds_data(); }
    void backwardByHand();
    void gradients_data() { kinds_data(); }
    void gradients();
    void saturationIsFinite_data() { kinds_data(); }
    void saturationIsFinite();
    void unknownName();
    void reluOnImagesSplitOverThreads();
};

void TestActivations::kinds_data() {
    QTest::addColumn<Activation>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("layerKind");
    QTest::newRow("relu") << Activation::ReLU << "relu" << "ReLU";
    QTest::newRow("tanh") << Activation::Tanh << "tanh" << "Tanh";
    QTest::newRow("sigmoid") << Activation::Sigmoid << "sigmoid" << "Sigmoid";
}

void TestActivations::names() {
    QFETCH(Activation, kind);
    QFETCH(QString, name);
    QFETCH(QString, layerKind);
    QCOMPARE(QString::fromUtf8(core::activationName(kind)), name);
    QVERIFY(core::activationFromName(name.toStdString()) == kind);
    const auto layer = core::makeActivation(kind, Shape::vector(3));
    QCOMPARE(QString::fromUtf8(layer->kind()), layerKind);
    QVERIFY(layer->params().empty());
}

void TestActivations::shapes() {
    QFETCH(Activation, kind);
    const Shape image = Shape::image(2, 3, 4);
    const auto layer = core::makeActivation(kind, image);
    QCOMPARE(layer->inputShape(), image);
    QCOMPARE(layer->outputShape(), image);
    const Matrix y = layer->forward(testsupport::randomMatrix(24, 5, 1));
    QCOMPARE(y.rows(), Eigen::Index(24));
    QCOMPARE(y.cols(), Eigen::Index(5));
}

void TestActivations::forwardByHand_data() {
    QTest::addColumn<Activation>("kind");
    QTest::addColumn<float>("x");
    QTest::addColumn<float>("y");
    QTest::newRow("relu(-2)") << Activation::ReLU << -2.0f << 0.0f;
    QTest::newRow("relu(0)") << Activation::ReLU << 0.0f << 0.0f;
    QTest::newRow("relu(3.5)") << Activation::ReLU << 3.5f << 3.5f;
    QTest::newRow("tanh(0)") << Activation::Tanh << 0.0f << 0.0f;
    QTest::newRow("tanh(0.5)") << Activation::Tanh << 0.5f << 0.46211716f;
    QTest::newRow("tanh(-2)") << Activation::Tanh << -2.0f << -0.96402758f;
    QTest::newRow("sigmoid(0)") << Activation::Sigmoid << 0.0f << 0.5f;
    QTest::newRow("sigmoid(2)") << Activation::Sigmoid << 2.0f << 0.88079708f;
    QTest::newRow("sigmoid(-1)") << Activation::Sigmoid << -1.0f << 0.26894142f;
}

void TestActivations::forwardByHand() {
    QFETCH(Activation, kind);
    QFETCH(float, x);
    QFETCH(float, y);
    const auto layer = core::makeActivation(kind, Shape::vector(1));
    QVERIFY_NEAR(layer->forward(Matrix::Constant(1, 1, x)), Matrix::Constant(1, 1, y), 1e-6);
}

// dx = dy g'(x), with the slopes 1{x > 0}, 1 - tanh^2 and s (1 - s).
void TestActivations::backwardByHand() {
    QFETCH(Activation, kind);
    const auto layer = core::makeActivation(kind, Shape::vector(4));
    const Matrix x = testsupport::randomAwayFromZero(4, 3, 2, 0.05f) * 2.0f;
    const Matrix dy = testsupport::randomMatrix(4, 3, 3);
    Matrix y(4, 3), dx(4, 3);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        y(i) = float(reference(kind, x(i)));
        dx(i) = float(dy(i) * referenceSlope(kind, x(i)));
    }
    QVERIFY_NEAR(layer->forward(x), y, 1e-6);
    QVERIFY_NEAR(layer->backward(dy), dx, 1e-6);
}

void TestActivations::gradients() {
    QFETCH(Activation, kind);
    const auto layer = core::makeActivation(kind, Shape::image(2, 2, 3));
    // Inputs at least 0.05 from ReLU's kink, more than twice the step.
    const Matrix x = testsupport::randomAwayFromZero(12, 4, 4, 0.05f) * 2.0f;
    const Matrix G = testsupport::randomMatrix(12, 4, 5);
    const auto r = testsupport::checkInputGradient(*layer, x, G, 1e-2f);
    QVERIFY2(r.ok(1e-2), r.describe().c_str());
    QCOMPARE(r.skipped, 0);
}

// Large inputs saturate without NaN or infinity; the slopes go to 0 (or stay 1 for ReLU).
void TestActivations::saturationIsFinite() {
    QFETCH(Activation, kind);
    const auto layer = core::makeActivation(kind, Shape::vector(4));
    Matrix x(4, 1);
    x << -1000, -100, 100, 1000;
    const Matrix y = layer->forward(x);
    QVERIFY(y.allFinite());
    Matrix expected(4, 1);
    for (int i = 0; i < 4; ++i)
        expected(i) = float(reference(kind, x(i)));
    QVERIFY_NEAR(y, expected, 1e-7);
    const Matrix dx = layer->backward(Matrix::Ones(4, 1));
    QVERIFY(dx.allFinite());
    Matrix slopes(4, 1);
    for (int i = 0; i < 4; ++i)
        slopes(i) = float(referenceSlope(kind, x(i)));
    QVERIFY_NEAR(dx, slopes, 1e-7);
}

void TestActivations::unknownName() {
    QVERIFY(!core::activationFromName("gelu").has_value());
    QVERIFY(!core::activationFromName("").has_value());
}

// A batch of images large enough to be split over the threads: the same values and gradients
// as the definition with one thread and with two, including exact zeros and negative zeros.
void TestActivations::reluOnImagesSplitOverThreads() {
    const Shape shape = Shape::image(8, 16, 16);
    const Eigen::Index batch = 37;   // an odd batch: blocks of unequal size
    Matrix x(shape.size(), batch), dy(shape.size(), batch);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        x.data()[i] = i % 7 == 0 ? 0.0f : i % 11 == 0 ? -0.0f : float((i * 37) % 101 - 50) / 7.0f;
        dy.data()[i] = float((i * 13) % 17 - 8);
    }
    QVERIFY(x.size() >= (Eigen::Index(1) << 16));
    const Matrix yWant = x.cwiseMax(0.0f);
    const Matrix dxWant = (x.array() > 0.0f).select(dy, 0.0f);
    for (int threads : {1, 2}) {
        const int before = Eigen::nbThreads();
        Eigen::setNbThreads(threads);
        core::ReLU relu(shape);
        const Matrix y = relu.forward(x);
        const Matrix dx = relu.backward(dy);
        Eigen::setNbThreads(before);
        QVERIFY_IDENTICAL(y, yWant);
        QVERIFY_IDENTICAL(dx, dxWant);
    }
}

QTEST_APPLESS_MAIN(TestActivations)
#include "test_activations.moc"
