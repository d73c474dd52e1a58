// tests/core/test_scalar_multiplier.cpp: core::ScalarMultiplier, y = alpha x with one learnable
// alpha: ReZero's and SkipInit's alpha, Fixup's multiplier.
#include <QtTest>

#include "core/layers/scalar_multiplier.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Shape;

class TestScalarMultiplier : public QObject {
    Q_OBJECT

private slots:
    void shapesAndParams();
    void forwardAndBackwardByHand();
    void zeroAlphaStillLearns();
    void gradients_data();
    void gradients();
    void backwardAccumulates();
};

void TestScalarMultiplier::shapesAndParams() {
    core::ScalarMultiplier scale(Shape::image(2, 3, 3), 0.25f);
    QCOMPARE(scale.inputShape(), Shape::image(2, 3, 3));
    QCOMPARE(scale.outputShape(), Shape::image(2, 3, 3));
    QCOMPARE(scale.kind(), std::string_view("ScalarMultiplier"));
    QCOMPARE(scale.alpha(), 0.25f);
    QCOMPARE(scale.initialAlpha(), 0.25f);
    std::vector<core::ParamView> views = scale.params();
    QCOMPARE(views.size(), std::size_t(1));
    QCOMPARE(views[0].name, std::string("alpha"));
    QCOMPARE(views[0].value.size(), Eigen::Index(1));
    views[0].value(0) = -2.0f;   // a view onto the layer's storage
    QCOMPARE(scale.alpha(), -2.0f);
}

void TestScalarMultiplier::forwardAndBackwardByHand() {
    core::ScalarMultiplier scale(Shape::vector(2), 0.5f);
    Matrix x(2, 2);
    x << 1, -2,
         4, 0.5f;
    Matrix y(2, 2);
    y << 0.5f, -1,
         2, 0.25f;
    QVERIFY_IDENTICAL(scale.forward(x), y);
    Matrix dy(2, 2);
    dy << 1, 2,
          -1, 4;
    const Matrix dx = scale.backward(dy);
    QVERIFY_IDENTICAL(dx, Matrix(0.5f * dy));
    // dalpha = sum(dy .* x) = 1 - 4 - 4 + 2 = -5
    QCOMPARE(scale.params()[0].grad(0), -5.0f);
}

// alpha = 0 makes the output 0 (the ReZero block starts as the identity) and the gradient to
// the input 0, but alpha itself still gets sum(dy .* x): it can grow.
void TestScalarMultiplier::zeroAlphaStillLearns() {
    core::ScalarMultiplier scale(Shape::vector(4), 0.0f);
    const Matrix x = testsupport::randomMatrix(4, 3, 1);
    const Matrix dy = testsupport::randomMatrix(4, 3, 2);
    QVERIFY_IDENTICAL(scale.forward(x), Matrix::Zero(4, 3));
    QVERIFY_IDENTICAL(scale.backward(dy), Matrix::Zero(4, 3));
    QCOMPARE(double(scale.params()[0].grad(0)), double(float(dy.cwiseProduct(x).cast<double>().sum())));
    QVERIFY(scale.params()[0].grad(0) != 0.0f);
}

void TestScalarMultiplier::gradients_data() {
    QTest::addColumn<float>("alpha");
    QTest::newRow("alpha 0") << 0.0f;
    QTest::newRow("alpha 0.3") << 0.3f;
    QTest::newRow("alpha -1.7") << -1.7f;
}

void TestScalarMultiplier::gradients() {
    QFETCH(float, alpha);
    core::ScalarMultiplier scale(Shape::vector(5), alpha);
    const Matrix x = testsupport::randomMatrix(5, 4, 11);
    const Matrix G = testsupport::randomMatrix(5, 4, 12);
    const auto dx = testsupport::checkInputGradient(scale, x, G);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(scale, x, G);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestScalarMultiplier::backwardAccumulates() {
    core::ScalarMultiplier scale(Shape::vector(3), 0.7f);
    QVERIFY(testsupport::accumulationError(scale, testsupport::randomMatrix(3, 5, 21),
                                           testsupport::randomMatrix(3, 5, 22)) < 1e-6);
}

QTEST_APPLESS_MAIN(TestScalarMultiplier)
#include "test_scalar_multiplier.moc"
