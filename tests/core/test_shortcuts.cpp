// tests/core/test_shortcuts.cpp: the shortcut S(x) of a residual block: identity (He et al.
// 2015 eq. 1), projection W_s x as a 1x1 conv or dense layer followed by BN (eq. 2), and the
// parameter-free option A zero padding.
#include <QtTest>

#include "core/blocks/residual_block.h"
#include "core/check.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/sequential.h"
#include "core/shortcuts/identity.h"
#include "core/shortcuts/projection.h"
#include "core/shortcuts/zero_pad.h"
#include "core/spec/build_network.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::Shape;

namespace {

std::vector<std::string> names(const std::vector<core::ParamView>& views) {
    std::vector<std::string> out;
    for (const auto& v : views)
        out.push_back(v.name);
    return out;
}

}  // namespace

class TestShortcuts : public QObject {
    Q_OBJECT

private slots:
    void identityPassesThrough();
    void projection_data();
    void projection();
    void projectionWithoutBatchNormHasABias();
    void projectionInsideBlockIsNamedShortcut();
    void zeroPadForwardByHand();
    void zeroPadBackwardByHand();
    void zeroPadShapes_data();
    void zeroPadShapes();
    void zeroPadGradient_data() { zeroPadShapes_data(); }
    void zeroPadGradient();
    void zeroPadRejectsFewerChannels();
    void residualJoinSplitOverThreads_data();
    void residualJoinSplitOverThreads();
};

void TestShortcuts::identityPassesThrough() {
    core::Identity id(Shape::image(2, 3, 3));
    QCOMPARE(id.outputShape(), Shape::image(2, 3, 3));
    QCOMPARE(id.kind(), std::string_view("Identity"));
    QVERIFY(id.params().empty());
    const Matrix x = testsupport::randomMatrix(18, 4, 101);
    QVERIFY_IDENTICAL(id.forward(x), x);
    QVERIFY_IDENTICAL(id.output(), x);
    const Matrix dy = testsupport::randomMatrix(18, 4, 102);
    QVERIFY_IDENTICAL(id.backward(dy), dy);   // dx = dy: the gradient reaches the input unchanged
}

void TestShortcuts::projection_data() {
    QTest::addColumn<bool>("spatial");
    QTest::addColumn<int>("inChannels");
    QTest::addColumn<int>("outChannels");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("batch");
    QTest::newRow("conv1x1 s2 4->8 on 6x6") << true << 4 << 8 << 2 << 2;
    QTest::newRow("conv1x1 s1 3->5 on 6x6") << true << 3 << 5 << 1 << 2;
    QTest::newRow("conv1x1 s2 2->4 on odd 5x5") << true << 2 << 4 << 2 << 3;
    QTest::newRow("dense 4->6") << false << 4 << 6 << 1 << 5;
}

void TestShortcuts::projection() {
    QFETCH(bool, spatial);
    QFETCH(int, inChannels);
    QFETCH(int, outChannels);
    QFETCH(int, stride);
    QFETCH(int, batch);
    const int side = (inChannels == 2) ? 5 : 6;
    const Shape in = spatial ? Shape::image(inChannels, side, side) : Shape::vector(inChannels);
    auto proj = core::makeProjection(in, outChannels, stride);   // 1x1 conv or dense, no bias, then BN
    const int outSide = (side + stride - 1) / stride;
    QCOMPARE(proj->outputShape(), spatial ? Shape::image(outChannels, outSide, outSide) : Shape::vector(outChannels));
    QCOMPARE(names(proj->params()), (std::vector<std::string>{"0.W", "1.gamma", "1.beta"}));
    testsupport::randomizeParams(*proj, 111);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 112);
    const Matrix G = testsupport::randomMatrix(proj->outputShape().size(), batch, 113);
    const auto dx = testsupport::checkInputGradient(*proj, x, G);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(*proj, x, G);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
    QVERIFY(testsupport::accumulationError(*proj, x, G) < 1e-6);
}

// Without batch norm nothing cancels a bias, so W_s gets one (as every weighted layer does).
void TestShortcuts::projectionWithoutBatchNormHasABias() {
    auto conv = core::makeProjection(Shape::image(4, 6, 6), 8, 2, false);
    QCOMPARE(names(conv->params()), (std::vector<std::string>{"0.W", "0.b"}));
    QCOMPARE(conv->at(0).kind(), std::string_view("Conv2d"));
    QCOMPARE(conv->outputShape(), Shape::image(8, 3, 3));
    auto dense = core::makeProjection(Shape::vector(3), 6, 1, false);
    QCOMPARE(names(dense->params()), (std::vector<std::string>{"0.W", "0.b"}));
    QCOMPARE(dense->at(0).kind(), std::string_view("Dense"));
}

void TestShortcuts::projectionInsideBlockIsNamedShortcut() {
    core::BlockSpec spec;
    spec.width = 8;
    spec.stride = 2;
    spec.shortcut = core::ShortcutKind::Projection;
    auto block = core::buildBlock(spec, Shape::image(4, 6, 6));
    auto* residual = dynamic_cast<core::ResidualBlock*>(block.get());
    QVERIFY(residual);
    QCOMPARE(residual->shortcut().outputShape(), Shape::image(8, 3, 3));
    const std::vector<std::string> all = names(block->params());
    for (const char* name : {"shortcut.0.W", "shortcut.1.gamma", "shortcut.1.beta"})
        QVERIFY2(std::find(all.begin(), all.end(), name) != all.end(), name);
    QCOMPARE(residual->shortcut().params().front().value.size(), Eigen::Index(8 * 4));   // 1x1, no bias
    // A block of vectors projects with a dense layer.
    spec.width = 6;
    auto dense = core::buildBlock(spec, Shape::vector(3));
    auto* denseBlock = dynamic_cast<core::ResidualBlock*>(dense.get());
    QVERIFY(denseBlock);
    QCOMPARE(denseBlock->shortcut().params().front().name, std::string("0.W"));
    QCOMPARE(denseBlock->shortcut().params().front().value.size(), Eigen::Index(6 * 3));
}

// One 4x4 channel holding 0..15, stride 2, two output channels: keeps x[::2, ::2] =
// 0 2 8 10 and appends a zero channel.
void TestShortcuts::zeroPadForwardByHand() {
    core::ZeroPad pad(Shape::image(1, 4, 4), 2, 2);
    QCOMPARE(pad.outputShape(), Shape::image(2, 2, 2));
    QCOMPARE(pad.kind(), std::string_view("ZeroPad"));
    QVERIFY(pad.params().empty());
    Matrix x(16, 1);
    for (int i = 0; i < 16; ++i)
        x(i) = float(i);
    Matrix y(8, 1);
    y << 0, 2, 8, 10, 0, 0, 0, 0;
    QVERIFY_IDENTICAL(pad.forward(x), y);
}

void TestShortcuts::zeroPadBackwardByHand() {
    core::ZeroPad pad(Shape::image(1, 4, 4), 2, 2);
    pad.forward(Matrix::Zero(16, 1));
    Matrix dy(8, 1);
    dy << 1, 2, 3, 4, 5, 6, 7, 8;     // the gradient of the zero channel goes nowhere
    Matrix dx = Matrix::Zero(16, 1);
    dx(0) = 1;
    dx(2) = 2;
    dx(8) = 3;
    dx(10) = 4;
    QVERIFY_IDENTICAL(pad.backward(dy), dx);
}

void TestShortcuts::zeroPadShapes_data() {
    QTest::addColumn<bool>("spatial");
    QTest::addColumn<int>("inChannels");
    QTest::addColumn<int>("side");
    QTest::addColumn<int>("outChannels");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("outSide");
    QTest::newRow("4x6x6 -> 8x3x3") << true << 4 << 6 << 8 << 2 << 3;
    QTest::newRow("odd 2x5x5 -> 4x3x3") << true << 2 << 5 << 4 << 2 << 3;
    QTest::newRow("stride 1, more channels") << true << 2 << 4 << 3 << 1 << 4;
    QTest::newRow("vector 3 -> 5") << false << 3 << 1 << 5 << 1 << 1;
}

void TestShortcuts::zeroPadShapes() {
    QFETCH(bool, spatial);
    QFETCH(int, inChannels);
    QFETCH(int, side);
    QFETCH(int, outChannels);
    QFETCH(int, stride);
    QFETCH(int, outSide);
    const Shape in = spatial ? Shape::image(inChannels, side, side) : Shape::vector(inChannels);
    const Shape out = spatial ? Shape::image(outChannels, outSide, outSide) : Shape::vector(outChannels);
    QCOMPARE(core::ZeroPad::outputShapeFor(in, outChannels, stride), out);
    core::ZeroPad pad(in, outChannels, stride);
    QCOMPARE(pad.outputShape(), out);
    // Definition: y[c, i, j] = x[c, s i, s j] for c < C_in, 0 for the appended channels.
    const Matrix x = testsupport::randomMatrix(in.size(), 2, 121);
    const Matrix y = pad.forward(x);
    Matrix expected = Matrix::Zero(out.size(), 2);
    for (int b = 0; b < 2; ++b)
        for (int c = 0; c < inChannels; ++c)
            for (int i = 0; i < out.height; ++i)
                for (int j = 0; j < out.width; ++j)
                    expected((c * out.height + i) * out.width + j, b) =
                        x((c * in.height + stride * i) * in.width + stride * j, b);
    QVERIFY_IDENTICAL(y, expected);
}

void TestShortcuts::zeroPadGradient() {
    QFETCH(bool, spatial);
    QFETCH(int, inChannels);
    QFETCH(int, side);
    QFETCH(int, outChannels);
    QFETCH(int, stride);
    const Shape in = spatial ? Shape::image(inChannels, side, side) : Shape::vector(inChannels);
    core::ZeroPad pad(in, outChannels, stride);
    const Matrix x = testsupport::randomMatrix(in.size(), 2, 131);
    const Matrix G = testsupport::randomMatrix(pad.outputShape().size(), 2, 132);
    const auto r = testsupport::checkInputGradient(pad, x, G);
    QVERIFY2(r.ok(1e-3), r.describe().c_str());
}

void TestShortcuts::zeroPadRejectsFewerChannels() {
    QVERIFY_THROWS_EXCEPTION(core::ContractError, core::ZeroPad(Shape::image(4, 6, 6), 2, 2));
}

// The residual join (F(x) + S(x), the paths' gradients added) and the zero-pad shortcut run over
// the samples on the layer's threads, and the identity shortcut's backward is folded into the
// addition when nothing probes it. Image blocks large enough to be split: the same bits with one
// thread and two, probing or not, and the definition dx = F'(x)^T dsum + S'(x)^T dsum.
void TestShortcuts::residualJoinSplitOverThreads_data() {
    QTest::addColumn<int>("kind");   // core::ShortcutKind
    QTest::addColumn<int>("stride");
    QTest::newRow("identity") << int(core::ShortcutKind::Identity) << 1;
    QTest::newRow("zero pad, stride 2") << int(core::ShortcutKind::ZeroPad) << 2;
}

void TestShortcuts::residualJoinSplitOverThreads() {
    QFETCH(int, kind);
    QFETCH(int, stride);
    core::BlockSpec spec;
    spec.width = 16;
    spec.stride = stride;
    spec.shortcut = core::ShortcutKind(kind);
    const Shape in = stride == 1 ? Shape::image(16, 16, 16) : Shape::image(8, 24, 24);
    const Eigen::Index batch = 37;   // odd: blocks of unequal size
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 141);
    Matrix y[2][2], dx[2][2], dxBranch, dxShortcut;
    for (int threads : {1, 2})
        for (int probing : {0, 1}) {
            const int before = Eigen::nbThreads();
            Eigen::setNbThreads(threads);
            auto block = core::buildBlock(spec, in);
            block->setTraining(true);
            block->setProbing(probing != 0);
            y[threads - 1][probing] = block->forward(x);
            const Matrix dy = testsupport::randomMatrix(block->outputShape().size(), batch, 142);
            dx[threads - 1][probing] = block->backprop(dy);
            Eigen::setNbThreads(before);
            if (probing) {
                auto* residual = dynamic_cast<core::ResidualBlock*>(block.get());
                QVERIFY(residual);
                dxBranch = residual->inputGradViaBranch();
                dxShortcut = residual->inputGradViaShortcut();
            }
        }
    QVERIFY(y[0][0].size() >= (Eigen::Index(1) << 16));
    for (int t = 0; t < 2; ++t)
        for (int p = 0; p < 2; ++p) {
            QVERIFY_IDENTICAL(y[t][p], y[0][0]);
            QVERIFY_IDENTICAL(dx[t][p], dx[0][0]);
        }
    QVERIFY_IDENTICAL(dx[0][0], Matrix(dxBranch + dxShortcut));
    QVERIFY(dxShortcut.cwiseAbs().maxCoeff() > 0.0f);
}

QTEST_APPLESS_MAIN(TestShortcuts)
#include "test_shortcuts.moc"
