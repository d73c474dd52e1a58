// tests/core/test_conv2d.cpp: core::Conv2d, PyTorch's cross-correlation with zero padding on
// channel-major image columns.
#include <QtTest>

#include "core/layers/conv2d.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Shape;
using core::Vector;

Q_DECLARE_METATYPE(core::Conv2d::Algorithm)

namespace {

// The definition, one output value at a time: y[o, i, j] = b[o] + sum_{c,u,v} W[o, (c,u,v)]
// x[c, s i - p + u, s j - p + v], zero outside the image.
Matrix naiveConv(const Matrix& x, Shape in, const Matrix& W, const Vector& b, const core::Conv2dOptions& o) {
    const Shape out = core::Conv2d::outputShapeFor(in, o);
    Matrix y = Matrix::Zero(out.size(), x.cols());
    for (Eigen::Index n = 0; n < x.cols(); ++n)
        for (int f = 0; f < o.outChannels; ++f)
            for (int i = 0; i < out.height; ++i)
                for (int j = 0; j < out.width; ++j) {
                    double sum = b.size() ? b(f) : 0.0;
                    for (int c = 0; c < in.channels; ++c)
                        for (int u = 0; u < o.kernel; ++u)
                            for (int v = 0; v < o.kernel; ++v) {
                                const int r = o.stride * i - o.padding + u, q = o.stride * j - o.padding + v;
                                if (r < 0 || r >= in.height || q < 0 || q >= in.width)
                                    continue;
                                sum += double(W(f, (c * o.kernel + u) * o.kernel + v)) *
                                       x((c * in.height + r) * in.width + q, n);
                            }
                    y((f * out.height + i) * out.width + j, n) = float(sum);
                }
    return y;
}

// The definition of the backward pass, one term at a time: for y[o, i, j] with gradient g,
// dW[o, (c,u,v)] += g x[c, s i - p + u, s j - p + v] and dx[c, s i - p + u, s j - p + v] += g W[o, (c,u,v)].
void naiveConvBackward(const Matrix& x, Shape in, const Matrix& W, const Matrix& dy, const core::Conv2dOptions& o,
                       Matrix& dx, Matrix& dW, Vector& db) {
    const Shape out = core::Conv2d::outputShapeFor(in, o);
    Eigen::MatrixXd dxd = Eigen::MatrixXd::Zero(x.rows(), x.cols());
    Eigen::MatrixXd dWd = Eigen::MatrixXd::Zero(W.rows(), W.cols());
    Eigen::VectorXd dbd = Eigen::VectorXd::Zero(o.outChannels);
    for (Eigen::Index n = 0; n < x.cols(); ++n)
        for (int f = 0; f < o.outChannels; ++f)
            for (int i = 0; i < out.height; ++i)
                for (int j = 0; j < out.width; ++j) {
                    const double g = dy((f * out.height + i) * out.width + j, n);
                    dbd(f) += g;
                    for (int c = 0; c < in.channels; ++c)
                        for (int u = 0; u < o.kernel; ++u)
                            for (int v = 0; v < o.kernel; ++v) {
                                const int r = o.stride * i - o.padding + u, q = o.stride * j - o.padding + v;
                                if (r < 0 || r >= in.height || q < 0 || q >= in.width)
                                    continue;
                                const Eigen::Index pixel = (c * in.height + r) * in.width + q;
                                const int field = (c * o.kernel + u) * o.kernel + v;
                                dWd(f, field) += g * x(pixel, n);
                                dxd(pixel, n) += g * W(f, field);
                            }
                }
    dx = dxd.cast<float>();
    dW = dWd.cast<float>();
    db = dbd.cast<float>();
}

// One row of table_data().
struct ConvCase {
    Shape in;
    core::Conv2dOptions options;
    int batch;
};

ConvCase fetchCase() {
    QFETCH(int, cin);
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(int, cout);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    QFETCH(int, padding);
    QFETCH(bool, bias);
    QFETCH(int, batch);
    return {Shape::image(cin, h, w), {cout, kernel, stride, padding, bias}, batch};
}

// The 3x3 image 1..9 (row-major), one channel, one sample.
Matrix oneToNine() {
    Matrix x(9, 1);
    x << 1, 2, 3, 4, 5, 6, 7, 8, 9;
    return x;
}

}  // namespace

class TestConv2d : public QObject {
    Q_OBJECT

private slots:
    void outputShape_data();
    void outputShape();
    void params();
    void forwardByHand_data();
    void forwardByHand();
    void table_data();
    void forwardMatchesDefinition_data() { table_data(); }
    void forwardMatchesDefinition();
    void gradients_data() { table_data(); }
    void gradients();
    void backwardAccumulates();
    void manyChunksMatchDefinition_data();
    void manyChunksMatchDefinition();
    void algorithmFollowsShape();
    void winogradMatchesDefinition_data();
    void winogradMatchesDefinition();
    void winogradBackwardAccumulates();
    void threadCountDoesNotChangeResults_data();
    void threadCountDoesNotChangeResults();
    void batchSplit();
};

void TestConv2d::outputShape_data() {
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("padding");
    QTest::addColumn<int>("outH");
    QTest::addColumn<int>("outW");
    QTest::newRow("same 3x3") << 6 << 6 << 3 << 1 << 1 << 6 << 6;
    QTest::newRow("3x3 s2 odd") << 7 << 7 << 3 << 2 << 1 << 4 << 4;
    QTest::newRow("3x3 s2 even") << 32 << 32 << 3 << 2 << 1 << 16 << 16;
    QTest::newRow("1x1 s2") << 6 << 6 << 1 << 2 << 0 << 3 << 3;
    QTest::newRow("non-square") << 5 << 7 << 3 << 1 << 1 << 5 << 7;
    QTest::newRow("valid 3x3") << 5 << 4 << 3 << 1 << 0 << 3 << 2;
    QTest::newRow("5x5 p2") << 9 << 8 << 5 << 1 << 2 << 9 << 8;
}

void TestConv2d::outputShape() {
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    QFETCH(int, padding);
    QFETCH(int, outH);
    QFETCH(int, outW);
    const core::Conv2dOptions o{5, kernel, stride, padding, true};
    core::Conv2d conv(Shape::image(2, h, w), o);
    QCOMPARE(conv.outputShape(), Shape::image(5, outH, outW));
    const Matrix y = conv.forward(Matrix::Zero(2 * h * w, 3));
    QCOMPARE(y.rows(), Eigen::Index(5 * outH * outW));
    QCOMPARE(y.cols(), Eigen::Index(3));
}

void TestConv2d::params() {
    core::Conv2d conv(Shape::image(3, 6, 6), {4, 3, 1, 1, true});
    QCOMPARE(conv.fanIn(), 27);
    QCOMPARE(conv.fanOut(), 36);
    QCOMPARE(conv.weight().rows(), Eigen::Index(4));
    QCOMPARE(conv.weight().cols(), Eigen::Index(27));
    std::vector<core::ParamView> views = conv.params();
    QCOMPARE(views.size(), std::size_t(2));
    QCOMPARE(views[0].name, std::string("W"));
    QCOMPARE(views[0].value.size(), Eigen::Index(4 * 27));
    QCOMPARE(views[1].name, std::string("b"));
    QCOMPARE(views[1].value.size(), Eigen::Index(4));
    core::Conv2d noBias(Shape::image(3, 6, 6), {4, 3, 1, 1, false});
    QCOMPARE(noBias.params().size(), std::size_t(1));
    QVERIFY(!noBias.hasBias());
}

void TestConv2d::forwardByHand_data() {
    QTest::addColumn<Matrix>("filter");    // 1 x 9, one 3x3 filter
    QTest::addColumn<Matrix>("expected");  // 9 x 1, the 3x3 output
    Matrix ones = Matrix::Ones(1, 9);
    Matrix sums(9, 1);   // 3x3 neighbourhood sums of 1..9 with zero padding
    sums << 12, 21, 16, 27, 45, 33, 24, 39, 28;
    QTest::newRow("box filter") << ones << sums;
    Matrix topLeft = Matrix::Zero(1, 9);
    topLeft(0, 0) = 1;   // W[0, 0, u=0, v=0]: y[i, j] = x[i - 1, j - 1], no kernel flip
    Matrix shifted(9, 1);
    shifted << 0, 0, 0, 0, 1, 2, 0, 4, 5;
    QTest::newRow("top-left tap, cross-correlation") << topLeft << shifted;
    Matrix right = Matrix::Zero(1, 9);
    right(0, 5) = 2;     // W[0, 0, u=1, v=2]: y[i, j] = 2 x[i, j + 1]
    Matrix shiftedLeft(9, 1);
    shiftedLeft << 4, 6, 0, 10, 12, 0, 16, 18, 0;
    QTest::newRow("right tap") << right << shiftedLeft;
}

void TestConv2d::forwardByHand() {
    QFETCH(Matrix, filter);
    QFETCH(Matrix, expected);
    core::Conv2d conv(Shape::image(1, 3, 3), {1, 3, 1, 1, true});
    conv.weight() = filter;
    conv.bias()(0) = 0.0f;
    QVERIFY_IDENTICAL(conv.forward(oneToNine()), expected);
    conv.bias()(0) = 0.5f;
    QVERIFY_IDENTICAL(conv.forward(oneToNine()), Matrix(expected.array() + 0.5f));
}

void TestConv2d::table_data() {
    QTest::addColumn<int>("cin");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("cout");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("padding");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("batch");
    QTest::newRow("3x3 s1 p1") << 2 << 5 << 5 << 3 << 3 << 1 << 1 << true << 2;
    QTest::newRow("3x3 s2 p1 odd") << 2 << 7 << 7 << 3 << 3 << 2 << 1 << true << 2;
    QTest::newRow("1x1 s2 p0") << 3 << 6 << 6 << 4 << 1 << 2 << 0 << false << 2;
    QTest::newRow("non-square 5x7") << 2 << 5 << 7 << 2 << 3 << 1 << 1 << false << 2;
    QTest::newRow("5x5 p2") << 1 << 6 << 6 << 2 << 5 << 1 << 2 << true << 1;
    QTest::newRow("3x3 valid") << 2 << 5 << 4 << 2 << 3 << 1 << 0 << true << 3;
}

void TestConv2d::forwardMatchesDefinition() {
    const auto [in, o, batch] = fetchCase();
    core::Conv2d conv(in, o);
    testsupport::randomizeParams(conv, 31);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 32);
    QVERIFY_NEAR(conv.forward(x), naiveConv(x, in, conv.weight(), conv.bias(), o), 1e-5);
}

void TestConv2d::gradients() {
    const auto [in, o, batch] = fetchCase();
    core::Conv2d conv(in, o);
    testsupport::randomizeParams(conv, 41);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 42);
    const Matrix G = testsupport::randomMatrix(conv.outputShape().size(), batch, 43);
    const auto dx = testsupport::checkInputGradient(conv, x, G);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(conv, x, G);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestConv2d::backwardAccumulates() {
    const Shape in = Shape::image(2, 5, 6);
    core::Conv2d conv(in, {3, 3, 2, 1, true});
    testsupport::randomizeParams(conv, 51);
    const Matrix x = testsupport::randomMatrix(in.size(), 3, 52);
    const Matrix G = testsupport::randomMatrix(conv.outputShape().size(), 3, 53);
    QVERIFY(testsupport::accumulationError(conv, x, G) < 1e-6);
}

// im2col's chunks: layers whose receptive fields fill the chunk budget with one or a few
// samples, or batches split four ways, so the batch runs in several chunks, the last one
// partial. (Winograd's chunks: winogradMatchesDefinition below.)
void TestConv2d::manyChunksMatchDefinition_data() {
    table_data();
    QTest::newRow("16x32x32: one sample a chunk") << 16 << 32 << 32 << 4 << 3 << 1 << 1 << true << 5;
    QTest::newRow("16x33x33 s2: 13 samples in chunks of 3 and 4") << 16 << 33 << 33 << 3 << 3 << 2 << 1 << false << 13;
    QTest::newRow("8x40x40 1x1: 45 samples in chunks of 11 and 12") << 8 << 40 << 40 << 2 << 1 << 1 << 0 << true << 45;
}

void TestConv2d::manyChunksMatchDefinition() {
    const auto [in, o, batch] = fetchCase();
    core::Conv2d conv(in, o);
    conv.setAlgorithm(core::Conv2d::Algorithm::Im2col);
    testsupport::randomizeParams(conv, 61);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 62);
    const Matrix dy = testsupport::randomMatrix(conv.outputShape().size(), batch, 63);
    QVERIFY_NEAR(conv.forward(x), naiveConv(x, in, conv.weight(), conv.bias(), o), 1e-4);
    Matrix dx, dW;
    Vector db;
    naiveConvBackward(x, in, conv.weight(), dy, o, dx, dW, db);
    QVERIFY_NEAR(conv.backward(dy), dx, 1e-4);
    const auto grads = conv.params();
    QVERIFY_NEAR(Eigen::Map<const Matrix>(grads[0].grad.data(), dW.rows(), dW.cols()), dW, 1e-3);
    if (o.bias)
        QVERIFY_NEAR(Eigen::Map<const Vector>(grads[1].grad.data(), db.size()), db, 1e-3);
}

void TestConv2d::algorithmFollowsShape() {
    using Algorithm = core::Conv2d::Algorithm;
    QCOMPARE(core::Conv2d(Shape::image(16, 8, 8), {16, 3, 1, 1, false}).algorithm(), Algorithm::Winograd);
    QCOMPARE(core::Conv2d(Shape::image(4, 5, 7), {3, 3, 1, 0, true}).algorithm(), Algorithm::Winograd);
    QCOMPARE(core::Conv2d(Shape::image(3, 8, 8), {16, 3, 1, 1, false}).algorithm(), Algorithm::Im2col);  // a stem
    QCOMPARE(core::Conv2d(Shape::image(16, 8, 8), {32, 3, 2, 1, false}).algorithm(), Algorithm::Im2col); // stride 2
    QCOMPARE(core::Conv2d(Shape::image(16, 8, 8), {32, 1, 2, 0, false}).algorithm(), Algorithm::Im2col); // 1x1
    QCOMPARE(core::Conv2d(Shape::image(16, 8, 8), {4, 5, 1, 2, false}).algorithm(), Algorithm::Im2col);  // 5x5
    core::Conv2d conv(Shape::image(16, 8, 8), {16, 3, 1, 1, false});
    conv.setAlgorithm(Algorithm::Im2col);
    QCOMPARE(conv.algorithm(), Algorithm::Im2col);
    conv.setAlgorithm(Algorithm::Winograd);
    QCOMPARE(conv.algorithm(), Algorithm::Winograd);
    core::Conv2d strided(Shape::image(16, 8, 8), {16, 3, 2, 1, false});
    strided.setAlgorithm(Algorithm::Winograd);   // does not apply: stays im2col
    QCOMPARE(strided.algorithm(), Algorithm::Im2col);
}

// Winograd F(4x4, 3x3) against the definition: y, dx, dW and db within 2e-5 of the largest
// reference value (its error in float is measured in test_winograd.cpp: at most 4.3e-6), over
// odd sizes, paddings 0 to 2, batch 1, channel counts that fill no vector register, and
// batches of several chunks.
void TestConv2d::winogradMatchesDefinition_data() {
    QTest::addColumn<int>("cin");
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("cout");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("padding");
    QTest::addColumn<bool>("bias");
    QTest::addColumn<int>("batch");
    QTest::newRow("4x5x5 p1, batch 1") << 4 << 5 << 5 << 3 << 3 << 1 << 1 << true << 1;
    QTest::newRow("5x7x9 p0, odd") << 5 << 7 << 9 << 6 << 3 << 1 << 0 << true << 3;
    QTest::newRow("6x6x5 p2") << 6 << 6 << 5 << 7 << 3 << 1 << 2 << false << 2;
    QTest::newRow("16x32x32 -> 4, several chunks") << 16 << 32 << 32 << 4 << 3 << 1 << 1 << true << 5;
    QTest::newRow("19x14x14 -> 17, no bias, several chunks") << 19 << 14 << 14 << 17 << 3 << 1 << 1 << false << 9;
    QTest::newRow("64x7x7 -> 64 (edge tiles)") << 64 << 7 << 7 << 64 << 3 << 1 << 1 << false << 4;
}

void TestConv2d::winogradMatchesDefinition() {
    const auto [in, o, batch] = fetchCase();
    core::Conv2d conv(in, o);
    QCOMPARE(conv.algorithm(), core::Conv2d::Algorithm::Winograd);
    testsupport::randomizeParams(conv, 81);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 82);
    const Matrix dy = testsupport::randomMatrix(conv.outputShape().size(), batch, 83);
    auto relative = [](const Matrix& got, const Matrix& want) {
        return testsupport::maxAbsDiff(got, want) / std::max(1e-30, double(want.cwiseAbs().maxCoeff()));
    };
    constexpr double kTol = 2e-5;
    const double ey = relative(conv.forward(x), naiveConv(x, in, conv.weight(), conv.bias(), o));
    QVERIFY2(ey <= kTol, qPrintable(QString("y: relative error %1").arg(ey)));
    Matrix dx, dW;
    Vector db;
    naiveConvBackward(x, in, conv.weight(), dy, o, dx, dW, db);
    const double ex = relative(conv.backward(dy), dx);
    QVERIFY2(ex <= kTol, qPrintable(QString("dx: relative error %1").arg(ex)));
    const auto grads = conv.params();
    const double eW = relative(Eigen::Map<const Matrix>(grads[0].grad.data(), dW.rows(), dW.cols()), dW);
    QVERIFY2(eW <= kTol, qPrintable(QString("dW: relative error %1").arg(eW)));
    if (o.bias) {
        const double eb = relative(Eigen::Map<const Vector>(grads[1].grad.data(), db.size()), db);
        QVERIFY2(eb <= kTol, qPrintable(QString("db: relative error %1").arg(eb)));
    }
}

void TestConv2d::winogradBackwardAccumulates() {
    const Shape in = Shape::image(6, 7, 5);
    core::Conv2d conv(in, {5, 3, 1, 1, true});
    QCOMPARE(conv.algorithm(), core::Conv2d::Algorithm::Winograd);
    testsupport::randomizeParams(conv, 91);
    const Matrix x = testsupport::randomMatrix(in.size(), 3, 92);
    const Matrix G = testsupport::randomMatrix(conv.outputShape().size(), 3, 93);
    QVERIFY(testsupport::accumulationError(conv, x, G) < 1e-6);
}

void TestConv2d::threadCountDoesNotChangeResults_data() {
    QTest::addColumn<core::Conv2d::Algorithm>("algorithm");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::newRow("Winograd 3x3") << core::Conv2d::Algorithm::Winograd << 3 << 1;
    QTest::newRow("im2col 3x3") << core::Conv2d::Algorithm::Im2col << 3 << 1;
    QTest::newRow("im2col 1x1 s2") << core::Conv2d::Algorithm::Im2col << 1 << 2;
}

// Chunks are fixed by the shapes and the batch size, and the weight gradient is summed in
// chunk order, so one thread and two give the same bits.
void TestConv2d::threadCountDoesNotChangeResults() {
    QFETCH(core::Conv2d::Algorithm, algorithm);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    const Shape in = Shape::image(16, 32, 32);
    const Matrix x = testsupport::randomMatrix(in.size(), 7, 72);
    auto run = [&](int threads, Matrix& y, Matrix& dx, Matrix& dW) {
        const int before = Eigen::nbThreads();
        Eigen::setNbThreads(threads);
        core::Conv2d conv(in, {8, kernel, stride, kernel / 2, true});
        conv.setAlgorithm(algorithm);
        QCOMPARE(conv.algorithm(), algorithm);
        testsupport::randomizeParams(conv, 71);
        y = conv.forward(x);
        dx = conv.backward(testsupport::randomMatrix(y.rows(), y.cols(), 73));
        dW = Eigen::Map<const Matrix>(conv.params()[0].grad.data(), conv.weight().rows(), conv.weight().cols());
        Eigen::setNbThreads(before);
    };
    Matrix y1, dx1, dW1, y2, dx2, dW2;
    run(1, y1, dx1, dW1);
    run(2, y2, dx2, dW2);
    QVERIFY_IDENTICAL(y1, y2);
    QVERIFY_IDENTICAL(dx1, dx2);
    QVERIFY_IDENTICAL(dW1, dW2);
}

// How the conv layers cut a batch for the threads: every sample in exactly one chunk, in order,
// no chunk above the budget, sizes within one of each other, at least four chunks when the
// batch allows and an even count unless every chunk is one sample.
void TestConv2d::batchSplit() {
    for (Eigen::Index batch : {0, 1, 2, 3, 5, 7, 13, 32, 45, 128, 129})
        for (Eigen::Index budget : {1, 2, 3, 4, 7, 8, 20, 1000}) {
            const core::BatchChunks split = core::splitBatch(batch, budget);
            const QString where = QString("batch %1, budget %2").arg(batch).arg(budget);
            if (batch == 0) {
                QCOMPARE(split.count, Eigen::Index(0));
                continue;
            }
            Eigen::Index next = 0, smallest = batch, largest = 0;
            for (Eigen::Index i = 0; i < split.count; ++i) {
                QVERIFY2(split.begin(i) == next, qPrintable(where));
                const Eigen::Index n = split.end(i) - split.begin(i);
                smallest = std::min(smallest, n);
                largest = std::max(largest, n);
                next = split.end(i);
            }
            QVERIFY2(next == batch, qPrintable(where));
            QVERIFY2(smallest >= 1 && largest - smallest <= 1 && largest <= budget, qPrintable(where));
            QCOMPARE(split.largest(), largest);
            QVERIFY2(split.count >= std::min<Eigen::Index>(batch, 4), qPrintable(where));
            QVERIFY2(split.count % 2 == 0 || split.count == batch, qPrintable(where));
        }
    // ResNet-20's first stage on 3x32x32 at batch 32 fits 3 samples a chunk: 12 chunks of
    // 2 or 3 samples, 16 samples for each of two threads, not 3 x 10 + 2.
    const core::BatchChunks stage1 = core::splitBatch(32, 3);
    QCOMPARE(stage1.count, Eigen::Index(12));
    Eigen::Index even = 0;
    for (Eigen::Index i = 0; i < stage1.count; i += 2)
        even += stage1.end(i) - stage1.begin(i);
    QCOMPARE(even, Eigen::Index(16));
}

QTEST_APPLESS_MAIN(TestConv2d)
#include "test_conv2d.moc"
