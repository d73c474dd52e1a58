// tests/core/test_shortcut_gate.cpp: core::ShortcutGate, g(x) = sigmoid(W_g x + b_g) (He et al.
// 2016, Fig. 2c/2d): a dense layer on vectors, a 1x1 convolution on images.
#include <QtTest>

#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/shortcuts/gated.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Shape;

Q_DECLARE_METATYPE(core::Shape)

class TestShortcutGate : public QObject {
    Q_OBJECT

private slots:
    void structureAndInitialBias();
    void forwardIsSigmoidOfAffine();
    void veryNegativeBiasKeepsTheShortcutOpen();
    void gradients_data();
    void gradients();
    void backwardAccumulates();
};

void TestShortcutGate::structureAndInitialBias() {
    core::ShortcutGate gate(Shape::vector(4), -6.0f);
    QCOMPARE(gate.kind(), std::string_view("ShortcutGate"));
    QCOMPARE(gate.initialBias(), -6.0f);
    std::vector<std::string> names;
    for (const core::ParamView& p : gate.params())
        names.push_back(p.name);
    QCOMPARE(names, (std::vector<std::string>{"0.W", "0.b"}));
    QVERIFY((gate.params()[1].value.array() == -6.0f).all());
    gate.params()[1].value.setZero();
    gate.resetBias();
    QVERIFY((gate.params()[1].value.array() == -6.0f).all());

    core::ShortcutGate conv(Shape::image(3, 4, 4), 0.0f);
    QVERIFY(dynamic_cast<core::Conv2d*>(conv.children()[0].layer));
    QCOMPARE(conv.params()[0].value.size(), Eigen::Index(9));   // 1x1, 3 -> 3
}

void TestShortcutGate::forwardIsSigmoidOfAffine() {
    core::ShortcutGate gate(Shape::vector(3), 0.5f);
    testsupport::randomizeParams(gate, 1);
    auto* dense = dynamic_cast<core::Dense*>(gate.children()[0].layer);
    QVERIFY(dense);
    const Matrix x = testsupport::randomMatrix(3, 5, 2);
    Matrix z = dense->weight() * x;
    z.colwise() += dense->bias();
    const Matrix expected = (1.0f + (-z.array()).exp()).inverse().matrix();
    QVERIFY_NEAR(gate.forward(x), expected, 1e-6);
    QVERIFY_IDENTICAL(gate.output(), gate.forward(x));
}

// b_g = -6 with small weights: g is about sigmoid(-6) = 0.0025, so 1 - g keeps the shortcut
// almost the identity, the setting that trains in He et al.'s Table 1.
void TestShortcutGate::veryNegativeBiasKeepsTheShortcutOpen() {
    core::ShortcutGate gate(Shape::vector(8), -6.0f);
    auto* dense = dynamic_cast<core::Dense*>(gate.children()[0].layer);
    dense->weight() = testsupport::randomMatrix(8, 8, 3, 0.05);
    const Matrix g = gate.forward(testsupport::randomMatrix(8, 16, 4));
    QVERIFY(g.maxCoeff() < 0.01f);
    QVERIFY(g.minCoeff() > 0.0f);
}

void TestShortcutGate::gradients_data() {
    QTest::addColumn<Shape>("shape");
    QTest::newRow("vector") << Shape::vector(4);
    QTest::newRow("image") << Shape::image(2, 3, 3);
}

void TestShortcutGate::gradients() {
    QFETCH(Shape, shape);
    core::ShortcutGate gate(shape, -1.0f);
    testsupport::randomizeParams(gate, 5, 0.5);
    const Matrix x = testsupport::randomMatrix(shape.size(), 3, 6);
    const Matrix G = testsupport::randomMatrix(shape.size(), 3, 7);
    const auto dx = testsupport::checkInputGradient(gate, x, G);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(gate, x, G);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestShortcutGate::backwardAccumulates() {
    core::ShortcutGate gate(Shape::vector(3), 0.0f);
    testsupport::randomizeParams(gate, 8);
    QVERIFY(testsupport::accumulationError(gate, testsupport::randomMatrix(3, 4, 9),
                                           testsupport::randomMatrix(3, 4, 10)) < 1e-6);
}

QTEST_APPLESS_MAIN(TestShortcutGate)
#include "test_shortcut_gate.moc"
