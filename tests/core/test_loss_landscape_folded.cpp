// tests/core/test_loss_landscape_folded.cpp: the landscape's folded forward pass (batch norm
// folded into the dense layer before it) computes what the engine computes in evaluation mode,
// for plain and residual nets, at the trained weights and far from them; networks it cannot
// fold are refused with the reason, so the landscape falls back to the engine.
#include "core/experiments/loss_landscape.h"
#include "core/experiments/loss_landscape_folded.h"
#include "core/blocks/residual_block.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/data/dataset_registry.h"
#include "core/train/trainer.h"

#include <cmath>

#include <QtTest>

using namespace core;

namespace {

NetworkSpec spiral(int depth, bool residual, Activation activation = Activation::ReLU) {
    MlpOptions o;
    o.depth = depth;
    o.residual = residual;
    o.width = 16;
    o.activation = activation;
    return mlpNet(o);
}

// The largest difference between the two forward passes, relative to the largest logit.
double worstDifference(Network& net, FoldedNetwork& folded, const Matrix& x) {
    net.setTraining(false);
    const Matrix engine = net.forward(x);
    folded.refold();
    const Matrix& fast = folded.forward(x);
    return (fast - engine).cwiseAbs().maxCoeff() / std::max(1.0f, engine.cwiseAbs().maxCoeff());
}

}  // namespace

class TestLossLandscapeFolded : public QObject {
    Q_OBJECT

private slots:
    void foldedEqualsTheEnginesEvaluationForward_data() {
        QTest::addColumn<int>("depth");
        QTest::addColumn<bool>("residual");
        QTest::newRow("plain 8") << 8 << false;
        QTest::newRow("residual 8") << 8 << true;
        QTest::newRow("plain 56") << 56 << false;
        QTest::newRow("residual 56") << 56 << true;
    }
    void foldedEqualsTheEnginesEvaluationForward() {
        QFETCH(int, depth);
        QFETCH(bool, residual);
        DataOptions d;
        d.size = 400;
        const Dataset data = loadDataset("spiral", d);
        TrainConfig c;
        c.epochs = 2;
        c.threads = 1;
        std::vector<TrainedNetwork> nets = trainNetworks({spiral(depth, residual)}, data, c);
        Network& net = *nets[0].net;
        std::string why;
        const std::unique_ptr<FoldedNetwork> folded = FoldedNetwork::fold(net, &why);
        QVERIFY2(folded, why.c_str());
        QVERIFY(worstDifference(net, *folded, data.train.x) < 1e-5);
        // Far from the trained weights (a filter-normalised step of 1, where a deep plain net's
        // logits reach 1e10) the two still agree to float precision.
        const ParameterDirection dir = filterNormalizedDirection(net, 4, 0);
        std::vector<ParamView> params = net.params();
        for (std::size_t k = 0; k < params.size(); ++k)
            params[k].value += dir[k];
        QVERIFY(worstDifference(net, *folded, data.train.x) < 1e-4);
        // refold() reads the parameters as they are now.
        for (std::size_t k = 0; k < params.size(); ++k)
            params[k].value -= 2.0f * dir[k];
        QVERIFY(worstDifference(net, *folded, data.train.x) < 1e-4);
    }

    // The whole grid, folded against the engine's layer-by-layer pass (LandscapeConfig::fold).
    // Tolerance: float32 rounds each unit's result to 6e-8 relative; folding only reorders
    // those roundings (s·(W x) against (s·W) x, and (x − μ)·s + β against s·x + (β − s·μ)),
    // and 56 layers can amplify the difference by a few hundred. On the default 56-layer twins
    // the worst relative difference over both 41x41 grids is 1.2e-5 (plain, where the loss
    // reaches 2e12) and 1.4e-6 (residual); 1e-4 leaves room for another compiler's rounding
    // and nothing more. The error may differ by one sample: a sample whose two largest logits
    // are within rounding of each other can be counted either way.
    void foldedGridEqualsTheEnginesGrid_data() {
        QTest::addColumn<int>("depth");
        QTest::addColumn<bool>("residual");
        QTest::newRow("plain 56") << 56 << false;
        QTest::newRow("residual 56") << 56 << true;
    }
    void foldedGridEqualsTheEnginesGrid() {
        QFETCH(int, depth);
        QFETCH(bool, residual);
        DataOptions d;
        d.size = 400;
        const Dataset data = loadDataset("spiral", d);
        TrainConfig c;
        c.epochs = 2;
        c.threads = 1;
        std::vector<TrainedNetwork> nets = trainNetworks({spiral(depth, residual)}, data, c);
        LandscapeConfig lc;
        lc.grid = 5;
        lc.threads = 1;
        const PlaneSurface folded = computeLandscapes(nets, data.train, lc).front();
        lc.fold = false;
        const PlaneSurface engine = computeLandscapes(nets, data.train, lc).front();
        QVERIFY(folded.complete && engine.complete);
        const double oneSample = 1.0 / double(data.train.size());
        for (Eigen::Index i = 0; i < folded.loss.rows(); ++i)
            for (Eigen::Index j = 0; j < folded.loss.cols(); ++j) {
                const double f = folded.loss(i, j), e = engine.loss(i, j);
                QVERIFY2(std::isfinite(f) && std::abs(f - e) <= 1e-4 * std::abs(e),
                         qPrintable(QString("(%1, %2): folded %3, engine %4").arg(i).arg(j).arg(f).arg(e)));
                QVERIFY(std::abs(folded.error(i, j) - engine.error(i, j)) <= oneSample + 1e-12);
            }
        // A far corner is a different function, not the centre again: the grid is not trivial.
        QVERIFY(folded.loss(0, 0) > 1.5 * folded.loss(2, 2));
    }

    void whatCannotBeFoldedIsRefused() {
        std::string why;
        CifarOptions o;
        o.n = 1;
        o.channels = 1;
        o.height = 8;
        o.width = 8;
        const std::unique_ptr<Network> conv = buildNetwork(cifarResNet(o));
        QVERIFY(!FoldedNetwork::fold(*conv, &why));
        QVERIFY2(why.find("Conv2d") != std::string::npos, why.c_str());

        const std::unique_ptr<Network> tanh = buildNetwork(spiral(8, true, Activation::Tanh));
        QVERIFY(!FoldedNetwork::fold(*tanh, &why));
        QVERIFY2(why.find("Tanh") != std::string::npos, why.c_str());

        const std::unique_ptr<Network> lesioned = buildNetwork(spiral(8, true));
        dynamic_cast<ResidualBlock&>(lesioned->block(1)).setBypassed(true);
        QVERIFY(!FoldedNetwork::fold(*lesioned, &why));
        QVERIFY2(why.find("removed") != std::string::npos, why.c_str());
    }

    void unfoldableNetworksStillGetTheirLandscape() {
        // A tanh net takes the engine's forward pass: its centre is still its evaluation loss.
        DataOptions d;
        d.size = 400;
        const Dataset data = loadDataset("spiral", d);
        TrainConfig c;
        c.epochs = 2;
        c.threads = 1;
        std::vector<TrainedNetwork> nets = trainNetworks({spiral(8, true, Activation::Tanh)}, data, c);
        LandscapeConfig lc;
        lc.grid = 3;
        const PlaneSurface s = computeLandscapes(nets, data.train, lc).front();
        const EvalResult e = evaluate(*nets[0].net, data.train);
        QVERIFY(std::abs(s.loss(1, 1) - e.loss) <= 1e-5 * e.loss);
    }
};

QTEST_APPLESS_MAIN(TestLossLandscapeFolded)
#include "test_loss_landscape_folded.moc"
