// tests/core/test_constant_scaling.cpp: core::ConstantScaling (shortcuts/scaled.h), h(x) = lambda x
// with a fixed lambda (He et al. 2016, Fig. 2b).
#include <QtTest>

#include "core/shortcuts/scaled.h"
#include "support/gradient_check.h"

#include <cmath>

using core::Matrix;
using core::Shape;

class TestConstantScaling : public QObject {
    Q_OBJECT

private slots:
    void forwardAndBackward();
    void noParameters();
    void gradients();
    void chainShrinksTheSignal();
};

void TestConstantScaling::forwardAndBackward() {
    core::ConstantScaling scale(Shape::vector(3), 0.5f);
    QCOMPARE(scale.kind(), std::string_view("ConstantScaling"));
    QCOMPARE(scale.lambda(), 0.5f);
    const Matrix x = testsupport::randomMatrix(3, 4, 1);
    QVERIFY_IDENTICAL(scale.forward(x), Matrix(0.5f * x));
    const Matrix dy = testsupport::randomMatrix(3, 4, 2);
    QVERIFY_IDENTICAL(scale.backward(dy), Matrix(0.5f * dy));
}

void TestConstantScaling::noParameters() {
    core::ConstantScaling scale(Shape::image(2, 3, 3), 0.5f);
    QVERIFY(scale.params().empty());
    QVERIFY(scale.buffers().empty());
}

void TestConstantScaling::gradients() {
    core::ConstantScaling scale(Shape::vector(4), 0.3f);
    const auto dx = testsupport::checkInputGradient(scale, testsupport::randomMatrix(4, 3, 11),
                                                    testsupport::randomMatrix(4, 3, 12));
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
}

// The arithmetic: 54 shortcuts of lambda = 0.5 carry 0.5^54 = 5.6e-17 of the input.
void TestConstantScaling::chainShrinksTheSignal() {
    core::ConstantScaling scale(Shape::vector(1), 0.5f);
    Matrix x = Matrix::Ones(1, 1);
    for (int k = 0; k < 54; ++k)
        x = scale.forward(x);
    QCOMPARE(double(x(0, 0)), std::ldexp(1.0, -54));
    QVERIFY(x(0, 0) < 5.6e-17f && x(0, 0) > 5.5e-17f);
}

QTEST_APPLESS_MAIN(TestConstantScaling)
#include "test_constant_scaling.moc"
