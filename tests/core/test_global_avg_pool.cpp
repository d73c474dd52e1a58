// tests/core/test_global_avg_pool.cpp: core::GlobalAvgPool, (C*H*W x B) -> (C x B), the mean of
// every channel over its pixels.
#include <QtTest>

#include "core/layers/global_avg_pool.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Shape;

class TestGlobalAvgPool : public QObject {
    Q_OBJECT

private slots:
    void shapes_data();
    void shapes();
    void forwardByHand();
    void backwardByHand();
    void gradients_data() { shapes_data(); }
    void gradients();
};

void TestGlobalAvgPool::shapes_data() {
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::newRow("4x5x5") << 4 << 5 << 5;
    QTest::newRow("3x2x7 non-square") << 3 << 2 << 7;
    QTest::newRow("2x1x1") << 2 << 1 << 1;
}

void TestGlobalAvgPool::shapes() {
    QFETCH(int, channels);
    QFETCH(int, height);
    QFETCH(int, width);
    core::GlobalAvgPool pool(Shape::image(channels, height, width));
    QCOMPARE(pool.outputShape(), Shape::vector(channels));
    QCOMPARE(pool.kind(), std::string_view("GlobalAvgPool"));
    QVERIFY(pool.params().empty());
    const Matrix y = pool.forward(Matrix::Ones(channels * height * width, 3));
    QVERIFY_NEAR(y, Matrix::Ones(channels, 3), 1e-6);
}

// Two channels of 2x2, two samples:
//   sample 0: channel 0 = 1 2 3 4 (mean 2.5), channel 1 = -1 -1 3 3 (mean 1)
//   sample 1: channel 0 = 0 0 0 8 (mean 2),   channel 1 = 10 20 30 40 (mean 25)
void TestGlobalAvgPool::forwardByHand() {
    core::GlobalAvgPool pool(Shape::image(2, 2, 2));
    Matrix x(8, 2);
    x << 1, 0,
         2, 0,
         3, 0,
         4, 8,
         -1, 10,
         -1, 20,
         3, 30,
         3, 40;
    Matrix y(2, 2);
    y << 2.5f, 2,
         1, 25;
    QVERIFY_NEAR(pool.forward(x), y, 1e-6);
}

// dx[c, p] = dy[c] / (H W): every pixel of a channel gets a quarter here.
void TestGlobalAvgPool::backwardByHand() {
    core::GlobalAvgPool pool(Shape::image(2, 2, 2));
    pool.forward(Matrix::Zero(8, 2));
    Matrix dy(2, 2);
    dy << 1, 4,
          2, -8;
    Matrix dx(8, 2);
    dx << 0.25f, 1,
          0.25f, 1,
          0.25f, 1,
          0.25f, 1,
          0.5f, -2,
          0.5f, -2,
          0.5f, -2,
          0.5f, -2;
    QVERIFY_IDENTICAL(pool.backward(dy), dx);
}

void TestGlobalAvgPool::gradients() {
    QFETCH(int, channels);
    QFETCH(int, height);
    QFETCH(int, width);
    core::GlobalAvgPool pool(Shape::image(channels, height, width));
    const Matrix x = testsupport::randomMatrix(channels * height * width, 3, 81);
    const Matrix G = testsupport::randomMatrix(channels, 3, 82);
    const auto r = testsupport::checkInputGradient(pool, x, G);
    QVERIFY2(r.ok(1e-2), r.describe().c_str());
}

QTEST_APPLESS_MAIN(TestGlobalAvgPool)
#include "test_global_avg_pool.moc"
