// tests/core/test_winograd.cpp: core::WinogradConv, the 3x3 stride-1 convolution by F(2x2, 3x3)
// and F(4x4, 3x3), against the definition computed in float64: y, dx, dW and db over odd sizes,
// paddings 0, 1 and 2, batch 1 and channel counts that are not a multiple of a vector width.
// Winograd's transforms lose a few bits in float. Measured against float64 (max |error| /
// max |reference|, weights ~ N(0, 1/(9 C_in)), inputs and gradients ~ N(0, 1)):
//   F(2x2, 3x3): at most 4.2e-7 on y, dx, dW and db (direct summation in float: ~1e-7);
//   F(4x4, 3x3): at most 4.3e-6 on y, dx and dW, 2.5e-7 on db.
// The tolerances below leave a factor of about five over those measurements.
#include <QtTest>

#include "core/layers/winograd.h"
#include "support/fixtures.h"

#include <Eigen/Core>

#include <cmath>

using core::Matrix;
using core::Shape;
using core::Vector;
using core::WinogradConv;

namespace {

using MatrixD = Eigen::MatrixXd;

// The definition in float64: y[o, i, j] = b[o] + sum_(c,u,v) W[o, (c,u,v)] x[c, i - p + u, j - p + v],
// and its gradients dx, dW, db for the upstream gradient dy (zero outside the image).
struct Reference {
    MatrixD y, dx, dW;
    Eigen::VectorXd db;
};

Reference reference(const Matrix& x, Shape in, const Matrix& W, const Vector& b, const Matrix& dy, int pad) {
    const int outH = in.height + 2 * pad - 2, outW = in.width + 2 * pad - 2, cout = int(W.rows());
    Reference r{MatrixD::Zero(Eigen::Index(cout) * outH * outW, x.cols()), MatrixD::Zero(x.rows(), x.cols()),
                MatrixD::Zero(W.rows(), W.cols()), Eigen::VectorXd::Zero(cout)};
    for (Eigen::Index n = 0; n < x.cols(); ++n)
        for (int o = 0; o < cout; ++o)
            for (int i = 0; i < outH; ++i)
                for (int j = 0; j < outW; ++j) {
                    const Eigen::Index at = (Eigen::Index(o) * outH + i) * outW + j;
                    const double g = dy(at, n);
                    double sum = b.size() ? b(o) : 0.0;
                    r.db(o) += g;
                    for (int c = 0; c < in.channels; ++c)
                        for (int u = 0; u < 3; ++u)
                            for (int v = 0; v < 3; ++v) {
                                const int h = i - pad + u, w = j - pad + v;
                                if (h < 0 || h >= in.height || w < 0 || w >= in.width)
                                    continue;
                                const Eigen::Index pixel = (Eigen::Index(c) * in.height + h) * in.width + w;
                                const int field = 9 * c + 3 * u + v;
                                sum += double(W(o, field)) * x(pixel, n);
                                r.dW(o, field) += g * x(pixel, n);
                                r.dx(pixel, n) += g * W(o, field);
                            }
                    r.y(at, n) = sum;
                }
    return r;
}

// max |got - want| / max |want|.
template <class Got, class Want>
double relativeError(const Got& got, const Want& want) {
    const double scale = want.cwiseAbs().maxCoeff();
    const double diff = (got.template cast<double>() - want).cwiseAbs().maxCoeff();
    return std::isfinite(diff) ? diff / std::max(scale, 1e-30) : INFINITY;
}

double toleranceFor(int tile) {
    return tile == 2 ? 2e-6 : 2e-5;
}

struct Problem {
    Shape in;
    int cout, pad, batch, tile;
    Matrix x, W, dy;
    Vector b;
};

Problem problem(int cin, int h, int w, int cout, int pad, int batch, int tile, std::uint64_t seed) {
    Problem p{Shape::image(cin, h, w), cout, pad, batch, tile, {}, {}, {}, {}};
    const int outH = h + 2 * pad - 2, outW = w + 2 * pad - 2;
    p.x = testsupport::randomMatrix(p.in.size(), batch, seed);
    p.W = testsupport::randomMatrix(cout, 9 * cin, seed + 1, 1.0 / std::sqrt(9.0 * cin));
    p.b = testsupport::randomMatrix(cout, 1, seed + 2);
    p.dy = testsupport::randomMatrix(Eigen::Index(cout) * outH * outW, batch, seed + 3);
    return p;
}

Problem fetchProblem(std::uint64_t seed) {
    QFETCH(int, cin);
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(int, cout);
    QFETCH(int, pad);
    QFETCH(int, batch);
    QFETCH(int, tile);
    return problem(cin, h, w, cout, pad, batch, tile, seed);
}

}  // namespace

class TestWinograd : public QObject {
    Q_OBJECT

private slots:
    void supports();
    void shapes_data();
    void forwardMatchesFloat64Definition_data() { shapes_data(); }
    void forwardMatchesFloat64Definition();
    void backwardMatchesFloat64Definition_data() { shapes_data(); }
    void backwardMatchesFloat64Definition();
    void backwardAccumulates_data();
    void backwardAccumulates();
    void threadCountDoesNotChangeResults_data();
    void threadCountDoesNotChangeResults();
};

void TestWinograd::supports() {
    QVERIFY(WinogradConv::supports(Shape::image(3, 8, 8), 3, 1, 1));
    QVERIFY(WinogradConv::supports(Shape::image(3, 8, 8), 3, 1, 0));
    QVERIFY(WinogradConv::supports(Shape::image(3, 1, 1), 3, 1, 2));
    QVERIFY(!WinogradConv::supports(Shape::image(3, 8, 8), 3, 2, 1));   // stride 2
    QVERIFY(!WinogradConv::supports(Shape::image(3, 8, 8), 1, 1, 0));   // 1x1
    QVERIFY(!WinogradConv::supports(Shape::image(3, 8, 8), 5, 1, 2));   // 5x5
    QVERIFY(!WinogradConv::supports(Shape::image(3, 8, 8), 3, 1, 3));   // padding beyond the kernel
    QVERIFY(!WinogradConv::supports(Shape::image(3, 2, 8), 3, 1, 0));   // no output row
    QVERIFY(!WinogradConv::supports(Shape::vector(8), 3, 1, 1));
    const WinogradConv conv(Shape::image(3, 7, 5), 4, 0, 4);
    QCOMPARE(conv.outputShape(), Shape::image(4, 5, 3));
}

void TestWinograd::shapes_data() {
    QTest::addColumn<int>("cin");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("cout");
    QTest::addColumn<int>("pad");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("tile");
    for (int tile : {2, 4}) {
        const auto row = [tile](const char* name) {
            return &QTest::newRow((std::string(name) + ", F(" + std::to_string(tile) + "x" + std::to_string(tile) +
                                   ", 3x3)").c_str());
        };
        *row("one pixel, batch 1") << 1 << 1 << 1 << 1 << 1 << 1 << tile;
        *row("3x3 image, 1 channel, batch 1") << 1 << 3 << 3 << 1 << 1 << 1 << tile;
        *row("6x6 p1, 3 -> 4") << 3 << 6 << 6 << 4 << 1 << 3 << tile;
        *row("odd 5x7 p1, 2 -> 3") << 2 << 5 << 7 << 3 << 1 << 2 << tile;
        *row("odd 9x11 p0, 5 -> 7") << 5 << 9 << 11 << 7 << 0 << 2 << tile;
        *row("13x10 p2, 17 -> 19") << 17 << 13 << 10 << 19 << 2 << 3 << tile;
        *row("7x7 p1, 24 -> 20 (edge tiles)") << 24 << 7 << 7 << 20 << 1 << 2 << tile;
        *row("28x28 p1, 16 -> 16, many chunks") << 16 << 28 << 28 << 16 << 1 << 9 << tile;
    }
}

void TestWinograd::forwardMatchesFloat64Definition() {
    const Problem p = fetchProblem(11);
    WinogradConv conv(p.in, p.cout, p.pad, p.tile);
    Matrix y;
    conv.forward(p.x, p.W, p.b, y);
    const Reference r = reference(p.x, p.in, p.W, p.b, p.dy, p.pad);
    QCOMPARE(y.rows(), r.y.rows());
    QCOMPARE(y.cols(), r.y.cols());
    const double err = relativeError(y, r.y);
    QVERIFY2(err <= toleranceFor(p.tile), qPrintable(QString("relative error of y %1").arg(err)));
    // Without a bias the output is the bare convolution.
    conv.forward(p.x, p.W, Vector(), y);
    QVERIFY(relativeError(y, reference(p.x, p.in, p.W, Vector(), p.dy, p.pad).y) <= toleranceFor(p.tile));
}

void TestWinograd::backwardMatchesFloat64Definition() {
    const Problem p = fetchProblem(21);
    WinogradConv conv(p.in, p.cout, p.pad, p.tile);
    Matrix y, dx, dW = Matrix::Zero(p.W.rows(), p.W.cols());
    Vector db = Vector::Zero(p.cout);
    conv.forward(p.x, p.W, p.b, y);
    conv.backward(p.x, p.dy, p.W, dx, dW, &db);
    const Reference r = reference(p.x, p.in, p.W, p.b, p.dy, p.pad);
    QCOMPARE(dx.rows(), r.dx.rows());
    const double tol = toleranceFor(p.tile);
    const double ex = relativeError(dx, r.dx), eW = relativeError(dW, r.dW), eb = relativeError(db, r.db);
    QVERIFY2(ex <= tol, qPrintable(QString("relative error of dx %1").arg(ex)));
    QVERIFY2(eW <= tol, qPrintable(QString("relative error of dW %1").arg(eW)));
    QVERIFY2(eb <= tol, qPrintable(QString("relative error of db %1").arg(eb)));
}

void TestWinograd::backwardAccumulates_data() {
    QTest::addColumn<int>("tile");
    QTest::newRow("F(2x2, 3x3)") << 2;
    QTest::newRow("F(4x4, 3x3)") << 4;
}

// dW and db add up over calls; dx is returned afresh.
void TestWinograd::backwardAccumulates() {
    QFETCH(int, tile);
    const Problem p = problem(5, 9, 8, 6, 1, 7, tile, 31);
    WinogradConv conv(p.in, p.cout, p.pad, p.tile);
    Matrix y, dx1, dx2, dW = Matrix::Zero(p.W.rows(), p.W.cols());
    Vector db = Vector::Zero(p.cout);
    conv.forward(p.x, p.W, p.b, y);
    conv.backward(p.x, p.dy, p.W, dx1, dW, &db);
    const Matrix dWOnce = dW;
    const Vector dbOnce = db;
    conv.backward(p.x, p.dy, p.W, dx2, dW, &db);
    QVERIFY_IDENTICAL(dx2, dx1);
    QVERIFY_NEAR(dW, Matrix(2.0f * dWOnce), 1e-5 * dWOnce.cwiseAbs().maxCoeff());
    QVERIFY_NEAR(db, Vector(2.0f * dbOnce), 1e-5 * dbOnce.cwiseAbs().maxCoeff());
    Matrix dx3, dWNoBias = Matrix::Zero(p.W.rows(), p.W.cols());
    conv.backward(p.x, p.dy, p.W, dx3, dWNoBias, nullptr);   // without a bias gradient
    QVERIFY_IDENTICAL(dWNoBias, dWOnce);
}

void TestWinograd::threadCountDoesNotChangeResults_data() {
    backwardAccumulates_data();
}

// Chunks of the batch are fixed by the shapes and dW is summed chunk by chunk in order, so one
// thread and two give the same bits.
void TestWinograd::threadCountDoesNotChangeResults() {
    QFETCH(int, tile);
    const Problem p = problem(16, 14, 14, 12, 1, 11, tile, 41);
    auto run = [&](int threads, Matrix& y, Matrix& dx, Matrix& dW, Vector& db) {
        const int before = Eigen::nbThreads();
        Eigen::setNbThreads(threads);
        WinogradConv conv(p.in, p.cout, p.pad, p.tile);
        dW = Matrix::Zero(p.W.rows(), p.W.cols());
        db = Vector::Zero(p.cout);
        conv.forward(p.x, p.W, p.b, y);
        conv.backward(p.x, p.dy, p.W, dx, dW, &db);
        Eigen::setNbThreads(before);
    };
    Matrix y1, dx1, dW1, y2, dx2, dW2;
    Vector db1, db2;
    run(1, y1, dx1, dW1, db1);
    run(2, y2, dx2, dW2, db2);
    QVERIFY_IDENTICAL(y1, y2);
    QVERIFY_IDENTICAL(dx1, dx2);
    QVERIFY_IDENTICAL(dW1, dW2);
    QVERIFY_IDENTICAL(db1, db2);
}

QTEST_APPLESS_MAIN(TestWinograd)
#include "test_winograd.moc"
