// tests/core/test_block_bypass.cpp: the two switches of a block used by the unraveled view
// (Veit et al. 2016). Bypass: a residual block without its branch computes g(S(x)), a plain
// block whose shapes match passes x through, and switching back restores the block exactly.
// Gradient route: backward through the shortcut only or the branch only; the two routes add
// up to the true gradient, and the normal backward is untouched.
#include <QtTest>

#include "core/blocks/plain_block.h"
#include "core/blocks/residual_block.h"
#include "core/check.h"
#include "core/spec/build_network.h"
#include "support/gradient_check.h"

using core::BlockSpec;
using core::Matrix;
using core::PlainBlock;
using core::ResidualBlock;
using core::Shape;
using core::ShortcutKind;
using Route = core::ResidualBlock::GradientRoute;

namespace {

BlockSpec block(int width, ShortcutKind shortcut) {
    BlockSpec b;
    b.width = width;
    b.shortcut = shortcut;
    return b;
}

std::unique_ptr<core::Layer> built(const BlockSpec& spec, int in, std::uint64_t seed) {
    auto layer = core::buildBlock(spec, Shape::vector(in));
    testsupport::randomizeParams(*layer, seed, 0.5);
    return layer;
}

// |N(0, 1)| + 0.05: a strictly positive input, as a block receives after a ReLU.
Matrix positive(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
    return (testsupport::randomMatrix(rows, cols, seed).array().abs() + 0.05f).matrix();
}

}  // namespace

class TestBlockBypass : public QObject {
    Q_OBJECT

private slots:
    void residualBypassKeepsTheShortcut() {
        auto layer = built(block(6, ShortcutKind::Identity), 6, 1);
        auto& res = dynamic_cast<ResidualBlock&>(*layer);
        const Matrix x = positive(6, 5, 2);
        const Matrix normal = res.forward(x);
        res.setBypassed(true);
        QVERIFY(res.bypassed());
        const Matrix removed = res.forward(x);
        QCOMPARE(removed.rows(), normal.rows());
        QCOMPARE(removed.cols(), normal.cols());
        // Identity shortcut after a ReLU: g(x) = x exactly.
        QCOMPARE(testsupport::maxAbsDiff(removed, x), 0.0);
        QVERIFY(testsupport::maxAbsDiff(removed, normal) > 1e-3);
        res.setBypassed(false);
        QCOMPARE(testsupport::maxAbsDiff(res.forward(x), normal), 0.0);
    }

    void projectionBypassIsActivationOfTheShortcut() {
        auto layer = built(block(4, ShortcutKind::Projection), 6, 3);
        auto& res = dynamic_cast<ResidualBlock&>(*layer);
        const Matrix x = testsupport::randomMatrix(6, 7, 4);
        res.setTraining(false);
        res.setBypassed(true);
        const Matrix removed = res.forward(x);
        const Matrix expected = res.shortcut().forward(x).cwiseMax(0.0f);
        QCOMPARE(testsupport::maxAbsDiff(removed, expected), 0.0);
    }

    void bypassedGradientsAreThoseOfTheShortcutPath() {
        auto layer = built(block(5, ShortcutKind::Projection), 4, 5);
        auto& res = dynamic_cast<ResidualBlock&>(*layer);
        res.setBypassed(true);
        const Matrix x = testsupport::randomAwayFromZero(4, 3, 6, 0.1f);
        const Matrix G = testsupport::randomMatrix(5, 3, 7);
        const auto input = testsupport::checkInputGradient(res, x, G, 1e-2f);
        QVERIFY2(input.ok(2e-2), input.describe().c_str());
        // The branch takes no part: its gradients stay zero.
        testsupport::zeroParamGrads(res);
        res.forward(x);
        res.backward(G);
        for (const core::ParamView& p : res.branch().params())
            QCOMPARE(double(p.grad.cwiseAbs().maxCoeff()), 0.0);
    }

    void plainBypassPassesTheInput() {
        auto layer = built(block(6, ShortcutKind::None), 6, 8);
        auto& plain = dynamic_cast<PlainBlock&>(*layer);
        QVERIFY(plain.canBypass());
        const Matrix x = testsupport::randomMatrix(6, 4, 9);
        const Matrix normal = plain.forward(x);
        plain.setBypassed(true);
        QCOMPARE(testsupport::maxAbsDiff(plain.forward(x), x), 0.0);
        QCOMPARE(testsupport::maxAbsDiff(plain.output(), x), 0.0);
        const Matrix dy = testsupport::randomMatrix(6, 4, 10);
        QCOMPARE(testsupport::maxAbsDiff(plain.backward(dy), dy), 0.0);
        plain.setBypassed(false);
        QCOMPARE(testsupport::maxAbsDiff(plain.forward(x), normal), 0.0);
    }

    void plainBlockThatChangesShapeCannotBeBypassed() {
        auto layer = built(block(3, ShortcutKind::None), 6, 11);
        auto& plain = dynamic_cast<PlainBlock&>(*layer);
        QVERIFY(!plain.canBypass());
        QVERIFY_THROWS_EXCEPTION(core::ContractError, plain.setBypassed(true));
        QVERIFY(!plain.bypassed());
    }

    void routesAddUpToTheTrueGradient() {
        for (ShortcutKind kind : {ShortcutKind::Identity, ShortcutKind::Projection}) {
            auto layer = built(block(5, kind), 5, 12);
            auto& res = dynamic_cast<ResidualBlock&>(*layer);
            const Matrix x = positive(5, 6, 13);
            const Matrix dy = testsupport::randomMatrix(5, 6, 14);
            res.forward(x);
            const Matrix both = res.backward(dy);
            res.setGradientRoute(Route::ShortcutOnly);
            const Matrix viaShortcut = res.backward(dy);
            res.setGradientRoute(Route::BranchOnly);
            const Matrix viaBranch = res.backward(dy);
            QVERIFY(testsupport::maxAbsDiff(viaShortcut + viaBranch, both) < 1e-5);
            QVERIFY(testsupport::maxAbsDiff(viaBranch, Matrix::Zero(5, 6)) > 1e-4);
            res.setGradientRoute(Route::Both);
            QCOMPARE(testsupport::maxAbsDiff(res.backward(dy), both), 0.0);
        }
    }

    void identityShortcutRouteIsTheActivationGradient() {
        auto layer = built(block(4, ShortcutKind::Identity), 4, 15);
        auto& res = dynamic_cast<ResidualBlock&>(*layer);
        const Matrix x = positive(4, 5, 16);
        const Matrix out = res.forward(x);
        const Matrix dy = testsupport::randomMatrix(4, 5, 17);
        res.setGradientRoute(Route::ShortcutOnly);
        // dx = g'(s) dy, with g' = 1 where the ReLU is open.
        const Matrix expected = (out.array() > 0.0f).select(dy.array(), 0.0f).matrix();
        QCOMPARE(testsupport::maxAbsDiff(res.backward(dy), expected), 0.0);
    }

    void probesSeeTheRouteTaken() {
        auto layer = built(block(4, ShortcutKind::Identity), 4, 18);
        auto& res = dynamic_cast<ResidualBlock&>(*layer);
        res.setProbing(true);
        const Matrix x = positive(4, 3, 19);
        res.forward(x);
        res.setGradientRoute(Route::BranchOnly);
        const Matrix dx = res.backward(testsupport::randomMatrix(4, 3, 20));
        QCOMPARE(testsupport::maxAbsDiff(res.inputGradViaBranch(), dx), 0.0);
        QCOMPARE(double(res.inputGradViaShortcut().cwiseAbs().maxCoeff()), 0.0);
    }

    void bypassedBlockHasNoBranchRoute() {
        auto layer = built(block(4, ShortcutKind::Identity), 4, 21);
        auto& res = dynamic_cast<ResidualBlock&>(*layer);
        res.setBypassed(true);
        res.setGradientRoute(Route::BranchOnly);
        res.forward(positive(4, 2, 22));
        QVERIFY_THROWS_EXCEPTION(core::ContractError, res.backward(Matrix::Ones(4, 2)));
    }

    void normalGradientsUnchangedAfterToggling() {
        auto layer = built(block(5, ShortcutKind::Identity), 5, 23);
        auto& res = dynamic_cast<ResidualBlock&>(*layer);
        const Matrix x = positive(5, 4, 24);
        const Matrix G = testsupport::randomMatrix(5, 4, 25);
        res.setBypassed(true);
        res.forward(x);
        res.setBypassed(false);
        res.setGradientRoute(Route::ShortcutOnly);
        res.setGradientRoute(Route::Both);
        const auto input = testsupport::checkInputGradient(res, x, G, 1e-2f);
        QVERIFY2(input.ok(2e-2), input.describe().c_str());
        const auto params = testsupport::checkParamGradients(res, x, G, 1e-2f);
        QVERIFY2(params.ok(2e-2), params.describe().c_str());
    }
};

QTEST_APPLESS_MAIN(TestBlockBypass)
#include "test_block_bypass.moc"
