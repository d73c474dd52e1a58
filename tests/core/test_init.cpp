// tests/core/test_init.cpp: core::initialize. He (Kaiming normal, fan-in, gain sqrt 2) and
// Xavier weights with the right spread, checked statistically within 5 standard errors (the
// expected values come from the he_init golden case); the classifier at gain 1; biases and BN
// reset; the zero-last-BN-gamma option; one seed, one network.
#include <QtTest>

#include "core/init/initializer.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/global_avg_pool.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "support/golden.h"
#include "support/gradient_check.h"

#include <cmath>

using core::InitScheme;
using core::Matrix;
using core::Shape;

Q_DECLARE_METATYPE(core::InitScheme)

namespace {

// stem = Dense(32 -> 32), head = Dense(32 -> 3) (the classifier).
std::unique_ptr<core::Network> linearNet() {
    auto stem = std::make_unique<core::Sequential>(Shape::vector(32));
    stem->emplace<core::Dense>(32, 32, true);
    stem->emplace<core::BatchNorm>(Shape::vector(32));
    auto head = std::make_unique<core::Sequential>(Shape::vector(32));
    head->emplace<core::Dense>(32, 3, true);
    return std::make_unique<core::Network>(std::move(stem), std::vector<std::unique_ptr<core::Layer>>{},
                                           std::move(head));
}

// stem = Conv2d(16 -> 16, 3x3) on 16x4x4, head = global average pooling, Dense(16 -> 3).
std::unique_ptr<core::Network> convNet() {
    const Shape in = Shape::image(16, 4, 4);
    auto stem = std::make_unique<core::Sequential>(in);
    stem->emplace<core::Conv2d>(in, core::Conv2dOptions{16, 3, 1, 1, true});
    auto head = std::make_unique<core::Sequential>(in);
    head->emplace<core::GlobalAvgPool>(in);
    head->emplace<core::Dense>(16, 3, true);
    return std::make_unique<core::Network>(std::move(stem), std::vector<std::unique_ptr<core::Layer>>{},
                                           std::move(head));
}

struct Stats {
    double mean = 0.0, std = 0.0;
    Eigen::Index count = 0;
};

Stats statsOf(const core::ParamView& p) {
    Stats s;
    s.count = p.value.size();
    const Eigen::VectorXd v = p.value.cast<double>();
    s.mean = v.mean();
    s.std = std::sqrt((v.array() - s.mean).square().sum() / double(s.count));
    return s;
}

core::ParamView viewOf(core::Network& net, const std::string& name) {
    for (core::ParamView& p : net.params())
        if (p.name == name)
            return p;
    throw std::out_of_range(name);
}

// Accept the sample mean and std within 5 standard errors of N(0, std^2).
QString checkNormal(const Stats& s, double std) {
    const double meanSe = std / std::sqrt(double(s.count)), stdSe = std / std::sqrt(2.0 * double(s.count));
    if (std::abs(s.mean) > 5.0 * meanSe || std::abs(s.std - std) > 5.0 * stdSe)
        return QString("sample mean %1 (se %2), sample std %3, expected %4 (se %5)")
            .arg(s.mean).arg(meanSe).arg(s.std).arg(std).arg(stdSe);
    return {};
}

}  // namespace

class TestInit : public QObject {
    Q_OBJECT

private slots:
    void heMatchesGolden_data();
    void heMatchesGolden();
    void xavier_data() { heMatchesGolden_data(); }
    void xavier();
    void nonSquareLayers_data();
    void nonSquareLayers();
    void classifierHasGainOne();
    void resetsBiasesAndBatchNorm();
    void zeroLastBnGamma();
    void seedDeterminesWeights();
    void schemeNames();
};

void TestInit::heMatchesGolden_data() {
    QTest::addColumn<QString>("layer");
    QTest::addColumn<quint64>("seed");
    for (quint64 seed : {1ull, 2ull, 12345ull}) {
        QTest::addRow("linear seed %llu", seed) << "linear" << seed;
        QTest::addRow("conv seed %llu", seed) << "conv" << seed;
    }
}

// he_init: linear.std = sqrt(2 / 32) = 0.25, conv.std = sqrt(2 / 144), with the standard errors
// of the sample mean and std.
void TestInit::heMatchesGolden() {
    QFETCH(QString, layer);
    QFETCH(quint64, seed);
    GOLDEN_LOAD(he, "he_init");
    const std::string prefix = layer.toStdString() + ".";
    auto net = layer == "linear" ? linearNet() : convNet();
    const int fanIn = layer == "linear" ? static_cast<core::Dense&>(net->stem().at(0)).fanIn()
                                        : static_cast<core::Conv2d&>(net->stem().at(0)).fanIn();
    QCOMPARE(double(fanIn), he.scalar(prefix + "fan_in"));
    core::initialize(*net, {InitScheme::He, false}, seed);
    const Stats s = statsOf(viewOf(*net, "stem.0.W"));
    QCOMPARE(double(s.count), he.scalar(prefix + "count"));
    const double std = he.scalar(prefix + "std");
    QVERIFY(std::abs(std - std::sqrt(2.0 / fanIn)) < 1e-12);
    QVERIFY2(std::abs(s.mean) <= 5.0 * he.scalar(prefix + "mean_standard_error"),
             qPrintable(QString("mean %1").arg(s.mean)));
    QVERIFY2(std::abs(s.std - std) <= 5.0 * he.scalar(prefix + "std_standard_error"),
             qPrintable(QString("std %1, expected %2").arg(s.std).arg(std)));
}

// Xavier (Glorot normal): std = sqrt(2 / (fan_in + fan_out)), fan_out = C_out k k for a conv.
void TestInit::xavier() {
    QFETCH(QString, layer);
    QFETCH(quint64, seed);
    auto net = layer == "linear" ? linearNet() : convNet();
    const double std = layer == "linear" ? std::sqrt(2.0 / (32 + 32)) : std::sqrt(2.0 / (144 + 144));
    core::initialize(*net, {InitScheme::Xavier, false}, seed);
    const QString problem = checkNormal(statsOf(viewOf(*net, "stem.0.W")), std);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// Fan-in and fan-out differ here, so a formula that mixes them up fails (the golden layers are
// square). Dense(in -> out): fan_in = in, fan_out = out; Conv2d(in -> out, 3x3): fan_in = 9 in,
// fan_out = 9 out.
void TestInit::nonSquareLayers_data() {
    QTest::addColumn<InitScheme>("scheme");
    QTest::addColumn<bool>("conv");
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<double>("std");
    QTest::newRow("he dense 64->16") << InitScheme::He << false << 64 << 16 << std::sqrt(2.0 / 64);
    QTest::newRow("he dense 16->64") << InitScheme::He << false << 16 << 64 << std::sqrt(2.0 / 16);
    QTest::newRow("he conv 8->32") << InitScheme::He << true << 8 << 32 << std::sqrt(2.0 / 72);
    QTest::newRow("he conv 32->8") << InitScheme::He << true << 32 << 8 << std::sqrt(2.0 / 288);
    QTest::newRow("xavier dense 64->16") << InitScheme::Xavier << false << 64 << 16 << std::sqrt(2.0 / 80);
    QTest::newRow("xavier conv 8->32") << InitScheme::Xavier << true << 8 << 32 << std::sqrt(2.0 / (72 + 288));
}

void TestInit::nonSquareLayers() {
    QFETCH(InitScheme, scheme);
    QFETCH(bool, conv);
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(double, std);
    const Shape input = conv ? Shape::image(in, 4, 4) : Shape::vector(in);
    auto stem = std::make_unique<core::Sequential>(input);
    if (conv)
        stem->emplace<core::Conv2d>(input, core::Conv2dOptions{out, 3, 1, 1, false});
    else
        stem->emplace<core::Dense>(in, out, false);
    auto head = std::make_unique<core::Sequential>(stem->outputShape());
    if (conv)
        head->emplace<core::GlobalAvgPool>(stem->outputShape());
    head->emplace<core::Dense>(out, 3, true);
    core::Network net(std::move(stem), {}, std::move(head));
    core::initialize(net, {scheme, false}, 17);
    const QString problem = checkNormal(statsOf(viewOf(net, "stem.0.W")), std);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// The head's last dense layer feeds no rectifier: N(0, 1 / fan_in) under either scheme.
void TestInit::classifierHasGainOne() {
    for (InitScheme scheme : {InitScheme::He, InitScheme::Xavier}) {
        // A wider classifier than linearNet's, for a sharper statistical test.
        auto stem = std::make_unique<core::Sequential>(Shape::vector(64));
        stem->emplace<core::Dense>(64, 64, true);
        auto head = std::make_unique<core::Sequential>(Shape::vector(64));
        head->emplace<core::Dense>(64, 40, true);
        core::Network net(std::move(stem), {}, std::move(head));
        core::initialize(net, {scheme, false}, 7);
        const QString problem = checkNormal(statsOf(viewOf(net, "head.0.W")), std::sqrt(1.0 / 64));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

void TestInit::resetsBiasesAndBatchNorm() {
    auto net = core::buildNetwork(core::presetByName("spiral-residual-8"));
    testsupport::randomizeParams(*net, 241);
    for (core::BufferView& b : net->buffers())
        b.value.setConstant(3.0f);
    core::initialize(*net, {}, 5);
    for (const core::ParamView& p : net->params()) {
        const std::string leaf = p.name.substr(p.name.rfind('.') + 1);
        if (leaf == "b" || leaf == "beta")
            QVERIFY2((p.value.array() == 0.0f).all(), p.name.c_str());
        else if (leaf == "gamma")
            QVERIFY2((p.value.array() == 1.0f).all(), p.name.c_str());
        else
            QVERIFY2(p.value.cwiseAbs().maxCoeff() > 0.0f, p.name.c_str());
    }
    for (const core::BufferView& b : net->buffers()) {
        const float expected = b.name.ends_with("running_mean") ? 0.0f : 1.0f;
        QVERIFY2((b.value.array() == expected).all(), b.name.c_str());
    }
}

// Goyal et al. 2017: the last BN of every residual branch starts at gamma 0, so every residual
// block starts as the identity; other BNs and plain blocks keep gamma 1.
void TestInit::zeroLastBnGamma() {
    for (bool residual : {true, false}) {
        core::MlpOptions o;
        o.depth = 8;
        o.residual = residual;
        auto net = core::buildNetwork(core::mlpNet(o));
        core::initialize(*net, {InitScheme::He, true}, 9);
        for (const core::ParamView& p : net->params()) {
            if (!p.name.ends_with("gamma"))
                continue;
            const bool last = p.name.starts_with("blocks.") && p.name.ends_with("branch.4.gamma");
            const float expected = residual && last ? 0.0f : 1.0f;
            QVERIFY2((p.value.array() == expected).all(), p.name.c_str());
        }
    }
}

void TestInit::seedDeterminesWeights() {
    auto a = core::buildNetwork(core::presetByName("spiral-residual-8"));
    auto b = core::buildNetwork(core::presetByName("spiral-residual-8"));
    auto c = core::buildNetwork(core::presetByName("spiral-residual-8"));
    core::initialize(*a, {}, 42);
    core::initialize(*b, {}, 42);
    core::initialize(*c, {}, 43);
    std::vector<core::ParamView> pa = a->params(), pb = b->params(), pc = c->params();
    QCOMPARE(pa.size(), pb.size());
    bool anyDifferent = false;
    for (std::size_t i = 0; i < pa.size(); ++i) {
        QVERIFY2((pa[i].value.array() == pb[i].value.array()).all(), pa[i].name.c_str());
        if (pa[i].name.ends_with(".W") && (pa[i].value.array() != pc[i].value.array()).any())
            anyDifferent = true;
        if (pa[i].name.ends_with(".W"))
            QVERIFY2((pa[i].value.array() != pc[i].value.array()).any(), pa[i].name.c_str());
    }
    QVERIFY(anyDifferent);
}

void TestInit::schemeNames() {
    QVERIFY(core::initSchemeFromName("he") == InitScheme::He);
    QVERIFY(core::initSchemeFromName("xavier") == InitScheme::Xavier);
    QCOMPARE(core::initSchemeName(InitScheme::Xavier), std::string_view("xavier"));
    QVERIFY(!core::initSchemeFromName("orthogonal").has_value());
}

QTEST_APPLESS_MAIN(TestInit)
#include "test_init.moc"
