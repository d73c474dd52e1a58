// Probes read what flows through a network: per-layer statistics of activations and
// gradients, and per block how the signal splits between skip and branch.
#include "core/blocks/residual_block.h"
#include "core/data/dataset_registry.h"
#include "core/init/initializer.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/train/probes.h"
#include "core/train/trainer.h"

#include <QtTest>

using namespace core;

namespace {

ProbeReport probeOnce(Network& net, const Split& split, bool keepProbing = false) {
    net.setProbing(true);
    net.zeroGrad();
    SoftmaxCrossEntropy loss;
    loss.forward(net.forward(split.x), split.y);
    net.backward(loss.backward());
    ProbeReport r = readProbes(net, 1);
    net.setProbing(keepProbing);
    return r;
}

}  // namespace

class TestProbes : public QObject {
    Q_OBJECT
private slots:
    // The statistics probes read, against the definitions: a small matrix by hand, and one of
    // several 4096-value chunks against sums in double.
    void momentsAreTheDefinitions() {
        Matrix m(2, 3);
        m << 0, 1, 2, 3, 4, 0;   // column-major: columns (0, 3), (1, 4), (2, 0)
        const Moments r = momentsOf(m, true);
        QVERIFY(qFuzzyCompare(r.mean, 10.0f / 6.0f));
        QVERIFY(qFuzzyCompare(r.stddev, float(std::sqrt(30.0 / 6.0 - 100.0 / 36.0))));
        QVERIFY(qFuzzyCompare(r.norm, float(std::sqrt(30.0 / 3.0))));   // per sample: / sqrt(B)
        QVERIFY(qFuzzyCompare(r.zeroFraction, 2.0f / 6.0f));
        QCOMPARE(momentsOf(m).zeroFraction, -1.0f);
        QCOMPARE(momentsOf(Matrix()).norm, 0.0f);

        const Matrix big = Matrix::Random(300, 50);   // 15,000 values: four chunks
        double sum = 0, squares = 0;
        for (Eigen::Index i = 0; i < big.size(); ++i) {
            sum += double(big.data()[i]);
            squares += double(big.data()[i]) * double(big.data()[i]);
        }
        const double mean = sum / double(big.size());
        const Moments b = momentsOf(big);
        QVERIFY(std::abs(double(b.mean) - mean) < 1e-6);
        QVERIFY(std::abs(double(b.stddev) - std::sqrt(squares / double(big.size()) - mean * mean)) < 1e-6);
        QVERIFY(std::abs(double(b.norm) - std::sqrt(squares / 50.0)) < 1e-5);
    }

    void layerStatisticsMatchTheTensors() {
        const Dataset data = loadDataset("spiral", {});
        MlpOptions o;
        o.depth = 8;
        auto net = buildNetwork(mlpNet(o));
        initialize(*net, {}, 0);
        const ProbeReport r = probeOnce(*net, data.train);
        QVERIFY(!r.layers.empty());
        QCOMPARE(int(r.blocks.size()), 3);
        // stem.2 is the ReLU after the stem's BN: about half its outputs are zero.
        const LayerProbe* relu = nullptr;
        for (const LayerProbe& p : r.layers)
            if (p.name == "stem.2")
                relu = &p;
        QVERIFY(relu);
        QCOMPARE(QString::fromStdString(relu->kind), QString("ReLU"));
        const Matrix& a = net->stem().at(2).output();
        const float zeros = float((a.array() == 0.0f).count()) / float(a.size());
        QCOMPARE(relu->zeroFraction, zeros);
        QVERIFY(zeros > 0.3f && zeros < 0.7f);
        QVERIFY(qFuzzyCompare(relu->actNorm, float(a.norm() / std::sqrt(double(a.cols())))));
        QVERIFY(relu->gradNorm > 0.0f);
        int weighted = 0;
        for (const LayerProbe& p : r.layers)
            weighted += p.weighted;
        QCOMPARE(weighted, 8);
    }

    void residualBlocksSplitTheGradient() {
        const Dataset data = loadDataset("spiral", {});
        MlpOptions o;
        o.depth = 8;
        auto net = buildNetwork(mlpNet(o));
        initialize(*net, {}, 1);
        const ProbeReport r = probeOnce(*net, data.train, true);
        for (const BlockProbe& b : r.blocks) {
            QVERIFY(b.residual);
            QVERIFY(b.inputNorm > 0.0f && b.branchNorm > 0.0f);
            QVERIFY(qFuzzyCompare(b.ratio, b.branchNorm / b.inputNorm));
            QVERIFY(b.gradViaShortcut > 0.0f && b.gradViaBranch > 0.0f);
        }
        // With an identity shortcut the gradient through the skip is the block's dsum: the
        // gradient at the block output masked by the ReLU.
        auto& block = dynamic_cast<ResidualBlock&>(net->block(1));
        QVERIFY(block.inputGradViaShortcut().size() > 0);
        // The two paths add up to the gradient at the previous block's output (its moments:
        // probing keeps no copy of a gradient).
        const Matrix sum = block.inputGradViaShortcut() + block.inputGradViaBranch();
        const Moments expected = momentsOf(sum);
        const Moments& read = net->block(0).outputGradMoments();
        QVERIFY(expected.norm > 0.0f);
        QVERIFY(std::abs(read.norm - expected.norm) <= 1e-5f * expected.norm);
        QVERIFY(std::abs(read.mean - expected.mean) <= 1e-5f * expected.norm);
        QVERIFY(std::abs(read.stddev - expected.stddev) <= 1e-5f * expected.norm);
        net->setProbing(false);
        QCOMPARE(net->block(0).outputGradMoments().norm, 0.0f);
    }

    void zeroedBranchCarriesNoSignal() {
        const Dataset data = loadDataset("spiral", {});
        MlpOptions o;
        o.depth = 8;
        auto net = buildNetwork(mlpNet(o));
        initialize(*net, {}, 2);
        dynamic_cast<ResidualBlock&>(net->block(2)).zeroBranch();
        const ProbeReport r = probeOnce(*net, data.train);
        QCOMPARE(r.blocks[2].branchNorm, 0.0f);
        QCOMPARE(r.blocks[2].ratio, 0.0f);
        QVERIFY(r.blocks[2].gradViaShortcut > 0.0f);
    }

    // ReZero's per-block alpha (Bachlechner et al. 2020): 0 at initialisation, moving away from 0
    // as training lets the branches in; blocks without a residual scale have none.
    void reZeroAlphaIsProbedAndMoves() {
        DataOptions d;
        d.size = 400;
        const Dataset data = loadDataset("spiral", d);
        auto net = buildNetwork(presetByName("spiral-rezero-16"));
        initialize(*net, {}, 3);
        const ProbeReport before = probeOnce(*net, data.train);
        QCOMPARE(int(before.blocks.size()), 7);
        for (const BlockProbe& b : before.blocks) {
            QVERIFY(b.hasAlpha);
            QCOMPARE(b.alpha, 0.0f);
            QCOMPARE(b.branchNorm, 0.0f);   // alpha F(x) = 0
        }
        TrainConfig c;
        c.epochs = 3;
        c.batchSize = 50;
        train(*net, data, c);
        const ProbeReport after = probeOnce(*net, data.train);
        for (const BlockProbe& b : after.blocks) {
            QVERIFY(b.hasAlpha);
            QVERIFY2(b.alpha != 0.0f, qPrintable(QString("block %1").arg(b.block)));
            QCOMPARE(b.alpha, dynamic_cast<ResidualBlock&>(net->block(std::size_t(b.block))).residualScale()->alpha());
        }
        auto plain = buildNetwork(presetByName("spiral-residual-8"));
        initialize(*plain, {}, 3);
        for (const BlockProbe& b : probeOnce(*plain, data.train).blocks)
            QVERIFY(!b.hasAlpha);
    }

    void trainerDeliversProbesAtTheInterval() {
        DataOptions d;
        d.size = 400;
        const Dataset data = loadDataset("spiral", d);
        auto net = buildNetwork(mlpNet({}));
        initialize(*net, {}, 0);
        TrainConfig c;
        c.epochs = 2;
        c.batchSize = 50;
        c.probeInterval = 4;
        std::vector<long long> steps;
        TrainCallbacks cb;
        cb.onProbe = [&](const ProbeReport& p) {
            steps.push_back(p.step);
            QCOMPARE(int(p.blocks.size()), 27);
        };
        train(*net, data, c, {}, cb);
        // 300 training samples / 50 = 6 steps per epoch, 12 in all; probes at steps 1, 5, 9.
        QCOMPARE(steps, (std::vector<long long>{1, 5, 9}));
        QVERIFY(!net->probing());
    }
};

QTEST_APPLESS_MAIN(TestProbes)
#include "test_probes.moc"
