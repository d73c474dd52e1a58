// tests/core/test_blocks.cpp: PlainBlock, out = g(F(x)), and ResidualBlock, out = g(F(x) + S(x))
// (He et al. 2015 eq. 1 and 2), built from BlockSpecs as the builder builds them: basic blocks
// of dense or conv units, longer spans, bottlenecks, projection and zero-padding shortcuts.
#include <QtTest>

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/check.h"
#include "core/layers/dense.h"
#include "core/shortcuts/identity.h"
#include "core/spec/build_network.h"
#include "support/gradient_check.h"

using core::BlockKind;
using core::BlockSpec;
using core::Matrix;
using core::Shape;
using core::ShortcutKind;

Q_DECLARE_METATYPE(core::BlockSpec)
Q_DECLARE_METATYPE(core::Shape)

namespace {

BlockSpec block(int width, ShortcutKind shortcut, int span = 2, int stride = 1, bool batchNorm = true) {
    BlockSpec b;
    b.width = width;
    b.shortcut = shortcut;
    b.span = span;
    b.stride = stride;
    b.batchNorm = batchNorm;
    return b;
}

BlockSpec bottleneck(int width, int reduced, ShortcutKind shortcut, int stride = 1) {
    BlockSpec b = block(width, shortcut, 2, stride);
    b.kind = BlockKind::Bottleneck;
    b.bottleneckWidth = reduced;
    return b;
}

std::vector<std::string> paramNames(core::Layer& layer) {
    std::vector<std::string> out;
    for (const auto& v : layer.params())
        out.push_back(v.name);
    return out;
}

std::vector<std::string> bufferNames(core::Layer& layer) {
    std::vector<std::string> out;
    for (const auto& v : layer.buffers())
        out.push_back(v.name);
    return out;
}

// |N(0, 1)| + 1e-3: a strictly positive input, as a block receives after a ReLU.
Matrix positive(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
    return (testsupport::randomMatrix(rows, cols, seed).array().abs() + 1e-3f).matrix();
}

}  // namespace

class TestBlocks : public QObject {
    Q_OBJECT

private slots:
    void blocks_data();
    void kindsAndShapes_data() { blocks_data(); }
    void kindsAndShapes();
    void forwardAddsBranchAndShortcut_data() { blocks_data(); }
    void forwardAddsBranchAndShortcut();
    void gradients_data() { blocks_data(); }
    void gradients();
    void backwardAccumulates_data() { blocks_data(); }
    void backwardAccumulates();
    void parameterNames_data();
    void parameterNames();
    void identityShortcutPassesDsum_data();
    void identityShortcutPassesDsum();
    void zeroBranchIsIdentity_data();
    void zeroBranchIsIdentity();
    void zeroBranchGradientStillFlows();
    void zeroBranchWithProjection();
    void mismatchedShortcutThrows();
};

void TestBlocks::blocks_data() {
    QTest::addColumn<BlockSpec>("spec");
    QTest::addColumn<Shape>("in");
    QTest::addColumn<Shape>("out");
    QTest::addColumn<int>("batch");
    const Shape v6 = Shape::vector(6);
    QTest::newRow("plain dense") << block(6, ShortcutKind::None) << v6 << v6 << 4;
    QTest::newRow("residual dense identity") << block(6, ShortcutKind::Identity) << v6 << v6 << 4;
    QTest::newRow("residual dense span 3") << block(6, ShortcutKind::Identity, 3) << v6 << v6 << 4;
    QTest::newRow("residual dense span 1") << block(6, ShortcutKind::Identity, 1) << v6 << v6 << 4;
    QTest::newRow("residual dense no BN") << block(6, ShortcutKind::Identity, 2, 1, false) << v6 << v6 << 3;
    BlockSpec tanh = block(6, ShortcutKind::Identity);
    tanh.activation = core::Activation::Tanh;
    QTest::newRow("residual dense tanh") << tanh << v6 << v6 << 4;
    QTest::newRow("residual dense projection 4->6")
        << block(6, ShortcutKind::Projection) << Shape::vector(4) << v6 << 5;
    QTest::newRow("residual dense zero pad 4->6")
        << block(6, ShortcutKind::ZeroPad) << Shape::vector(4) << v6 << 4;
    QTest::newRow("plain conv") << block(3, ShortcutKind::None) << Shape::image(3, 5, 5)
                                << Shape::image(3, 5, 5) << 2;
    QTest::newRow("residual conv identity") << block(3, ShortcutKind::Identity) << Shape::image(3, 5, 5)
                                            << Shape::image(3, 5, 5) << 2;
    QTest::newRow("residual conv projection s2 2->4")
        << block(4, ShortcutKind::Projection, 2, 2) << Shape::image(2, 6, 6) << Shape::image(4, 3, 3) << 2;
    QTest::newRow("residual conv zero pad s2 2->4")
        << block(4, ShortcutKind::ZeroPad, 2, 2) << Shape::image(2, 6, 5) << Shape::image(4, 3, 3) << 2;
    QTest::newRow("bottleneck identity") << bottleneck(8, 2, ShortcutKind::Identity) << Shape::image(8, 4, 4)
                                         << Shape::image(8, 4, 4) << 2;
    QTest::newRow("bottleneck projection s2 4->8")
        << bottleneck(8, 2, ShortcutKind::Projection, 2) << Shape::image(4, 5, 5) << Shape::image(8, 3, 3) << 2;
}

void TestBlocks::kindsAndShapes() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(Shape, out);
    QFETCH(int, batch);
    auto b = core::buildBlock(spec, in);
    QCOMPARE(b->inputShape(), in);
    QCOMPARE(b->outputShape(), out);
    QCOMPARE(b->kind(), std::string_view(spec.residual() ? "ResidualBlock" : "PlainBlock"));
    std::vector<std::string> children;
    for (const auto& c : b->children())
        children.push_back(c.name);
    if (spec.residual())
        QCOMPARE(children, (std::vector<std::string>{"branch", "shortcut", "out"}));
    else
        QCOMPARE(children, (std::vector<std::string>{"branch", "out"}));
    const Matrix y = b->forward(testsupport::randomMatrix(in.size(), batch, 1));
    QCOMPARE(y.rows(), out.size());
    QCOMPARE(y.cols(), Eigen::Index(batch));
    QVERIFY_IDENTICAL(b->output(), y);
}

// out = g(branchOutput + shortcutOutput) exactly, and the probes show F(x) and S(x).
void TestBlocks::forwardAddsBranchAndShortcut() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(int, batch);
    auto b = core::buildBlock(spec, in);
    testsupport::randomizeParams(*b, 141);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 142);
    const Matrix y = b->forward(x);
    const auto g = core::makeActivation(spec.activation, b->outputShape());
    if (auto* residual = dynamic_cast<core::ResidualBlock*>(b.get())) {
        QVERIFY_IDENTICAL(residual->branchOutput(), residual->branch().output());
        QVERIFY_IDENTICAL(residual->shortcutOutput(), residual->shortcut().output());
        if (spec.shortcut == ShortcutKind::Identity)
            QVERIFY_IDENTICAL(residual->shortcutOutput(), x);
        const Matrix sum = residual->branchOutput() + residual->shortcutOutput();
        QVERIFY_IDENTICAL(y, g->forward(sum));
    } else {
        auto* plain = dynamic_cast<core::PlainBlock*>(b.get());
        QVERIFY(plain);
        QVERIFY_IDENTICAL(plain->branchOutput(), plain->branch().output());
        const Matrix branchOut = plain->branchOutput();
        QVERIFY_IDENTICAL(y, g->forward(branchOut));
    }
}

void TestBlocks::gradients() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(int, batch);
    auto b = core::buildBlock(spec, in);
    testsupport::randomizeParams(*b, 151);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 152);
    const Matrix G = testsupport::randomMatrix(b->outputShape().size(), batch, 153);
    // h = 1e-3: with random BN parameters and small batches the branch is strongly curved, and
    // a smaller step also crosses fewer ReLU kinks; float rounding stays below ~5e-3 here.
    const auto dx = testsupport::checkInputGradient(*b, x, G, 1e-3f);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(*b, x, G, 1e-3f);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestBlocks::backwardAccumulates() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(int, batch);
    auto b = core::buildBlock(spec, in);
    testsupport::randomizeParams(*b, 161);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 162);
    const Matrix G = testsupport::randomMatrix(b->outputShape().size(), batch, 163);
    QVERIFY(!b->params().empty());
    QVERIFY(testsupport::accumulationError(*b, x, G) < 1e-5);
}

// nn.Sequential numbering: a ReLU takes an index, so the second weighted layer is "branch.3".
void TestBlocks::parameterNames_data() {
    QTest::addColumn<BlockSpec>("spec");
    QTest::addColumn<Shape>("in");
    QTest::addColumn<std::vector<std::string>>("params");
    QTest::addColumn<std::vector<std::string>>("buffers");
    using Names = std::vector<std::string>;
    QTest::newRow("mlp identity") << block(6, ShortcutKind::Identity) << Shape::vector(6)
        << Names{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma", "branch.4.beta"}
        << Names{"branch.1.running_mean", "branch.1.running_var", "branch.4.running_mean", "branch.4.running_var"};
    QTest::newRow("mlp plain") << block(6, ShortcutKind::None) << Shape::vector(6)
        << Names{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma", "branch.4.beta"}
        << Names{"branch.1.running_mean", "branch.1.running_var", "branch.4.running_mean", "branch.4.running_var"};
    QTest::newRow("mlp span 3") << block(6, ShortcutKind::Identity, 3) << Shape::vector(6)
        << Names{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma", "branch.4.beta",
                 "branch.6.W", "branch.7.gamma", "branch.7.beta"}
        << Names{"branch.1.running_mean", "branch.1.running_var", "branch.4.running_mean", "branch.4.running_var",
                 "branch.7.running_mean", "branch.7.running_var"};
    QTest::newRow("mlp without BN") << block(6, ShortcutKind::Identity, 2, 1, false) << Shape::vector(6)
        << Names{"branch.0.W", "branch.0.b", "branch.2.W", "branch.2.b"} << Names{};
    QTest::newRow("conv projection") << block(8, ShortcutKind::Projection, 2, 2) << Shape::image(4, 6, 6)
        << Names{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma", "branch.4.beta",
                 "shortcut.0.W", "shortcut.1.gamma", "shortcut.1.beta"}
        << Names{"branch.1.running_mean", "branch.1.running_var", "branch.4.running_mean", "branch.4.running_var",
                 "shortcut.1.running_mean", "shortcut.1.running_var"};
    QTest::newRow("bottleneck") << bottleneck(8, 2, ShortcutKind::Identity) << Shape::image(8, 5, 5)
        << Names{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma", "branch.4.beta",
                 "branch.6.W", "branch.7.gamma", "branch.7.beta"}
        << Names{"branch.1.running_mean", "branch.1.running_var", "branch.4.running_mean", "branch.4.running_var",
                 "branch.7.running_mean", "branch.7.running_var"};
}

void TestBlocks::parameterNames() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(std::vector<std::string>, params);
    QFETCH(std::vector<std::string>, buffers);
    auto b = core::buildBlock(spec, in);
    QCOMPARE(paramNames(*b), params);
    QCOMPARE(bufferNames(*b), buffers);
}

// With an identity shortcut, the gradient that reaches the input through the shortcut is dsum
// (dy masked by the output ReLU) itself, and dx = dsum + the branch's contribution.
void TestBlocks::identityShortcutPassesDsum_data() {
    QTest::addColumn<BlockSpec>("spec");
    QTest::addColumn<Shape>("in");
    QTest::newRow("dense") << block(6, ShortcutKind::Identity) << Shape::vector(6);
    QTest::newRow("conv") << block(3, ShortcutKind::Identity) << Shape::image(3, 4, 4);
    QTest::newRow("bottleneck") << bottleneck(8, 2, ShortcutKind::Identity) << Shape::image(8, 3, 3);
}

void TestBlocks::identityShortcutPassesDsum() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    auto b = core::buildBlock(spec, in);
    auto* residual = dynamic_cast<core::ResidualBlock*>(b.get());
    QVERIFY(residual);
    testsupport::randomizeParams(*b, 171);
    b->setProbing(true);
    const Matrix x = testsupport::randomMatrix(in.size(), 3, 172);
    const Matrix dy = testsupport::randomMatrix(in.size(), 3, 173);
    const Matrix y = b->forward(x);
    const Matrix dx = b->backward(dy);
    const Matrix dsum = (y.array() > 0.0f).select(dy, 0.0f);
    QVERIFY_IDENTICAL(residual->inputGradViaShortcut(), dsum);
    QVERIFY_IDENTICAL(dx, Matrix(residual->inputGradViaBranch() + dsum));
    QVERIFY(residual->inputGradViaBranch().cwiseAbs().maxCoeff() > 0.0f);
}

// zeroBranch() makes F(x) = 0, so on a non-negative input the block is the identity, bit for bit,
// and the gradient passes through unchanged: dx = dy.
void TestBlocks::zeroBranchIsIdentity_data() {
    QTest::addColumn<BlockSpec>("spec");
    QTest::addColumn<Shape>("in");
    QTest::newRow("dense BN") << block(6, ShortcutKind::Identity) << Shape::vector(6);
    QTest::newRow("dense without BN") << block(6, ShortcutKind::Identity, 2, 1, false) << Shape::vector(6);
    QTest::newRow("dense span 3") << block(5, ShortcutKind::Identity, 3) << Shape::vector(5);
    QTest::newRow("conv BN") << block(3, ShortcutKind::Identity) << Shape::image(3, 4, 4);
    QTest::newRow("conv without BN") << block(3, ShortcutKind::Identity, 2, 1, false) << Shape::image(3, 4, 4);
    QTest::newRow("bottleneck") << bottleneck(8, 2, ShortcutKind::Identity) << Shape::image(8, 3, 3);
}

void TestBlocks::zeroBranchIsIdentity() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    auto b = core::buildBlock(spec, in);
    auto* residual = dynamic_cast<core::ResidualBlock*>(b.get());
    QVERIFY(residual);
    testsupport::randomizeParams(*b, 181);
    residual->zeroBranch();
    const Matrix x = positive(in.size(), 4, 182);
    QVERIFY_IDENTICAL(b->forward(x), x);
    QVERIFY_IDENTICAL(residual->branchOutput(), Matrix::Zero(in.size(), 4));
    const Matrix dy = testsupport::randomMatrix(in.size(), 4, 183);
    testsupport::zeroParamGrads(*b);
    QVERIFY_IDENTICAL(b->backward(dy), dy);
}

// After zeroBranch the block can still learn to leave the identity: the last BN's beta receives
// the batch sum of dy (everything before it is cut off by gamma = 0). Stacked zeroed blocks pass
// the gradient to the first layer unchanged, which is the point of the skip.
void TestBlocks::zeroBranchGradientStillFlows() {
    auto first = core::buildBlock(block(6, ShortcutKind::Identity), Shape::vector(6));
    auto second = core::buildBlock(block(6, ShortcutKind::Identity), Shape::vector(6));
    for (auto* b : {first.get(), second.get()}) {
        testsupport::randomizeParams(*b, 191);
        static_cast<core::ResidualBlock*>(b)->zeroBranch();
        testsupport::zeroParamGrads(*b);
    }
    const Matrix x = positive(6, 4, 192);
    const Matrix dy = testsupport::randomMatrix(6, 4, 193);
    QVERIFY_IDENTICAL(second->forward(first->forward(x)), x);
    QVERIFY_IDENTICAL(first->backward(second->backward(dy)), dy);
    for (core::ParamView& p : first->params()) {
        if (p.name == "branch.4.beta")
            QVERIFY_NEAR(p.grad, dy.rowwise().sum(), 1e-6);
        else
            QVERIFY2((p.grad.array() == 0.0f).all(), p.name.c_str());
    }
}

// With a projection the zeroed block computes g(S(x)).
void TestBlocks::zeroBranchWithProjection() {
    auto b = core::buildBlock(block(4, ShortcutKind::Projection, 2, 2), Shape::image(2, 6, 6));
    auto* residual = static_cast<core::ResidualBlock*>(b.get());
    testsupport::randomizeParams(*b, 201);
    residual->zeroBranch();
    const Matrix x = testsupport::randomMatrix(72, 3, 202);
    const Matrix y = b->forward(x);
    const Matrix shortcut = residual->shortcutOutput();
    QVERIFY_IDENTICAL(y, Matrix(shortcut.cwiseMax(0.0f)));
}

void TestBlocks::mismatchedShortcutThrows() {
    auto branch = std::make_unique<core::Sequential>(Shape::vector(6));
    branch->emplace<core::Dense>(6, 8, true);
    QVERIFY_THROWS_EXCEPTION(core::ContractError,
                             core::ResidualBlock(std::move(branch), std::make_unique<core::Identity>(Shape::vector(6))));
}

QTEST_APPLESS_MAIN(TestBlocks)
#include "test_blocks.moc"
