// tests/core/test_block_design.cpp: the block-design variants as properties of a block (He et
// al. 2016 "Identity Mappings", Fig. 2 and 4; ReZero; SkipInit; Fixup): the layers each variant
// adds and their names, the forward formula of each, gradient checks, accumulation, and the
// identity at initialisation of ReZero, SkipInit and Fixup networks.
#include <QtTest>

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/init/initializer.h"
#include "core/layers/batch_norm.h"
#include "core/layers/dense.h"
#include "core/layers/scalar_multiplier.h"
#include "core/shortcuts/dropout.h"
#include "core/shortcuts/gated.h"
#include "core/shortcuts/scaled.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"
#include "support/gradient_check.h"

#include <cmath>

using core::BlockSpec;
using core::Matrix;
using core::Placement;
using core::ResidualScale;
using core::Shape;
using core::ShortcutKind;
using core::ShortcutVariant;

Q_DECLARE_METATYPE(core::BlockSpec)
Q_DECLARE_METATYPE(core::Shape)

namespace {

BlockSpec block(int width, Placement placement = Placement::Original, bool batchNorm = true) {
    BlockSpec b;
    b.width = width;
    b.batchNorm = batchNorm;
    b.design.placement = placement;
    return b;
}

BlockSpec variant(ShortcutVariant v) {
    BlockSpec b = block(6);
    b.design.shortcutVariant = v;
    return b;
}

BlockSpec scaled(ResidualScale scale, bool batchNorm, Placement placement = Placement::Original) {
    BlockSpec b = block(6, placement, batchNorm);
    b.design.residualScale = scale;
    b.design.alphaInit = 0.1;
    return b;
}

std::vector<std::string> names(const std::vector<core::ChildLayer>& children) {
    std::vector<std::string> out;
    for (const auto& c : children)
        out.push_back(c.name);
    return out;
}

std::vector<std::string> paramNames(core::Layer& layer) {
    std::vector<std::string> out;
    for (const auto& v : layer.params())
        out.push_back(v.name);
    return out;
}

// A keep mask of 0 and 1 / (1 - p), the same each time: the dropout shortcut then is a fixed
// linear map, as gradient checks need.
void fixDropoutMask(core::Layer& block, Eigen::Index batch) {
    auto* residual = dynamic_cast<core::ResidualBlock*>(&block);
    auto* dropout = residual ? dynamic_cast<core::DropoutShortcut*>(&residual->shortcut()) : nullptr;
    if (!dropout)
        return;
    dropout->reseed(3);
    dropout->forward(Matrix::Ones(dropout->inputShape().size(), batch));
    dropout->setFixedMask(dropout->mask());
}

}  // namespace

class TestBlockDesign : public QObject {
    Q_OBJECT

private slots:
    void variants_data();
    void gradients_data() { variants_data(); }
    void gradients();
    void backwardAccumulates_data() { variants_data(); }
    void backwardAccumulates();
    void forwardFormula_data() { variants_data(); }
    void forwardFormula();
    void parameterNames_data();
    void parameterNames();
    void unitOrderFollowsThePlacement_data();
    void unitOrderFollowsThePlacement();
    void preActivationZeroBranchIsExactlyTheIdentity();
    void gatedBypassKeepsTheGatedShortcut();
    void reZeroNetworkStartsAsTheIdentity();
    void skipInitStartsAtItsAlpha();
    void fixupInitialisation();
    void gateBiasAfterInitialisation();
    void dropoutIsReproducibleAndOffInEvaluation();
    void preActivationPresetsEndWithBnRelu();
    void plainTwinDropsWhatNeedsAShortcut();
};

void TestBlockDesign::variants_data() {
    QTest::addColumn<BlockSpec>("spec");
    QTest::addColumn<Shape>("in");
    QTest::addColumn<int>("batch");
    const Shape v6 = Shape::vector(6);
    const Shape img = Shape::image(3, 4, 4);
    QTest::newRow("(a) original") << block(6) << v6 << 4;
    QTest::newRow("(b) BN after addition") << block(6, Placement::BnAfterAddition) << v6 << 4;
    QTest::newRow("(c) ReLU before addition") << block(6, Placement::ReluBeforeAddition) << v6 << 4;
    QTest::newRow("(d) ReLU-only pre-activation") << block(6, Placement::ReluOnlyPreActivation) << v6 << 4;
    QTest::newRow("(e) full pre-activation") << block(6, Placement::FullPreActivation) << v6 << 4;
    QTest::newRow("(e) full pre-activation conv") << block(3, Placement::FullPreActivation) << img << 2;
    BlockSpec bottleneck = block(8, Placement::FullPreActivation);
    bottleneck.kind = core::BlockKind::Bottleneck;
    bottleneck.bottleneckWidth = 2;
    QTest::newRow("(e) full pre-activation bottleneck") << bottleneck << Shape::image(8, 3, 3) << 2;
    BlockSpec projection = block(6, Placement::FullPreActivation);
    projection.shortcut = ShortcutKind::Projection;
    QTest::newRow("(e) full pre-activation projection 4->6") << projection << Shape::vector(4) << 4;
    QTest::newRow("constant scaling, shortcut only") << variant(ShortcutVariant::ConstantScaling) << v6 << 4;
    BlockSpec both = variant(ShortcutVariant::ConstantScaling);
    both.design.scaleBranch = true;
    both.design.shortcutScale = 0.3;
    QTest::newRow("constant scaling, both") << both << v6 << 4;
    BlockSpec exclusive = variant(ShortcutVariant::ExclusiveGating);
    exclusive.design.gateBias = -2.0;
    QTest::newRow("exclusive gating") << exclusive << v6 << 4;
    QTest::newRow("shortcut-only gating") << variant(ShortcutVariant::ShortcutOnlyGating) << v6 << 4;
    BlockSpec exclusiveConv = exclusive;
    exclusiveConv.width = 3;
    QTest::newRow("exclusive gating conv") << exclusiveConv << img << 2;
    QTest::newRow("dropout shortcut") << variant(ShortcutVariant::Dropout) << v6 << 4;
    QTest::newRow("ReZero, full pre-activation") << scaled(ResidualScale::ReZero, true, Placement::FullPreActivation)
                                                  << v6 << 4;
    QTest::newRow("ReZero, original") << scaled(ResidualScale::ReZero, true) << v6 << 4;
    QTest::newRow("SkipInit") << scaled(ResidualScale::SkipInit, false) << v6 << 4;
    QTest::newRow("Fixup") << scaled(ResidualScale::Fixup, false) << v6 << 4;
    BlockSpec fixupConv = scaled(ResidualScale::Fixup, false);
    fixupConv.width = 3;
    fixupConv.span = 3;
    QTest::newRow("Fixup conv span 3") << fixupConv << img << 2;
    BlockSpec plainPre = block(6, Placement::FullPreActivation);
    plainPre.shortcut = ShortcutKind::None;
    QTest::newRow("plain, full pre-activation") << plainPre << v6 << 4;
    BlockSpec plainRelu = block(6, Placement::ReluBeforeAddition);
    plainRelu.shortcut = ShortcutKind::None;
    QTest::newRow("plain, ReLU before addition") << plainRelu << v6 << 4;
}

void TestBlockDesign::gradients() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(int, batch);
    auto b = core::buildBlock(spec, in);
    // Convolution weights at about He's scale (sqrt(2 / 27) for 3x3x3): with unit weights a
    // branch of three convolutions without BN grows its outputs ~100x, and the float loss
    // then loses the digits a central difference needs.
    testsupport::randomizeParams(*b, 251, in.spatial ? 0.3 : 1.0);
    fixDropoutMask(*b, batch);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 252);
    const Matrix G = testsupport::randomMatrix(b->outputShape().size(), batch, 253);
    const auto dx = testsupport::checkInputGradient(*b, x, G, 1e-3f);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(*b, x, G, 1e-3f);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestBlockDesign::backwardAccumulates() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(int, batch);
    auto b = core::buildBlock(spec, in);
    testsupport::randomizeParams(*b, 261);
    fixDropoutMask(*b, batch);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 262);
    const Matrix G = testsupport::randomMatrix(b->outputShape().size(), batch, 263);
    QVERIFY(testsupport::accumulationError(*b, x, G) < 1e-5);
}

// The output from the block's parts, by the formula of the variant: sum = F + S, g F + (1 - g) S
// or F + (1 - g) S, then what follows the addition (BN, g, or nothing).
void TestBlockDesign::forwardFormula() {
    QFETCH(BlockSpec, spec);
    QFETCH(Shape, in);
    QFETCH(int, batch);
    auto b = core::buildBlock(spec, in);
    testsupport::randomizeParams(*b, 271);
    const Matrix x = testsupport::randomMatrix(in.size(), batch, 272);
    const Matrix y = b->forward(x);
    const auto g = core::makeActivation(spec.activation, b->outputShape());
    auto* residual = dynamic_cast<core::ResidualBlock*>(b.get());
    if (!residual) {
        auto* plain = dynamic_cast<core::PlainBlock*>(b.get());
        QVERIFY(plain);
        const Matrix f = plain->branchOutput();
        QVERIFY_IDENTICAL(y, spec.identityAfterAddition() ? f : g->forward(f));
        return;
    }
    const Matrix f = residual->branchOutput();
    const Matrix s = residual->shortcutOutput();
    Matrix sum;
    switch (spec.design.shortcutVariant) {
    case ShortcutVariant::ExclusiveGating: {
        const Matrix gate = residual->gate()->output();
        sum = (gate.array() * f.array() + (1.0f - gate.array()) * s.array()).matrix();
        break;
    }
    case ShortcutVariant::ShortcutOnlyGating: {
        const Matrix gate = residual->gate()->output();
        sum = (f.array() + (1.0f - gate.array()) * s.array()).matrix();
        break;
    }
    case ShortcutVariant::ConstantScaling:
        QVERIFY_NEAR(s, Matrix(float(spec.design.shortcutScale) * x), 1e-6);
        sum = f + s;
        break;
    case ShortcutVariant::Dropout:
        QVERIFY_IDENTICAL(s, Matrix(x.cwiseProduct(static_cast<core::DropoutShortcut&>(residual->shortcut()).mask())));
        sum = f + s;
        break;
    case ShortcutVariant::None: sum = f + s; break;
    }
    if (spec.design.placement == Placement::BnAfterAddition) {
        core::BatchNorm bn(b->outputShape());
        auto* post = dynamic_cast<core::BatchNorm*>(b->children()[2].layer);
        QVERIFY(post);
        bn.gamma() = post->gamma();
        bn.beta() = post->beta();
        QVERIFY_NEAR(y, g->forward(bn.forward(sum)), 1e-5);
    } else if (spec.identityAfterAddition()) {
        QVERIFY_NEAR(y, sum, 1e-6);
    } else {
        QVERIFY_NEAR(y, g->forward(sum), 1e-6);
    }
}

// Stable names for every new parameter: the PyTorch export and weights files key on them.
void TestBlockDesign::parameterNames_data() {
    QTest::addColumn<BlockSpec>("spec");
    QTest::addColumn<std::vector<std::string>>("params");
    using V = std::vector<std::string>;
    QTest::newRow("(b) BN after addition") << block(6, Placement::BnAfterAddition)
        << V{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "post_bn.gamma", "post_bn.beta"};
    QTest::newRow("(e) full pre-activation") << block(6, Placement::FullPreActivation)
        << V{"branch.0.gamma", "branch.0.beta", "branch.2.W", "branch.3.gamma", "branch.3.beta", "branch.5.W"};
    QTest::newRow("(d) ReLU-only pre-activation") << block(6, Placement::ReluOnlyPreActivation)
        << V{"branch.1.W", "branch.2.gamma", "branch.2.beta", "branch.4.W", "branch.5.gamma", "branch.5.beta"};
    BlockSpec gated = variant(ShortcutVariant::ExclusiveGating);
    QTest::newRow("exclusive gating") << gated
        << V{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma", "branch.4.beta",
             "gate.0.W", "gate.0.b"};
    BlockSpec both = variant(ShortcutVariant::ConstantScaling);
    both.design.scaleBranch = true;
    QTest::newRow("constant scaling, both (no parameters added)") << both
        << V{"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma", "branch.4.beta"};
    QTest::newRow("ReZero") << scaled(ResidualScale::ReZero, true, Placement::FullPreActivation)
        << V{"branch.0.gamma", "branch.0.beta", "branch.2.W", "branch.3.gamma", "branch.3.beta", "branch.5.W",
             "branch.6.alpha"};
    QTest::newRow("SkipInit") << scaled(ResidualScale::SkipInit, false)
        << V{"branch.0.W", "branch.0.b", "branch.2.W", "branch.2.b", "branch.3.alpha"};
    QTest::newRow("Fixup") << scaled(ResidualScale::Fixup, false)
        << V{"branch.0.b", "branch.1.W", "branch.2.b", "branch.4.b", "branch.5.W", "branch.6.alpha", "branch.7.b"};
}

void TestBlockDesign::parameterNames() {
    QFETCH(BlockSpec, spec);
    QFETCH(std::vector<std::string>, params);
    auto b = core::buildBlock(spec, Shape::vector(6));
    QCOMPARE(paramNames(*b), params);
}

// The kinds of the branch's layers, in order (He et al. 2016, Fig. 4), and what follows the sum.
void TestBlockDesign::unitOrderFollowsThePlacement_data() {
    QTest::addColumn<int>("placement");
    QTest::addColumn<QString>("branch");
    QTest::addColumn<QString>("after");
    QTest::newRow("(a) original") << int(Placement::Original) << "Dense BatchNorm ReLU Dense BatchNorm" << "out";
    QTest::newRow("(b) BN after addition") << int(Placement::BnAfterAddition) << "Dense BatchNorm ReLU Dense"
                                           << "post_bn out";
    QTest::newRow("(c) ReLU before addition") << int(Placement::ReluBeforeAddition)
                                              << "Dense BatchNorm ReLU Dense BatchNorm ReLU" << "";
    QTest::newRow("(d) ReLU-only pre-activation") << int(Placement::ReluOnlyPreActivation)
                                                  << "ReLU Dense BatchNorm ReLU Dense BatchNorm" << "";
    QTest::newRow("(e) full pre-activation") << int(Placement::FullPreActivation)
                                             << "BatchNorm ReLU Dense BatchNorm ReLU Dense" << "";
}

void TestBlockDesign::unitOrderFollowsThePlacement() {
    QFETCH(int, placement);
    QFETCH(QString, branch);
    QFETCH(QString, after);
    auto b = core::buildBlock(block(6, Placement(placement)), Shape::vector(6));
    auto* residual = dynamic_cast<core::ResidualBlock*>(b.get());
    QVERIFY(residual);
    QStringList kinds;
    for (std::size_t i = 0; i < residual->branch().size(); ++i)
        kinds << QString::fromUtf8(residual->branch().at(i).kind().data(), int(residual->branch().at(i).kind().size()));
    QCOMPARE(kinds.join(' '), branch);
    QStringList rest;
    for (const std::string& name : names(b->children()))
        if (name != "branch" && name != "shortcut")
            rest << QString::fromStdString(name);
    QCOMPARE(rest.join(' '), after);
    QCOMPARE(residual->identityAfterAddition(), after.isEmpty());
}

// Nothing follows the addition in a pre-activation block: with the branch zeroed it passes any
// input, negative values included, through unchanged, and the gradient too.
void TestBlockDesign::preActivationZeroBranchIsExactlyTheIdentity() {
    auto b = core::buildBlock(block(6, Placement::FullPreActivation), Shape::vector(6));
    auto* residual = static_cast<core::ResidualBlock*>(b.get());
    testsupport::randomizeParams(*b, 281);
    residual->zeroBranch();
    const Matrix x = testsupport::randomMatrix(6, 5, 282);
    QVERIFY((x.array() < 0.0f).any());
    QVERIFY_IDENTICAL(b->forward(x), x);
    const Matrix dy = testsupport::randomMatrix(6, 5, 283);
    QVERIFY_IDENTICAL(b->backward(dy), dy);
}

// A bypassed gated block keeps the gated shortcut: out = g((1 - g(x)) .* x).
void TestBlockDesign::gatedBypassKeepsTheGatedShortcut() {
    auto b = core::buildBlock(variant(ShortcutVariant::ExclusiveGating), Shape::vector(6));
    auto* residual = static_cast<core::ResidualBlock*>(b.get());
    testsupport::randomizeParams(*b, 291);
    residual->setBypassed(true);
    const Matrix x = testsupport::randomMatrix(6, 3, 292);
    const Matrix y = b->forward(x);
    const Matrix gate = residual->gate()->output();
    QVERIFY_NEAR(y, Matrix(((1.0f - gate.array()) * x.array()).cwiseMax(0.0f).matrix()), 1e-6);
}

// ReZero (Bachlechner et al. 2020): alpha = 0 makes every block the identity, exactly, so a deep
// network starts as its stem and head; the branches' weights get no gradient yet, but every
// alpha does, so training can open them.
void TestBlockDesign::reZeroNetworkStartsAsTheIdentity() {
    core::MlpOptions o;
    o.depth = 40;
    o.design.placement = Placement::FullPreActivation;
    o.design.residualScale = ResidualScale::ReZero;
    const core::NetworkSpec spec = core::mlpNet(o);
    auto net = core::buildNetwork(spec);
    core::initialize(*net, {}, 5);
    const Matrix x = testsupport::randomMatrix(2, 16, 301);
    net->forward(x);
    const Matrix* input = &net->stem().output();
    for (std::size_t k = 0; k < net->blockCount(); ++k) {
        QVERIFY_IDENTICAL(net->block(k).output(), *input);
        input = &net->block(k).output();
    }
    net->zeroGrad();
    net->backward(testsupport::randomMatrix(3, 16, 302));
    int alphas = 0;
    for (const core::ParamView& p : net->params()) {
        if (p.name.starts_with("blocks.") && p.name.ends_with(".alpha")) {
            ++alphas;
            QVERIFY2(p.grad(0) != 0.0f, p.name.c_str());
            QCOMPARE(p.value(0), 0.0f);
        } else if (p.name.starts_with("blocks.")) {
            QVERIFY2((p.grad.array() == 0.0f).all(), p.name.c_str());
        }
    }
    QCOMPARE(alphas, 19);
}

// SkipInit (De & Smith 2020): alpha starts at its spec value; with 0 the block is the identity.
void TestBlockDesign::skipInitStartsAtItsAlpha() {
    core::MlpOptions o;
    o.depth = 10;
    o.batchNorm = false;
    o.design.residualScale = ResidualScale::SkipInit;
    o.design.alphaInit = 0.25;
    auto net = core::buildNetwork(core::mlpNet(o));
    for (core::ParamView p : net->params())   // a view: the copy writes through
        if (p.name.ends_with(".alpha"))
            p.value(0) = 9.0f;
    core::initialize(*net, {}, 1);
    int alphas = 0;
    for (const core::ParamView& p : net->params())
        if (p.name.ends_with(".alpha")) {
            QCOMPARE(p.value(0), 0.25f);
            ++alphas;
        }
    QCOMPARE(alphas, 4);
    auto* block = dynamic_cast<core::ResidualBlock*>(&net->block(0));
    QVERIFY(block && block->residualScale());
    QCOMPARE(block->residualScale()->alpha(), 0.25f);
}

// Fixup (Zhang, Dauphin, Ma 2019, sec. 3): the classifier and the last layer of every branch
// start at 0, the other branch layers are He-initialised and scaled by L^(-1/(2m-2)), here
// L = 24 blocks and m = 2, so 24^(-1/2); multipliers 1, biases 0. Every block starts as the
// identity after its ReLU, and the logits are 0.
void TestBlockDesign::fixupInitialisation() {
    core::MlpOptions o;
    o.depth = 50;
    o.width = 64;
    o.batchNorm = false;
    o.design.residualScale = ResidualScale::Fixup;
    auto net = core::buildNetwork(core::mlpNet(o));
    QCOMPARE(net->blockCount(), std::size_t(24));
    testsupport::randomizeParams(*net, 7);
    core::initialize(*net, {}, 11);
    Eigen::VectorXd first;   // every block's first weighted layer, pooled
    for (const core::ParamView& p : net->params()) {
        if (p.name.ends_with("branch.1.W"))
            first.conservativeResize(first.size() + p.value.size()),
                first.tail(p.value.size()) = p.value.cast<double>();
        else if (p.name.ends_with("branch.5.W") || p.name.starts_with("head."))
            QVERIFY2((p.value.array() == 0.0f).all(), p.name.c_str());
        else if (p.name.ends_with(".alpha"))
            QCOMPARE(p.value(0), 1.0f);
        else if (p.name.starts_with("blocks.") && p.name.ends_with(".b"))
            QCOMPARE(p.value(0), 0.0f);
    }
    const double expected = std::sqrt(2.0 / 64.0) / std::sqrt(24.0);
    const double got = std::sqrt(first.array().square().mean());
    QVERIFY2(std::abs(got / expected - 1.0) < 0.02, qPrintable(QString("std %1, expected %2").arg(got).arg(expected)));
    const Matrix x = testsupport::randomMatrix(2, 8, 303);
    const Matrix logits = net->forward(x);
    QVERIFY_IDENTICAL(logits, Matrix::Zero(3, 8));
    const Matrix* input = &net->stem().output();
    for (std::size_t k = 0; k < net->blockCount(); ++k) {
        QVERIFY_IDENTICAL(net->block(k).output(), *input);
        input = &net->block(k).output();
    }
}

void TestBlockDesign::gateBiasAfterInitialisation() {
    core::MlpOptions o;
    o.depth = 8;
    o.design.shortcutVariant = ShortcutVariant::ShortcutOnlyGating;
    o.design.gateBias = -6.0;
    auto net = core::buildNetwork(core::mlpNet(o));
    core::initialize(*net, {}, 2);
    int gates = 0;
    for (const core::ParamView& p : net->params())
        if (p.name.ends_with("gate.0.b")) {
            QVERIFY((p.value.array() == -6.0f).all());
            ++gates;
        } else if (p.name.ends_with("gate.0.W")) {
            QVERIFY(p.value.cwiseAbs().maxCoeff() > 0.0f);   // He-initialised like any dense layer
        }
    QCOMPARE(gates, 3);
}

// Two networks with the same seed draw the same dropout masks step after step; another seed
// draws others; in evaluation mode nothing is dropped.
void TestBlockDesign::dropoutIsReproducibleAndOffInEvaluation() {
    core::MlpOptions o;
    o.depth = 8;
    o.design.shortcutVariant = ShortcutVariant::Dropout;
    const core::NetworkSpec spec = core::mlpNet(o);
    auto a = core::buildNetwork(spec), b = core::buildNetwork(spec), c = core::buildNetwork(spec);
    core::initialize(*a, {}, 4);
    core::initialize(*b, {}, 4);
    core::initialize(*c, {}, 5);
    std::vector<core::ParamView> pa = a->params(), pc = c->params();
    for (std::size_t i = 0; i < pa.size(); ++i)   // the same weights as a and b: only the masks differ
        pc[i].value = pa[i].value;
    const Matrix x = testsupport::randomMatrix(2, 32, 311);
    for (int step = 0; step < 3; ++step) {
        const Matrix ya = a->forward(x);
        QVERIFY_IDENTICAL(b->forward(x), ya);
        QVERIFY(!testsupport::identical(c->forward(x), ya));
    }
    // The training passes moved the running statistics of BN with different masks: give c a's
    // statistics, so that only the (now absent) masks could tell the two apart.
    std::vector<core::BufferView> ba = a->buffers(), bc = c->buffers();
    QCOMPARE(bc.size(), ba.size());
    for (std::size_t i = 0; i < ba.size(); ++i)
        bc[i].value = ba[i].value;
    a->setTraining(false);
    c->setTraining(false);
    QVERIFY_IDENTICAL(a->forward(x), a->forward(x));
    QVERIFY_IDENTICAL(c->forward(x), a->forward(x));
}

// He et al. 2016, sec. 4.1: a pre-activation network adds the activation its last block leaves
// out before the head, and its stem stops where the first block's pre-activation starts.
void TestBlockDesign::preActivationPresetsEndWithBnRelu() {
    const core::NetworkSpec full = core::presetByName("spiral-preact-16");
    QCOMPARE(full.stem.size(), std::size_t(1));
    QCOMPARE(full.head.size(), std::size_t(3));
    QCOMPARE(full.head[0].type, core::LayerType::BatchNorm);
    QCOMPARE(full.head[1].type, core::LayerType::ReLU);
    QCOMPARE(full.head[2].type, core::LayerType::Dense);
    for (const BlockSpec& b : full.blocks)
        QCOMPARE(b.design.placement, Placement::FullPreActivation);
    const core::NetworkSpec v2 = core::presetByName("resnet-v2-20");
    QCOMPARE(v2.stem.size(), std::size_t(1));
    QCOMPARE(v2.head[0].type, core::LayerType::BatchNorm);
    QCOMPARE(v2.head[1].type, core::LayerType::ReLU);
    QCOMPARE(v2.head[2].type, core::LayerType::GlobalAvgPool);
    QCOMPARE(v2.blocks[3].design.placement, Placement::FullPreActivation);
    const core::NetworkSpec rezero = core::presetByName("spiral-rezero-1000");
    QCOMPARE(rezero.blocks.size(), std::size_t(499));
    QCOMPARE(rezero.blocks[0].design.residualScale, ResidualScale::ReZero);
    QVERIFY(core::validate(rezero).empty());
    core::MlpOptions reluOnly;
    reluOnly.design.placement = Placement::ReluOnlyPreActivation;
    const core::NetworkSpec d = core::mlpNet(reluOnly);
    QCOMPARE(d.stem.size(), std::size_t(2));   // dense, BN: the block starts with ReLU
    QCOMPARE(d.head[0].type, core::LayerType::ReLU);
}

// The plain family stays plain: the twin keeps the placement (the same chain without skips)
// but drops the shortcut variant and the residual scale, which only make sense with a skip.
void TestBlockDesign::plainTwinDropsWhatNeedsAShortcut() {
    core::NetworkSpec spec = core::presetByName("spiral-rezero-16");
    spec.blocks[2].design.shortcutVariant = ShortcutVariant::ConstantScaling;
    const core::NetworkSpec plain = core::plainTwin(spec);
    QVERIFY(core::validate(plain).empty());
    for (const BlockSpec& b : plain.blocks) {
        QCOMPARE(b.shortcut, ShortcutKind::None);
        QCOMPARE(b.design.placement, Placement::FullPreActivation);
        QCOMPARE(b.design.residualScale, ResidualScale::None);
        QCOMPARE(b.design.shortcutVariant, ShortcutVariant::None);
    }
    core::MlpOptions o;
    o.residual = false;
    o.design.residualScale = ResidualScale::ReZero;
    QVERIFY(core::validate(core::mlpNet(o)).empty());
}

QTEST_APPLESS_MAIN(TestBlockDesign)
#include "test_block_design.moc"
