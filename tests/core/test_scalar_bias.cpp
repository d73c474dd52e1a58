// tests/core/test_scalar_bias.cpp: core::ScalarBias, y = x + b with one learnable b (Fixup).
#include <QtTest>

#include "core/layers/scalar_bias.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Shape;

class TestScalarBias : public QObject {
    Q_OBJECT

private slots:
    void shapesAndParams();
    void forwardAndBackwardByHand();
    void gradients();
    void backwardAccumulates();
};

void TestScalarBias::shapesAndParams() {
    core::ScalarBias bias(Shape::vector(7));
    QCOMPARE(bias.outputShape(), Shape::vector(7));
    QCOMPARE(bias.kind(), std::string_view("ScalarBias"));
    QCOMPARE(bias.bias(), 0.0f);
    const std::vector<core::ParamView> views = bias.params();
    QCOMPARE(views.size(), std::size_t(1));
    QCOMPARE(views[0].name, std::string("b"));
    QCOMPARE(views[0].value.size(), Eigen::Index(1));
}

void TestScalarBias::forwardAndBackwardByHand() {
    core::ScalarBias bias(Shape::vector(2));
    bias.setBias(0.5f);
    Matrix x(2, 2);
    x << 1, -2,
         4, 0.5f;
    Matrix y(2, 2);
    y << 1.5f, -1.5f,
         4.5f, 1;
    QVERIFY_IDENTICAL(bias.forward(x), y);
    Matrix dy(2, 2);
    dy << 1, 2,
          -1, 4;
    QVERIFY_IDENTICAL(bias.backward(dy), dy);
    QCOMPARE(bias.params()[0].grad(0), 6.0f);   // db = sum(dy)
}

void TestScalarBias::gradients() {
    core::ScalarBias bias(Shape::image(2, 2, 2));
    bias.setBias(-0.3f);
    const Matrix x = testsupport::randomMatrix(8, 3, 11);
    const Matrix G = testsupport::randomMatrix(8, 3, 12);
    const auto dx = testsupport::checkInputGradient(bias, x, G);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(bias, x, G);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestScalarBias::backwardAccumulates() {
    core::ScalarBias bias(Shape::vector(3));
    QVERIFY(testsupport::accumulationError(bias, testsupport::randomMatrix(3, 5, 21),
                                           testsupport::randomMatrix(3, 5, 22)) < 1e-6);
}

QTEST_APPLESS_MAIN(TestScalarBias)
#include "test_scalar_bias.moc"
