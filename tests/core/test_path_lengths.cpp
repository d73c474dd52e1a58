// tests/core/test_path_lengths.cpp: the unraveled view (Veit et al. 2016). The path-length
// distribution is the binomial C(n, k) / 2^n, exactly; the gradient of one path is measured by
// restricting each block's backward pass to one route, and the 2^n path gradients add up to
// the true gradient; longer paths carry less gradient where the branches shrink it; the
// effective range covers the requested share; small networks unravel into drawable paths.
#include <QtTest>

#include "core/blocks/residual_block.h"
#include "core/experiments/path_lengths.h"
#include "core/init/initializer.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "support/fixtures.h"

#include <cmath>
#include <set>

using namespace core;
using Route = ResidualBlock::GradientRoute;

namespace {

// A small labelled batch of 2-D points.
Split pointBatch(int n, std::uint64_t seed) {
    Split s;
    s.x = testsupport::randomMatrix(2, n, seed);
    s.y = Labels(n);
    for (int i = 0; i < n; ++i)
        s.y(i) = i % 3;
    return s;
}

std::unique_ptr<Network> residualMlp(int depth, Activation activation, bool batchNorm, std::uint64_t seed,
                                     InitScheme scheme = InitScheme::He) {
    MlpOptions o;
    o.depth = depth;
    o.activation = activation;
    o.batchNorm = batchNorm;
    auto net = buildNetwork(mlpNet(o));
    InitOptions init;
    init.scheme = scheme;
    initialize(*net, init, seed);
    return net;
}

}  // namespace

class TestPathLengths : public QObject {
    Q_OBJECT

private slots:
    void distributionIsTheBinomialExactly() {
        // Pascal's triangle in integers, independently of the code under test.
        std::vector<std::vector<std::uint64_t>> pascal(61);
        for (int n = 0; n <= 60; ++n) {
            pascal[std::size_t(n)].assign(std::size_t(n) + 1, 1);
            for (int k = 1; k < n; ++k)
                pascal[std::size_t(n)][std::size_t(k)] =
                    pascal[std::size_t(n) - 1][std::size_t(k) - 1] + pascal[std::size_t(n) - 1][std::size_t(k)];
        }
        for (int n = 0; n <= 60; ++n) {
            const PathLengthResult r = pathLengthDistribution(n);
            QCOMPARE(r.blocks, n);
            QCOMPARE(int(r.rows.size()), n + 1);
            long double total = 0;
            for (int k = 0; k <= n; ++k) {
                const PathLengthRow& row = r.rows[std::size_t(k)];
                const std::uint64_t expected = pascal[std::size_t(n)][std::size_t(k)];
                QCOMPARE(row.length, k);
                QCOMPARE(row.exactCount, expected);
                QCOMPARE(binomialExact(n, k), expected);
                QVERIFY(row.count == static_cast<long double>(expected));
                // fraction = C(n, k) / 2^n with no rounding: scaling back gives the count.
                QVERIFY(std::ldexp(row.fraction, n) == row.count);
                total += row.fraction;
            }
            QVERIFY2(total == 1.0L, qPrintable(QString("n = %1: the fractions sum to %2").arg(n).arg(double(total - 1))));
        }
        QCOMPARE(binomialExact(60, 30), std::uint64_t(118264581564861424ULL));
        QCOMPARE(pathLengthDistribution(54).rows[27].exactCount, std::uint64_t(1946939425648112ULL));   // ResNet-110
    }

    void largeNetworksUseLogGamma() {
        const int n = 500;
        const PathLengthResult r = pathLengthDistribution(n);
        long double total = 0;
        for (const PathLengthRow& row : r.rows) {
            QCOMPARE(row.exactCount, std::uint64_t(0));
            const long double viaLgamma = binomial(n, row.length);
            QVERIFY(std::abs(row.count / viaLgamma - 1.0L) < 1e-12L);
            QVERIFY(std::abs(row.count / r.rows[std::size_t(n - row.length)].count - 1.0L) < 1e-12L);
            total += row.fraction;
        }
        QVERIFY(std::abs(total - 1.0L) < 1e-12L);
        QCOMPARE(r.meanPathLength, 250.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, binomialExact(61, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, binomialExact(5, 6));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pathLengthDistribution(-1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pathLengthDistribution(kMaxPathBlocks + 1));
    }

    void pathGradientsAddUpToTheTrueGradient() {
        // Backward is linear in dy once the forward pass is fixed, and each block's gradient is
        // the sum of its two routes: so the sum over all 2^n paths is the full gradient.
        auto net = residualMlp(8, Activation::ReLU, true, 3);   // 3 residual blocks
        const Split batch = pointBatch(16, 4);
        net->setTraining(false);
        SoftmaxCrossEntropy loss;
        loss.forward(net->forward(batch.x), batch.y);
        const Matrix dTop = net->head().backprop(loss.backward());
        auto through = [&](unsigned mask, bool all) {
            for (std::size_t k = 0; k < net->blockCount(); ++k)
                dynamic_cast<ResidualBlock&>(net->block(k))
                    .setGradientRoute(all ? Route::Both : ((mask >> k) & 1u) ? Route::BranchOnly : Route::ShortcutOnly);
            Matrix d = dTop;
            for (std::size_t k = net->blockCount(); k-- > 0;)
                d = net->block(k).backprop(d);
            return d;
        };
        const Matrix full = through(0, true);
        Matrix sum = Matrix::Zero(full.rows(), full.cols());
        for (unsigned mask = 0; mask < 8; ++mask)
            sum += through(mask, false);
        QVERIFY2(testsupport::maxAbsDiff(sum, full) < 1e-6 * std::max(1.0, double(full.cwiseAbs().maxCoeff())),
                 "the 8 path gradients must add up to the full gradient");
    }

    void longerPathsCarryLessGradientWhenBranchesShrink() {
        // Sigmoid branches without batch norm (Xavier init): every branch multiplies the gradient
        // by a Jacobian of norm well below 1 (sigma' <= 1/4), so each extra branch on a path
        // shrinks it.
        auto net = residualMlp(14, Activation::Sigmoid, false, 5, InitScheme::Xavier);   // 6 blocks
        const Split data = pointBatch(128, 6);
        PathGradientOptions options;
        options.samples = 30;
        options.batchStatistics = true;
        const PathLengthResult r = measurePathLengths(*net, data, options);
        QVERIFY(r.measured);
        QCOMPARE(r.blocks, 6);
        for (const PathLengthRow& row : r.rows) {
            qInfo("k = %d: %2d paths, gradient %.4g (spread %.2g, %d sampled), share of total %.3f", row.length,
                  int(row.exactCount), row.gradientNorm, row.gradientSpread, row.pathsSampled, row.contributionShare);
            QVERIFY(std::isfinite(row.gradientNorm));
            QVERIFY(row.gradientNorm > 0);
            QVERIFY(row.gradientSpread >= 0);
            // C(6, k) <= 30 for every k: every path is measured, none sampled twice.
            QCOMPARE(row.pathsSampled, int(row.exactCount));
        }
        for (int k = 0; k < 6; ++k)
            QVERIFY2(r.rows[std::size_t(k) + 1].gradientNorm < r.rows[std::size_t(k)].gradientNorm,
                     qPrintable(QString("length %1 should carry less gradient than %2").arg(k + 1).arg(k)));
        // The total is weighted toward short paths: the peak lies below n / 2 = 3.
        QVERIFY(r.peakLength < 3);
        QVERIFY(r.meanLength < r.meanPathLength);
    }

    void measurementLeavesTheNetworkAsItWas() {
        auto net = residualMlp(10, Activation::ReLU, true, 7);   // 4 blocks
        const Split data = pointBatch(40, 8);
        net->setTraining(false);
        const Matrix before = net->forward(data.x);
        std::vector<Vector> buffers;
        for (const BufferView& b : net->buffers())
            buffers.push_back(b.value);
        PathGradientOptions options;
        options.samples = 3;   // fewer than C(4, 2) = 6: sampled
        options.batchStatistics = true;   // updates BN statistics during the forward pass
        int calls = 0, total = 0;
        const PathLengthResult r = measurePathLengths(*net, data, options, {}, [&](const PathGradientProgress& p) {
            ++calls;
            total = p.total;
        });
        QCOMPARE(calls, total);
        QCOMPARE(total, 1 + 3 + 3 + 3 + 1);
        QCOMPARE(r.rows[2].pathsSampled, 3);
        QVERIFY(!net->training());
        std::size_t i = 0;
        for (const BufferView& b : net->buffers())
            QVERIFY(b.value == buffers[i++]);
        for (std::size_t k = 0; k < net->blockCount(); ++k)
            QVERIFY(dynamic_cast<ResidualBlock&>(net->block(k)).gradientRoute() == Route::Both);
        for (const ParamView& p : net->params())
            QCOMPARE(double(p.grad.cwiseAbs().maxCoeff()), 0.0);
        QCOMPARE(testsupport::maxAbsDiff(net->forward(data.x), before), 0.0);
        // Seeded: the same options give the same numbers.
        const PathLengthResult again = measurePathLengths(*net, data, options);
        for (std::size_t k = 0; k < r.rows.size(); ++k)
            QCOMPARE(again.rows[k].gradientNorm, r.rows[k].gradientNorm);
    }

    void plainNetworkHasNoPaths() {
        MlpOptions o;
        o.depth = 8;
        o.residual = false;
        auto net = buildNetwork(mlpNet(o));
        initialize(*net, {}, 1);
        try {
            measurePathLengths(*net, pointBatch(8, 1));
            QFAIL("a plain network has no path-length distribution");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString(e.what()).contains("no residual block"));
        }
        PathGradientOptions bad;
        bad.samples = 0;
        QVERIFY(!checkPathGradientOptions(bad).empty());
    }

    void effectiveRangeCoversTheShare() {
        PathLengthResult r = pathLengthDistribution(20);
        r.measured = true;
        for (PathLengthRow& row : r.rows)
            row.gradientNorm = std::pow(0.3, row.length);   // gradient shrinking with length
        computeContributions(r, 0.9);
        double inside = 0, below = 0, above = 0, sum = 0;
        for (const PathLengthRow& row : r.rows) {
            sum += row.contributionShare;
            if (row.length < r.effectiveLow)
                below += row.contributionShare;
            else if (row.length > r.effectiveHigh)
                above += row.contributionShare;
            else
                inside += row.contributionShare;
        }
        qInfo("effective lengths %d..%d carry %.3f; peak %d, mean %.2f", r.effectiveLow, r.effectiveHigh, inside,
              r.peakLength, r.meanLength);
        QVERIFY(std::abs(sum - 1.0) < 1e-12);
        QVERIFY(inside >= 0.9 - 1e-12);
        QVERIFY(below <= 0.05 + 1e-12 && above <= 0.05 + 1e-12);
        // Count x 0.3^k is binomial with p = 0.3 / 1.3: mean n p = 4.62, mode floor(21 p) = 4.
        QCOMPARE(r.peakLength, 4);
        QVERIFY(std::abs(r.meanLength - 20 * 0.3 / 1.3) < 1e-9);
        // Without gradients, the range is that of the path counts, centred on n / 2.
        const PathLengthResult counts = pathLengthDistribution(20);
        QCOMPARE(counts.peakLength, 10);
        QCOMPARE(counts.effectiveLow, 20 - counts.effectiveHigh);
    }

    void smallNetworksUnravel() {
        const UnraveledGraph g = unravel(3);
        QCOMPARE(g.blocks, 3);
        QCOMPARE(int(g.paths.size()), 8);
        QCOMPARE(g.pathsByLength, (std::vector<int>{1, 3, 3, 1}));
        QCOMPARE(g.paths.front().length, 0);
        QCOMPARE(g.paths.front().label, std::string("x → y"));
        QCOMPARE(g.paths.back().length, 3);
        QCOMPARE(g.paths.back().label, std::string("x → f1 → f2 → f3 → y"));
        std::set<std::uint32_t> masks;
        for (std::size_t i = 0; i < g.paths.size(); ++i) {
            const UnraveledPath& p = g.paths[i];
            masks.insert(p.mask);
            QCOMPARE(int(p.throughBranch.size()), 3);
            int ones = 0;
            for (int b = 0; b < 3; ++b) {
                QCOMPARE(bool(p.throughBranch[std::size_t(b)]), bool((p.mask >> b) & 1u));
                ones += p.throughBranch[std::size_t(b)] ? 1 : 0;
            }
            QCOMPARE(p.length, ones);
            if (i > 0)
                QVERIFY(g.paths[i - 1].length <= p.length);
        }
        QCOMPARE(int(masks.size()), 8);
        QCOMPARE(g.expansion, std::string("y3 = (1 + f3) ∘ (1 + f2) ∘ (1 + f1) (y0)"));
        QCOMPARE(int(unravel(0).paths.size()), 1);
        QCOMPARE(int(unravel(kMaxUnraveledBlocks).paths.size()), 1 << kMaxUnraveledBlocks);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, unravel(kMaxUnraveledBlocks + 1));
    }
};

QTEST_APPLESS_MAIN(TestPathLengths)
#include "test_path_lengths.moc"
