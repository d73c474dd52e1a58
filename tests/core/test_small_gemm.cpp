// tests/core/test_small_gemm.cpp: core::smallgemm, the dense layers' products read in place.
// Against the products computed in float64, with the error bound of a float sum of k products
// (each element's error at most (k + 2) u sum |terms|, u = 2^-24, Higham's bound for recursive
// summation; the +2 for the bias or C added last), over sizes that leave partial register tiles
// in both directions, both ways of reading B, the three ways of writing C and matrices inside
// larger ones. Then the properties the engine relies on: every element computed the same way
// whatever the tile or the number of threads (bit for bit), and the packet-blocked transpose.
#include <QtTest>

#include "core/layers/small_gemm.h"
#include "core/parallel.h"

#include <Eigen/Core>

#include <cmath>
#include <cstring>
#include <random>

using core::Matrix;
using core::smallgemm::Operand;
using core::smallgemm::Write;
using Eigen::Index;
using MatrixD = Eigen::MatrixXd;

namespace {

constexpr Index kLanes = Eigen::internal::packet_traits<float>::size;

Matrix randomMatrix(Index rows, Index cols, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.0f, 1.0f);
    Matrix m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = normal(rng);
    return m;
}

}  // namespace

class TestSmallGemm : public QObject {
    Q_OBJECT

private slots:
    void supports();
    void matchesFloat64_data();
    void matchesFloat64();
    void sameBitsWhateverTheTile();
    void sameBitsOnTwoThreads();
    void transpose_data();
    void transpose();
};

void TestSmallGemm::supports() {
    QVERIFY(core::smallgemm::supports(64, 64));
    QVERIFY(core::smallgemm::supports(kLanes, 1));
    QVERIFY(!core::smallgemm::supports(0, 64));
    QVERIFY(!core::smallgemm::supports(64, 0));
    if (kLanes > 1) {
        QVERIFY(!core::smallgemm::supports(kLanes + 1, 64));   // not whole packets: Eigen's GEMM
        QVERIFY(!core::smallgemm::supports(3, 64));            // a classifier's 3 outputs
    }
    QVERIFY(!core::smallgemm::supports(1024, 1024));   // 4 MB of A: not a cache-sized product
}

void TestSmallGemm::matchesFloat64_data() {
    QTest::addColumn<int>("packets");   // m = packets * kLanes
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    QTest::addColumn<bool>("transposedB");
    QTest::addColumn<int>("write");   // 0 overwrite, 1 overwrite with bias, 2 accumulate
    QTest::addColumn<int>("margin");  // extra rows around A and C (leading dimensions > m)
    const int writes[] = {0, 1, 2};
    for (int w : writes) {
        const char* name = w == 0 ? "=" : w == 1 ? "= b +" : "+=";
        QTest::addRow("MLP layer 64x128x64 %s", name) << int(64 / kLanes) << 128 << 64 << false << w << 0;
        QTest::addRow("dW-like B^T 64x64x128 %s", name) << int(64 / kLanes) << 64 << 128 << true << w << 0;
        QTest::addRow("partial tiles 3 packets x 19 x 7 %s", name) << 3 << 19 << 7 << false << w << 0;
        QTest::addRow("one packet x 1 x 1 %s", name) << 1 << 1 << 1 << true << w << 0;
        QTest::addRow("5 packets x 13 x 33, inside larger %s", name) << 5 << 13 << 33 << true << w << 3;
    }
}

void TestSmallGemm::matchesFloat64() {
    QFETCH(int, packets);
    QFETCH(int, n);
    QFETCH(int, k);
    QFETCH(bool, transposedB);
    QFETCH(int, write);
    QFETCH(int, margin);
    const Index m = packets * kLanes;
    std::mt19937 rng(7);
    const Matrix aAll = randomMatrix(m + margin, k, rng);
    const Matrix bStored = transposedB ? randomMatrix(n, k, rng) : randomMatrix(k, n, rng);
    const Matrix b = transposedB ? Matrix(bStored.transpose()) : bStored;
    const Matrix bias = randomMatrix(m, 1, rng);
    Matrix cAll = randomMatrix(m + margin, n, rng);
    const Matrix c0 = cAll.topRows(m);
    const Matrix outside = cAll.bottomRows(margin);

    const Operand operand = transposedB ? Operand{bStored.data(), bStored.rows(), 1}
                                        : Operand{bStored.data(), 1, bStored.rows()};
    QVERIFY(core::smallgemm::supports(m, k));
    core::smallgemm::multiply(m, n, k, aAll.data(), aAll.rows(), operand, cAll.data(), cAll.rows(),
                              write == 2 ? Write::Accumulate : Write::Overwrite,
                              write == 1 ? bias.data() : nullptr);

    const MatrixD a = aAll.topRows(m).cast<double>();
    MatrixD expected = a * b.cast<double>();
    MatrixD magnitude = a.cwiseAbs() * b.cast<double>().cwiseAbs();
    if (write == 1) {
        expected.colwise() += bias.col(0).cast<double>();
        magnitude.colwise() += bias.col(0).cast<double>().cwiseAbs();
    } else if (write == 2) {
        expected += c0.cast<double>();
        magnitude += c0.cast<double>().cwiseAbs();
    }
    const double u = std::ldexp(1.0, -24);
    for (Index j = 0; j < n; ++j)
        for (Index i = 0; i < m; ++i) {
            const double error = std::abs(double(cAll(i, j)) - expected(i, j));
            if (error > (k + 2) * u * magnitude(i, j))
                QFAIL(qPrintable(QString("C(%1, %2) = %3, float64 %4").arg(i).arg(j).arg(cAll(i, j)).arg(expected(i, j))));
        }
    QVERIFY(Matrix(cAll.bottomRows(margin)) == outside);   // rows past m, in C's leading dimension, untouched
}

// Each element is the same sum in the same order whether it sits in a full 2-packet x 8-column
// tile, a partial one or a single column: products of one column and of many agree bit for bit.
void TestSmallGemm::sameBitsWhateverTheTile() {
    std::mt19937 rng(3);
    const Index m = 3 * kLanes, n = 21, k = 40;
    const Matrix a = randomMatrix(m, k, rng), b = randomMatrix(k, n, rng);
    Matrix whole(m, n), column(m, 1);
    core::smallgemm::multiply(m, n, k, a.data(), m, {b.data(), 1, k}, whole.data(), m, Write::Overwrite);
    for (Index j = 0; j < n; ++j) {
        core::smallgemm::multiply(m, 1, k, a.data(), m, {b.data() + j * k, 1, k}, column.data(), m,
                                  Write::Overwrite);
        QVERIFY2(std::memcmp(column.data(), whole.col(j).data(), sizeof(float) * m) == 0,
                 qPrintable(QString("column %1").arg(j)));
    }
}

// A product large enough to be split over threads gives the bits it gives on one.
void TestSmallGemm::sameBitsOnTwoThreads() {
    std::mt19937 rng(5);
    const Index m = 8 * kLanes, n = 1000, k = 96;   // > 4M multiply-adds: the split applies
    const Matrix a = randomMatrix(m, k, rng), b = randomMatrix(n, k, rng);
    const Matrix c0 = randomMatrix(m, n, rng);
    Matrix one = c0, two = c0;
    {
        core::ComputeThreads threads(1);
        core::smallgemm::multiply(m, n, k, a.data(), m, {b.data(), n, 1}, one.data(), m, Write::Accumulate);
    }
    {
        core::ComputeThreads threads(2);
        core::smallgemm::multiply(m, n, k, a.data(), m, {b.data(), n, 1}, two.data(), m, Write::Accumulate);
    }
    QVERIFY(one != c0);
    QVERIFY(std::memcmp(one.data(), two.data(), sizeof(float) * one.size()) == 0);
}

void TestSmallGemm::transpose_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::newRow("64 x 64") << 64 << 64;
    QTest::newRow("64 x 3 (a classifier's weights)") << 64 << 3;
    QTest::newRow("37 x 21 (no whole blocks at the edges)") << 37 << 21;
    QTest::newRow("1 x 1") << 1 << 1;
}

void TestSmallGemm::transpose() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    std::mt19937 rng(11);
    const Matrix src = randomMatrix(rows, cols, rng);
    Matrix dst = Matrix::Constant(cols, rows, -1.0f);
    core::smallgemm::transpose(src.data(), rows, cols, dst.data());
    QVERIFY(dst == src.transpose());
}

QTEST_APPLESS_MAIN(TestSmallGemm)
#include "test_small_gemm.moc"
