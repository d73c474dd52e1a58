// tests/core/test_determinism.cpp: one seed, one run. A residual MLP from the presets, initialised
// from a seed and trained with SGD on fixed random data, repeats its losses and weights bit for
// bit; another seed gives another run. (The basis of every comparison the app shows: the same
// chain with and without skips must differ only by the skips.)
#include <QtTest>

#include "core/init/initializer.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/optim/sgd.h"
#include "core/random.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"

#include <cmath>
#include <cstring>
#include <numbers>

using core::Matrix;

namespace {

constexpr int kSamples = 96, kBatch = 16, kSteps = 20;

// Points in the plane labelled by their 120-degree sector: learnable, and fixed by the seed.
struct Data {
    Matrix x;          // (2 x kSamples)
    core::Labels y;    // (kSamples)
};

Data makeData(std::uint64_t seed) {
    core::Rng rng(seed);
    Data d{Matrix(2, kSamples), core::Labels(kSamples)};
    for (int i = 0; i < kSamples; ++i) {
        d.x(0, i) = float(rng.normal());
        d.x(1, i) = float(rng.normal());
        const double angle = std::atan2(d.x(1, i), d.x(0, i)) + std::numbers::pi;   // [0, 2 pi]
        d.y(i) = std::min(2, int(angle / (2.0 * std::numbers::pi / 3.0)));
    }
    return d;
}

struct Run {
    std::vector<float> losses;
    std::vector<core::Vector> params;
};

// kSteps SGD steps (momentum 0.9, lr 0.05) on consecutive mini-batches of the fixed data.
Run train(std::uint64_t initSeed, bool sameBatch = false) {
    core::MlpOptions o;
    o.depth = 8;
    o.width = 16;
    o.residual = true;
    auto net = core::buildNetwork(core::mlpNet(o));
    core::initialize(*net, {}, initSeed);
    const Data data = makeData(7);
    core::Sgd sgd({0.9f, 1e-4f, false});
    core::SoftmaxCrossEntropy loss;
    net->setTraining(true);
    Run run;
    for (int step = 0; step < kSteps; ++step) {
        const int start = sameBatch ? 0 : (step * kBatch) % kSamples;
        net->zeroGrad();
        const Matrix& logits = net->forward(data.x.middleCols(start, kBatch));
        run.losses.push_back(loss.forward(logits, data.y.segment(start, kBatch)));
        net->backward(loss.backward());
        std::vector<core::ParamView> params = net->params();
        sgd.step(params, 0.05f);
    }
    for (const core::ParamView& p : net->params())
        run.params.emplace_back(p.value);
    return run;
}

bool bitwiseEqual(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

class TestDeterminism : public QObject {
    Q_OBJECT

private slots:
    void sameSeedSameRun();
    void differentSeedDifferentRun();
    void trainingLowersTheLoss();
};

void TestDeterminism::sameSeedSameRun() {
    const Run a = train(1234), b = train(1234);
    QCOMPARE(a.losses.size(), std::size_t(kSteps));
    for (float l : a.losses)
        QVERIFY(std::isfinite(l));
    QVERIFY(bitwiseEqual(a.losses, b.losses));
    QCOMPARE(a.params.size(), b.params.size());
    for (std::size_t i = 0; i < a.params.size(); ++i)
        QVERIFY(std::memcmp(a.params[i].data(), b.params[i].data(), a.params[i].size() * sizeof(float)) == 0);
}

void TestDeterminism::differentSeedDifferentRun() {
    const Run a = train(1234), b = train(1235);
    QVERIFY(a.losses.front() != b.losses.front());   // different initial weights already
    QVERIFY(!bitwiseEqual(a.losses, b.losses));
}

// On one fixed batch the loss must fall: the arithmetic above trains, it does not just repeat.
void TestDeterminism::trainingLowersTheLoss() {
    const Run run = train(99, true);
    QVERIFY2(run.losses.back() < 0.5f * run.losses.front(),
             qPrintable(QString("first %1, last %2").arg(run.losses.front()).arg(run.losses.back())));
}

QTEST_APPLESS_MAIN(TestDeterminism)
#include "test_determinism.moc"
