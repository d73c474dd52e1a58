// tests/core/test_dense.cpp: core::Dense, y = W x + b with x (D_in x B).
#include <QtTest>

#include "core/layers/dense.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Vector;

class TestDense : public QObject {
    Q_OBJECT

private slots:
    void shapesAndParams_data();
    void shapesAndParams();
    void forwardByHand_data();
    void forwardByHand();
    void backwardByHand();
    void gradients_data();
    void gradients();
    void backwardAccumulates();
};

void TestDense::shapesAndParams_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<bool>("bias");
    QTest::newRow("5->3 with bias") << 5 << 3 << true;
    QTest::newRow("5->3 without bias") << 5 << 3 << false;
    QTest::newRow("1->1") << 1 << 1 << true;
}

void TestDense::shapesAndParams() {
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(bool, bias);
    core::Dense dense(in, out, bias);
    QCOMPARE(dense.inputShape(), core::Shape::vector(in));
    QCOMPARE(dense.outputShape(), core::Shape::vector(out));
    QCOMPARE(dense.fanIn(), in);
    QCOMPARE(dense.fanOut(), out);
    QCOMPARE(dense.hasBias(), bias);
    QCOMPARE(dense.kind(), std::string_view("Dense"));
    const std::vector<core::ParamView> views = dense.params();
    QCOMPARE(views.size(), std::size_t(bias ? 2 : 1));
    QCOMPARE(views[0].name, std::string("W"));
    QCOMPARE(views[0].value.size(), Eigen::Index(in) * out);
    QCOMPARE(views[0].grad.size(), views[0].value.size());
    QVERIFY(views[0].value.data() == dense.weight().data());   // a view, not a copy
    if (bias) {
        QCOMPARE(views[1].name, std::string("b"));
        QCOMPARE(views[1].value.size(), Eigen::Index(out));
    }
    const Matrix y = dense.forward(Matrix::Ones(in, 7));
    QCOMPARE(y.rows(), Eigen::Index(out));
    QCOMPARE(y.cols(), Eigen::Index(7));
}

// W = [1 2; 3 4; 5 6], samples (1, 2) and (-1, 0.5), b = (0.5, -1, 2).
void TestDense::forwardByHand_data() {
    QTest::addColumn<bool>("bias");
    QTest::newRow("with bias") << true;
    QTest::newRow("without bias") << false;
}

void TestDense::forwardByHand() {
    QFETCH(bool, bias);
    core::Dense dense(2, 3, bias);
    dense.weight() << 1, 2, 3, 4, 5, 6;
    if (bias)
        dense.bias() << 0.5f, -1.0f, 2.0f;
    Matrix x(2, 2);
    x << 1, -1,
         2, 0.5f;
    Matrix expected(3, 2);
    expected << 5, 0,
                11, -1,
                17, -2;
    if (bias)
        expected.colwise() += Vector((Vector(3) << 0.5f, -1.0f, 2.0f).finished());
    QVERIFY_IDENTICAL(dense.forward(x), expected);
    QVERIFY_IDENTICAL(dense.output(), expected);
}

void TestDense::backwardByHand() {
    core::Dense dense(2, 3, true);
    dense.weight() << 1, 2, 3, 4, 5, 6;
    Matrix x(2, 2);
    x << 1, -1,
         2, 0.5f;
    Matrix dy(3, 2);
    dy << 1, 0,
          0, 1,
          1, 1;
    dense.forward(x);
    const Matrix dx = dense.backward(dy);
    Matrix dxExpected(2, 2);        // W^T dy
    dxExpected << 6, 8,
                  8, 10;
    QVERIFY_IDENTICAL(dx, dxExpected);
    Matrix dW(3, 2);                // dy x^T, summed over the batch
    dW << 1, 2,
          -1, 0.5f,
          0, 2.5f;
    const std::vector<core::ParamView> views = dense.params();
    QVERIFY_IDENTICAL(views[0].grad.reshaped(3, 2), dW);
    QVERIFY_IDENTICAL(views[1].grad, Vector((Vector(3) << 1, 1, 2).finished()));
}

void TestDense::gradients_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("batch");
    QTest::newRow("5->3 bias B=4") << 5 << 3 << true << 4;
    QTest::newRow("7->2 no bias B=3") << 7 << 2 << false << 3;
    QTest::newRow("3->6 bias B=8") << 3 << 6 << true << 8;
    QTest::newRow("1->1 bias B=1") << 1 << 1 << true << 1;
}

void TestDense::gradients() {
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(bool, bias);
    QFETCH(int, batch);
    core::Dense dense(in, out, bias);
    testsupport::randomizeParams(dense, 11);
    const Matrix x = testsupport::randomMatrix(in, batch, 12);
    const Matrix G = testsupport::randomMatrix(out, batch, 13);
    const auto dx = testsupport::checkInputGradient(dense, x, G);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(dense, x, G);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
    QCOMPARE(dp.skipped, 0);
}

void TestDense::backwardAccumulates() {
    core::Dense dense(4, 3, true);
    testsupport::randomizeParams(dense, 21);
    const Matrix x = testsupport::randomMatrix(4, 5, 22);
    const Matrix G = testsupport::randomMatrix(3, 5, 23);
    QVERIFY(testsupport::accumulationError(dense, x, G) < 1e-6);
}

QTEST_APPLESS_MAIN(TestDense)
#include "test_dense.moc"
