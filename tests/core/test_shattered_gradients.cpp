// tests/core/test_shattered_gradients.cpp: shattered gradients (Balduzzi et al. 2017). The input
// gradient from the backward pass equals central differences of the forward pass; frozen batch
// statistics are the batch's and make the gradient pointwise; the autocorrelation of known
// signals (a sine, white noise, a random walk) is what it must be; the twins share their
// weights; the thread count changes nothing; and the effect itself shows: a deep plain net's
// gradient decorrelates, a ResNet's does not.
#include "core/blocks/plain_block.h"
#include "core/experiments/shattered_gradients.h"
#include "core/layers/batch_norm.h"
#include "core/random.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace core;

namespace {

ShatterConfig small(int width = 16) {
    ShatterConfig c;
    c.width = width;
    c.points = 64;
    c.inits = 2;
    c.maxLag = 8;
    return c;
}

Matrix row(const std::vector<double>& x) {
    Matrix m(1, Eigen::Index(x.size()));
    for (std::size_t i = 0; i < x.size(); ++i)
        m(0, Eigen::Index(i)) = float(x[i]);
    return m;
}

float forwardAt(Network& net, double x) {
    Matrix m(1, 1);
    m(0, 0) = float(x);
    return net.forward(m)(0, 0);
}

}  // namespace

class TestShatteredGradients : public QObject {
    Q_OBJECT

private slots:
    void inputGradientEqualsFiniteDifferences_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("depth");
        QTest::newRow("plain 1") << "plain" << 1;
        QTest::newRow("plain 4") << "plain" << 4;
        QTest::newRow("residual 4") << "residual" << 4;
    }
    void inputGradientEqualsFiniteDifferences() {
        QFETCH(QString, family);
        QFETCH(int, depth);
        const ShatterConfig c = small();
        const std::vector<double> x = shatterInputs(c);
        const std::unique_ptr<Network> net = buildShatterNetwork(family.toStdString(), depth, c, 42);
        freezeBatchStatistics(*net, row(x));
        const std::vector<double> g = inputGradient(*net, row(x));
        QCOMPARE(g.size(), x.size());
        // The network is piecewise linear in x: central differences are exact up to rounding
        // (float outputs of size ~10 over h = 1e-3: ~1e-3 in the slope) unless a bend lies
        // within h of the point, which shows as different one-sided slopes.
        const double h = 1e-3;
        int checked = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double y0 = forwardAt(*net, x[i]);
            const double left = (y0 - forwardAt(*net, x[i] - h)) / h;
            const double right = (forwardAt(*net, x[i] + h) - y0) / h;
            const double scale = std::max({1.0, std::abs(left), std::abs(right)});
            if (std::abs(left - right) > 5e-3 * scale)
                continue;   // a bend between x - h and x + h
            ++checked;
            const double central = 0.5 * (left + right);
            QVERIFY2(std::abs(central - g[i]) <= 1e-2 * std::max(1.0, std::abs(central)),
                     qPrintable(QString("x = %1: backward %2, differences %3").arg(x[i]).arg(g[i]).arg(central)));
        }
        QVERIFY2(checked >= int(x.size()) * 3 / 4, qPrintable(QString("only %1 points checked").arg(checked)));
    }

    void frozenStatisticsAreTheBatchsOwn() {
        const ShatterConfig c = small(8);
        const std::vector<double> x = shatterInputs(c);
        const std::unique_ptr<Network> net = buildShatterNetwork("plain", 2, c, 3);
        freezeBatchStatistics(*net, row(x));
        QVERIFY(!net->training());
        // The block's BN sees z = W relu(W1 x + b1): its running statistics must be z's batch
        // mean and unbiased variance.
        auto& block = dynamic_cast<PlainBlock&>(net->block(0));
        auto& bn = dynamic_cast<BatchNorm&>(block.branch().at(1));
        net->forward(row(x));
        const Matrix z = block.branch().at(0).output();   // (W x B), evaluation mode: same input
        const Vector mean = z.rowwise().mean();
        const Matrix centred = z.colwise() - mean;
        const Vector var = centred.array().square().rowwise().sum() / float(z.cols() - 1);
        QVERIFY((bn.runningMean() - mean).cwiseAbs().maxCoeff() <= 1e-5f * std::max(1.0f, mean.cwiseAbs().maxCoeff()));
        QVERIFY((bn.runningVar() - var).cwiseAbs().maxCoeff() <= 1e-4f * var.maxCoeff());
        QCOMPARE(bn.momentum(), 0.1f);   // restored
        // Frozen statistics make the gradient pointwise: the first 10 inputs alone give the
        // same gradients as in the batch of 64.
        const std::vector<double> all = inputGradient(*net, row(x));
        const std::vector<double> head = inputGradient(*net, row(std::vector<double>(x.begin(), x.begin() + 10)));
        for (std::size_t i = 0; i < head.size(); ++i)
            QVERIFY(std::abs(head[i] - all[i]) <= 1e-5 * std::max(1.0, std::abs(all[i])));
    }

    void autocorrelationOfKnownSignals() {
        // A sine over a whole number of periods: r_k = (n-k)/n cos(2πk/P) up to
        // |sum cos(ω(2i+k))| / n <= 1 / (n |sin ω|) = 0.0025 for n = 4096, P = 64.
        const int n = 4096, period = 64;
        std::vector<double> sine(n);
        for (int i = 0; i < n; ++i)
            sine[std::size_t(i)] = std::sin(2 * std::numbers::pi * i / period);
        const std::vector<double> r = autocorrelation(sine, 32);
        QCOMPARE(r.size(), std::size_t(33));
        QCOMPARE(r[0], 1.0);
        for (int k : {1, 8, 16, 32}) {
            const double want = double(n - k) / n * std::cos(2 * std::numbers::pi * k / period);
            QVERIFY2(std::abs(r[std::size_t(k)] - want) < 0.003, qPrintable(QString("lag %1: %2 vs %3").arg(k).arg(r[std::size_t(k)]).arg(want)));
        }
        // White noise: r_1 has mean -1/n and standard deviation about 1/sqrt(n) = 0.016.
        Rng rng(11);
        std::vector<double> white(n), walk(256);
        for (double& v : white)
            v = rng.normal();
        QVERIFY(std::abs(autocorrelation(white, 1)[1]) < 4.0 / std::sqrt(double(n)));
        // Brown noise (a random walk) stays close to its neighbour: 1 - r_1 is O(1/n) for a walk
        // of n steps; with 256 steps r_1 is far above white noise's.
        double s = 0;
        for (double& v : walk)
            v = s += rng.normal();
        QVERIFY(autocorrelation(walk, 1)[1] > 0.9);
        // A constant has no correlation to speak of.
        QVERIFY(std::isnan(autocorrelation(std::vector<double>(10, 2.0), 1)[1]));
    }

    void twinsShareTheirWeightsAndDepthOneIsOneNetwork() {
        const ShatterConfig c = small();
        const std::unique_ptr<Network> plain = buildShatterNetwork("plain", 5, c, 9);
        const std::unique_ptr<Network> residual = buildShatterNetwork("residual", 5, c, 9);
        const std::vector<ParamView> p = plain->params(), r = residual->params();
        QCOMPARE(p.size(), r.size());
        for (std::size_t k = 0; k < p.size(); ++k) {
            QCOMPARE(p[k].name, r[k].name);
            QVERIFY(Vector(p[k].value) == Vector(r[k].value));
        }
        const ShatterRun a = measureShatterRun("plain", 1, 0, c), b = measureShatterRun("residual", 1, 0, c);
        QVERIFY(a.gradient == b.gradient);
        QCOMPARE(plain->blockCount(), std::size_t(4));   // depth 5: the first layer and 4 blocks
    }

    void threadCountChangesNothing() {
        ShatterConfig c = small();
        c.depths = {1, 3, 6};
        c.threads = 1;
        const ShatterResult one = runShatteredGradients(c);
        c.threads = 3;
        int last = 0;
        const ShatterResult three = runShatteredGradients(c, {}, [&](const ShatterProgress& p) {
            QVERIFY(p.done >= last);
            last = p.done;
        });
        QCOMPARE(last, 2 * 3 * 2);
        QVERIFY(one.complete && three.complete);
        QCOMPARE(one.runs.size(), std::size_t(12));
        for (std::size_t i = 0; i < one.runs.size(); ++i) {
            QCOMPARE(one.runs[i].family, three.runs[i].family);
            QCOMPARE(one.runs[i].depth, three.runs[i].depth);
            QVERIFY(one.runs[i].gradient == three.runs[i].gradient);
        }
        // The summary is the mean over initialisations of each run's r_1.
        for (const ShatterSummary& s : one.summary) {
            double sum = 0;
            for (const ShatterRun& r : one.runs)
                if (r.family == s.family && r.depth == s.depth)
                    sum += r.autocorrelation[1];
            QVERIFY(std::abs(s.lag1 - sum / c.inits) < 1e-12);
            QCOMPARE(s.inits, c.inits);
        }
    }

    void deepPlainGradientsShatterAndResidualOnesDoNot() {
        ShatterConfig c;   // width 200, 256 points on [-2, 2], as Balduzzi et al.
        c.depths = {24, 50};
        c.inits = 3;
        const ShatterResult r = runShatteredGradients(c);
        double plain24 = 1, residual50 = 0;
        for (const ShatterSummary& s : r.summary) {
            if (s.family == "plain" && s.depth == 24)
                plain24 = s.lag1;
            if (s.family == "residual" && s.depth == 50)
                residual50 = s.lag1;
        }
        QVERIFY2(plain24 < 0.2, qPrintable(QString::number(plain24)));         // white noise
        QVERIFY2(residual50 > 0.5, qPrintable(QString::number(residual50)));   // still brown
    }

    void badConfigsAreNamed() {
        ShatterConfig c;
        c.depths = {0};
        QVERIFY(checkShatterConfig(c).front().find("depths") != std::string::npos);
        c = {};
        c.families = {"dense"};
        QVERIFY(checkShatterConfig(c).front().find("dense") != std::string::npos);
        c = {};
        c.maxLag = 300;
        QVERIFY(checkShatterConfig(c).front().find("lag") != std::string::npos);
        QVERIFY(checkShatterConfig(ShatterConfig{}).empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runShatteredGradients(c));
    }

    void stopEndsEarly() {
        ShatterConfig c = small();
        std::stop_source stop;
        stop.request_stop();
        const ShatterResult r = runShatteredGradients(c, stop.get_token());
        QVERIFY(!r.complete);
        QVERIFY(r.runs.empty());
    }
};

QTEST_APPLESS_MAIN(TestShatteredGradients)
#include "test_shattered_gradients.moc"
