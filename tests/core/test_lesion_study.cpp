// tests/core/test_lesion_study.cpp: removing blocks from a trained network at test time (Veit
// et al. 2016, sec. 4). A trained ResNet degrades gracefully when one block is removed, the
// plain twin does not; removal keeps the output shape and is undone exactly; a plain block
// that changes the shape is refused with a message; the random draws are seeded.
#include <QtTest>

#include "core/data/dataset_registry.h"
#include "core/experiments/depth_sweep.h"
#include "core/experiments/lesion_study.h"
#include "core/experiments/twin_training.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"
#include "support/fixtures.h"

#include <cmath>
#include <numeric>

using namespace core;

namespace {

double meanSingleError(const LesionResult& r) {
    double sum = 0;
    int n = 0;
    for (const SingleLesion& s : r.single)
        if (s.removable) {
            sum += s.testError;
            ++n;
        }
    return n ? sum / n : NAN;
}

// A plain chain whose second block halves the width: it cannot be bypassed.
NetworkSpec narrowingPlainNet() {
    MlpOptions o;
    o.depth = 8;
    o.residual = false;
    NetworkSpec spec = mlpNet(o);
    spec.blocks[1].width = 16;
    spec.blocks[2].width = 16;
    return spec;
}

}  // namespace

class TestLesionStudy : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // The trained pair the graceful-degradation test uses: 20 layers (9 blocks), 15 epochs.
        const SweepConfig sweep = defaultSweep();
        m_data = loadDataset(sweep.data, sweep.dataOptions);
        MlpOptions o;
        o.depth = 20;
        TrainConfig config = sweep.train;
        config.epochs = 15;
        m_pair = trainNetworks(twinSpecs(mlpNet(o)), m_data, config);
        QCOMPARE(int(m_pair.size()), 2);
        QCOMPARE(m_pair[0].family, std::string("plain"));
        QCOMPARE(m_pair[1].family, std::string("residual"));
        QCOMPARE(m_pair[0].spec.name, std::string("spiral-plain-20"));
        QCOMPARE(m_pair[1].spec.name, std::string("spiral-residual-20"));
        QCOMPARE(twinSpecs(presetByName("resnet20"))[0].name, std::string("Plain-20"));
        QCOMPARE(twinSpecs(presetByName("plain20"))[1].name, std::string("ResNet-20"));
        QVERIFY(twinSpecs(presetByName("plain20"))[1] == presetByName("resnet20"));
    }

    // The default study must start from a plain net that trained (Veit et al. lesion a VGG that
    // trained): its intact test error is under 5% with the sweep's settings, and the residual
    // net is at least as deep. (A 56-layer plain net never trains: 0.57 before any removal.)
    void defaultNetworksStartFromATrainedPlainNet() {
        const std::vector<NetworkSpec> specs = defaultLesionNetworks();
        QCOMPARE(int(specs.size()), 2);
        QCOMPARE(familyOf(specs[0]), std::string("plain"));
        QCOMPARE(familyOf(specs[1]), std::string("residual"));
        QVERIFY(analyze(specs[1]).depth >= analyze(specs[0]).depth);
        QCOMPARE(analyze(specs[0]).depth, kDefaultLesionPlainDepth);
        QCOMPARE(analyze(specs[1]).depth, kDefaultLesionResidualDepth);
        const SweepConfig sweep = defaultSweep();
        std::vector<TrainedNetwork> plain = trainNetworks({specs[0]}, m_data, sweep.train);
        LesionConfig config;
        config.removedCounts = {1};
        config.draws = 1;
        const LesionResult r = runLesionStudy(*plain[0].net, m_data.test, config);
        QVERIFY2(r.baselineError < 0.05, qPrintable(QString::number(r.baselineError)));
        // ...and removing one of its blocks breaks it: the collapse is visible.
        QVERIFY2(meanSingleError(r) > r.baselineError + 0.2, qPrintable(QString::number(meanSingleError(r))));
    }

    void residualDegradesGracefullyPlainDoesNot() {
        LesionConfig config;
        config.draws = 5;
        config.removedCounts = {1, 2, 4};
        const LesionResult plain = runLesionStudy(*m_pair[0].net, m_data.test, config);
        const LesionResult residual = runLesionStudy(*m_pair[1].net, m_data.test, config);
        const double plainMean = meanSingleError(plain), residualMean = meanSingleError(residual);
        qInfo("intact test error: plain %.3f, residual %.3f; one block removed (mean over blocks): plain %.3f, "
              "residual %.3f",
              plain.baselineError, residual.baselineError, plainMean, residualMean);
        for (const LesionPoint& p : residual.curve)
            qInfo("k = %d: residual %.3f (%.3f..%.3f)", p.removedCount, p.meanError, p.minError, p.maxError);
        for (const LesionPoint& p : plain.curve)
            qInfo("k = %d: plain    %.3f (%.3f..%.3f)", p.removedCount, p.meanError, p.minError, p.maxError);
        QVERIFY2(plain.baselineError < 0.15, "the 20-layer plain net should have learned the spiral");
        QVERIFY2(residual.baselineError < 0.15, "the 20-layer residual net should have learned the spiral");
        QVERIFY2(residualMean + 0.2 < plainMean, "removing one block must hurt the plain net far more");
        QCOMPARE(plain.removableBlocks, 9);
        QCOMPARE(residual.removableBlocks, 9);
        // The curve: the intact network first, then each k with its draws.
        QCOMPARE(int(residual.curve.size()), 4);
        QCOMPARE(residual.curve[0].removedCount, 0);
        QCOMPARE(residual.curve[0].meanError, residual.baselineError);
        QCOMPARE(int(residual.draws.size()), 15);
        for (const LesionPoint& p : residual.curve) {
            QVERIFY(p.minError <= p.meanError && p.meanError <= p.maxError);
            QVERIFY(p.stdError >= 0);
        }
    }

    void removalKeepsShapeAndIsUndoneExactly() {
        Network& net = *m_pair[1].net;
        net.setTraining(false);
        const Matrix x = m_data.test.x.leftCols(64);
        const Matrix before = net.forward(x);
        {
            const BlockRemoval removal(net, {2, 5});
            const Matrix lesioned = net.forward(x);
            QCOMPARE(lesioned.rows(), before.rows());
            QCOMPARE(lesioned.cols(), before.cols());
            QVERIFY(testsupport::maxAbsDiff(lesioned, before) > 0.0);
        }
        QCOMPARE(testsupport::maxAbsDiff(net.forward(x), before), 0.0);
        // The study itself leaves the network as it was: the same logits and mode.
        LesionConfig config;
        config.draws = 2;
        config.removedCounts = {3};
        runLesionStudy(net, m_data.test, config);
        QVERIFY(!net.training());
        QCOMPARE(testsupport::maxAbsDiff(net.forward(x), before), 0.0);
        net.setTraining(true);
    }

    void drawsAreSeededAndDistinct() {
        LesionConfig config;
        config.draws = 4;
        config.removedCounts = {3};
        config.seed = 7;
        const LesionResult a = runLesionStudy(*m_pair[1].net, m_data.test, config);
        const LesionResult b = runLesionStudy(*m_pair[1].net, m_data.test, config);
        config.removedCounts = {1, 3};   // another k does not change the draws of k = 3
        const LesionResult c = runLesionStudy(*m_pair[1].net, m_data.test, config);
        QCOMPARE(int(a.draws.size()), 4);
        for (int d = 0; d < 4; ++d) {
            QCOMPARE(a.draws[std::size_t(d)].removed, b.draws[std::size_t(d)].removed);
            QCOMPARE(a.draws[std::size_t(d)].testError, b.draws[std::size_t(d)].testError);
            QCOMPARE(a.draws[std::size_t(d)].removed, c.draws[std::size_t(4 + d)].removed);
            const std::vector<int>& removed = a.draws[std::size_t(d)].removed;
            QCOMPARE(int(removed.size()), 3);
            QVERIFY(std::is_sorted(removed.begin(), removed.end()));
            QVERIFY(std::adjacent_find(removed.begin(), removed.end()) == removed.end());
            QVERIFY(removed.front() >= 0 && removed.back() < 9);
        }
    }

    void defaultCountsAndTooManyBlocks() {
        LesionConfig config;
        QCOMPARE(lesionCounts(config, 27), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        QCOMPARE(lesionCounts(config, 3), (std::vector<int>{1, 2, 3}));
        config.removedCounts = {12, 1, 12};
        config.draws = 1;
        QCOMPARE(lesionCounts(config, 27), (std::vector<int>{1, 12}));
        const LesionResult r = runLesionStudy(*m_pair[1].net, m_data.test, config);
        QCOMPARE(int(r.curve.size()), 2);   // k = 0 and 1; 12 > 9 blocks is skipped with a note
        QVERIFY(!r.notes.empty());
        QVERIFY(QString::fromStdString(r.notes.back()).contains("only 9 can be removed"));
    }

    void plainBlockThatChangesShapeIsRefused() {
        auto net = buildNetwork(narrowingPlainNet());
        initialize(*net, {}, 1);
        std::string why;
        QVERIFY(blockRemovable(*net, 0, &why));
        QVERIFY(!blockRemovable(*net, 1, &why));
        QVERIFY2(QString::fromStdString(why).contains("block 1 is a plain block that changes the shape from 32 to 16"),
                 why.c_str());
        QVERIFY(blockRemovable(*net, 2));   // 16 -> 16
        QVERIFY(!blockRemovable(*net, 99, &why));
        QVERIFY(QString::fromStdString(why).contains("there is no block 99"));
        try {
            BlockRemoval removal(*net, {0, 1});
            QFAIL("a shape-changing plain block must be refused");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString(e.what()).contains("cannot be removed"));
        }
        // Nothing stays removed after the refusal.
        const Matrix x = m_data.test.x.leftCols(8);
        net->setTraining(false);
        const Matrix before = net->forward(x);
        QCOMPARE(testsupport::maxAbsDiff(net->forward(x), before), 0.0);

        LesionConfig config;
        config.draws = 2;
        config.removedCounts = {1, 2};
        const LesionResult r = runLesionStudy(*net, m_data.test, config);
        QCOMPARE(r.removableBlocks, r.blocks - 1);
        QVERIFY(!r.single[1].removable);
        QVERIFY(std::isnan(r.single[1].testError));
        QVERIFY(!r.notes.empty());
        QVERIFY(QString::fromStdString(r.notes.front()).contains("cannot be removed"));
        for (const LesionDraw& d : r.draws)
            QVERIFY(std::find(d.removed.begin(), d.removed.end(), 1) == d.removed.end());
    }

    void badConfigIsRefused() {
        LesionConfig config;
        config.draws = 0;
        QVERIFY(!checkLesionConfig(config).empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runLesionStudy(*m_pair[1].net, m_data.test, config));
        config.draws = 1;
        config.removedCounts = {0};
        QVERIFY(!checkLesionConfig(config).empty());
        Split wrong;
        wrong.x = Matrix::Zero(5, 3);
        wrong.y = Labels::Zero(3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runLesionStudy(*m_pair[1].net, wrong, LesionConfig{}));
    }

private:
    Dataset m_data;
    std::vector<TrainedNetwork> m_pair;
};

QTEST_APPLESS_MAIN(TestLesionStudy)
#include "test_lesion_study.moc"
