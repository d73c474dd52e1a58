// tests/core/test_network.cpp: core::Network = stem, a chain of blocks, head; parameter names
// "stem.<i>.<p>", "blocks.<k>.branch.<i>.<p>", "head.<i>.<p>"; gradients that accumulate until
// zeroGrad(); and a parameter count that agrees with analyze(spec) before anything is built.
#include <QtTest>

#include "core/blocks/residual_block.h"
#include "core/check.h"
#include "core/layers/dense.h"
#include "core/network/network.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"
#include "support/gradient_check.h"

using core::Matrix;
using core::NetworkSpec;

Q_DECLARE_METATYPE(core::NetworkSpec)

namespace {

NetworkSpec tinyMlp(bool residual) {
    core::MlpOptions o;
    o.depth = 6;        // stem + 2 blocks of 2 + head
    o.width = 4;
    o.residual = residual;
    return core::mlpNet(o);
}

std::vector<std::string> paramNames(core::Layer& layer) {
    std::vector<std::string> out;
    for (const auto& v : layer.params())
        out.push_back(v.name);
    return out;
}

Matrix spiralLikeInput(int batch, std::uint64_t seed) {
    return testsupport::randomMatrix(2, batch, seed);
}

}  // namespace

class TestNetwork : public QObject {
    Q_OBJECT

private slots:
    void structure();
    void parameterNames_data();
    void parameterNames();
    void bufferNames();
    void parameterCount_data();
    void parameterCount();
    void zeroGrad();
    void gradientsAccumulateAcrossBackward();
    void gradients_data();
    void gradients();
    void mismatchedChainThrows();
};

void TestNetwork::structure() {
    const NetworkSpec spec = tinyMlp(true);
    auto net = core::buildNetwork(spec);
    QCOMPARE(net->inputShape(), core::Shape::vector(2));
    QCOMPARE(net->outputShape(), core::Shape::vector(3));
    QCOMPARE(net->blockCount(), std::size_t(2));
    QCOMPARE(net->stem().size(), std::size_t(3));   // dense, BN, ReLU
    QCOMPARE(net->head().size(), std::size_t(1));
    QVERIFY(dynamic_cast<core::ResidualBlock*>(&net->block(0)));
    std::vector<std::string> layers;
    core::forEachLayer(*net, "", [&](const std::string& name, core::Layer&) { layers.push_back(name); });
    for (const char* name : {"stem", "stem.0", "blocks.0", "blocks.0.branch.3", "blocks.1.shortcut", "head.0"})
        QVERIFY2(std::find(layers.begin(), layers.end(), name) != layers.end(), name);
    const Matrix logits = net->forward(spiralLikeInput(5, 1));
    QCOMPARE(logits.rows(), Eigen::Index(3));
    QCOMPARE(logits.cols(), Eigen::Index(5));
    QVERIFY_IDENTICAL(net->output(), logits);
}

void TestNetwork::parameterNames_data() {
    QTest::addColumn<bool>("residual");
    QTest::newRow("residual") << true;
    QTest::newRow("plain") << false;
}

void TestNetwork::parameterNames() {
    QFETCH(bool, residual);
    auto net = core::buildNetwork(tinyMlp(residual));
    std::vector<std::string> expected = {"stem.0.W", "stem.0.b", "stem.1.gamma", "stem.1.beta"};
    for (const char* k : {"0", "1"})
        for (const char* p : {"branch.0.W", "branch.1.gamma", "branch.1.beta", "branch.3.W", "branch.4.gamma",
                              "branch.4.beta"})
            expected.push_back(std::string("blocks.") + k + "." + p);
    expected.push_back("head.0.W");
    expected.push_back("head.0.b");
    QCOMPARE(paramNames(*net), expected);
}

void TestNetwork::bufferNames() {
    core::CifarOptions o;
    o.n = 1;
    o.downsample = core::ShortcutKind::Projection;
    auto net = core::buildNetwork(core::cifarResNet(o));
    std::vector<std::string> names;
    for (const auto& b : net->buffers())
        names.push_back(b.name);
    for (const char* name : {"stem.1.running_mean", "stem.1.running_var", "blocks.0.branch.1.running_mean",
                             "blocks.1.branch.4.running_var", "blocks.1.shortcut.1.running_mean",
                             "blocks.2.shortcut.1.running_var"})
        QVERIFY2(std::find(names.begin(), names.end(), name) != names.end(), name);
    const std::vector<std::string> params = paramNames(*net);
    for (const char* name : {"stem.0.W", "blocks.1.shortcut.0.W", "blocks.1.shortcut.1.gamma", "head.1.W", "head.1.b"})
        QVERIFY2(std::find(params.begin(), params.end(), name) != params.end(), name);
}

void TestNetwork::parameterCount_data() {
    QTest::addColumn<NetworkSpec>("spec");
    for (const char* name : {"resnet20", "plain20", "resnet32", "spiral-residual-8", "spiral-plain-16",
                             "spiral-residual-56", "bottleneck-example"})
        QTest::newRow(name) << core::presetByName(name);
    core::CifarOptions b;
    b.n = 2;
    b.downsample = core::ShortcutKind::Projection;
    QTest::newRow("resnet14 option B") << core::cifarResNet(b);
    core::MlpOptions span3;
    span3.depth = 8;
    span3.span = 3;
    QTest::newRow("mlp span 3") << core::mlpNet(span3);
    core::MlpOptions noBn;
    noBn.depth = 10;
    noBn.batchNorm = false;
    noBn.activation = core::Activation::Tanh;
    QTest::newRow("mlp tanh without BN") << core::mlpNet(noBn);
}

void TestNetwork::parameterCount() {
    QFETCH(NetworkSpec, spec);
    const core::SpecAnalysis analysis = core::analyze(spec);
    QVERIFY(analysis.valid());
    auto net = core::buildNetwork(spec);
    std::int64_t sum = 0;
    for (const auto& p : net->params())
        sum += p.value.size();
    QCOMPARE(net->parameterCount(), analysis.params);
    QCOMPARE(sum, analysis.params);
    QCOMPARE(net->outputShape(), analysis.outputShape);
}

void TestNetwork::zeroGrad() {
    auto net = core::buildNetwork(tinyMlp(true));
    testsupport::randomizeParams(*net, 211);
    net->forward(spiralLikeInput(6, 212));
    net->backward(testsupport::randomMatrix(3, 6, 213));
    double total = 0.0;
    for (const auto& p : net->params())
        total += p.grad.cwiseAbs().sum();
    QVERIFY(total > 0.0);
    net->zeroGrad();
    for (const auto& p : net->params())
        QVERIFY2((p.grad.array() == 0.0f).all(), p.name.c_str());
}

void TestNetwork::gradientsAccumulateAcrossBackward() {
    auto net = core::buildNetwork(tinyMlp(true));
    testsupport::randomizeParams(*net, 221);
    const Matrix x = spiralLikeInput(6, 222), G = testsupport::randomMatrix(3, 6, 223);
    QVERIFY(testsupport::accumulationError(*net, x, G) < 1e-5);
}

void TestNetwork::gradients_data() { parameterNames_data(); }

void TestNetwork::gradients() {
    QFETCH(bool, residual);
    auto net = core::buildNetwork(tinyMlp(residual));
    testsupport::randomizeParams(*net, 231);
    const Matrix x = spiralLikeInput(6, 232), G = testsupport::randomMatrix(3, 6, 233);
    const auto dx = testsupport::checkInputGradient(*net, x, G, 1e-3f);
    QVERIFY2(dx.ok(1e-2), dx.describe().c_str());
    const auto dp = testsupport::checkParamGradients(*net, x, G, 1e-3f);
    QVERIFY2(dp.ok(1e-2), dp.describe().c_str());
}

void TestNetwork::mismatchedChainThrows() {
    auto stem = std::make_unique<core::Sequential>(core::Shape::vector(2));
    stem->emplace<core::Dense>(2, 4, true);
    auto head = std::make_unique<core::Sequential>(core::Shape::vector(5));
    head->emplace<core::Dense>(5, 3, true);
    QVERIFY_THROWS_EXCEPTION(core::ContractError,
                             core::Network(std::move(stem), {}, std::move(head)));
}

QTEST_APPLESS_MAIN(TestNetwork)
#include "test_network.moc"
