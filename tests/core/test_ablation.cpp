// tests/core/test_ablation.cpp: the block-design ablation (He et al. 2016, Tables 1 and 2): the
// variants and their networks, twin-style runs from the same data and seeds, the summary's
// medians and failed runs, and the config's messages.
#include "core/experiments/ablation.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/spec_analysis.h"

#include <QtTest>

using namespace core;

namespace {

AblationConfig tinyConfig() {
    AblationConfig c = defaultAblation();
    c.depth = 8;
    c.seeds = {0, 1};
    c.dataOptions.size = 300;
    c.train.epochs = 2;
    c.train.batchSize = 50;
    return c;
}

}  // namespace

class TestAblation : public QObject {
    Q_OBJECT
private slots:
    // The paper's table in its order, each variant with its design and the paper's number.
    void variantsFollowThePaper() {
        const std::vector<AblationVariant>& v = ablationVariants();
        QCOMPARE(int(v.size()), 16);
        QCOMPARE(v.front().name, std::string("identity"));
        QCOMPARE(v.front().paper, std::string("6.61"));
        const auto scaling = ablationVariant("scaling-0.5");
        QVERIFY(scaling);
        QCOMPARE(scaling->design.shortcutVariant, ShortcutVariant::ConstantScaling);
        QCOMPARE(scaling->design.shortcutScale, 0.5);
        QVERIFY(!scaling->design.scaleBranch);
        QCOMPARE(scaling->paper, std::string("fail"));
        QCOMPARE(ablationVariant("scaling-0.5-both")->paper, std::string("12.35"));
        QCOMPARE(ablationVariant("exclusive-gating-6")->design.gateBias, -6.0);
        QCOMPARE(ablationVariant("exclusive-gating-6")->paper, std::string("8.70"));
        QCOMPARE(ablationVariant("shortcut-gating-6")->paper, std::string("6.91"));
        QCOMPARE(ablationVariant("conv-shortcut")->shortcut, ShortcutKind::Projection);
        QCOMPARE(ablationVariant("conv-shortcut")->paper, std::string("12.22"));
        QCOMPARE(ablationVariant("dropout-0.5")->design.dropoutRate, 0.5);
        QCOMPARE(ablationVariant("full-preact")->paper, std::string("6.37"));
        QCOMPARE(ablationVariant("bn-after-addition")->paper, std::string("8.17"));
        QCOMPARE(ablationVariant("relu-before-addition")->paper, std::string("7.84"));
        QCOMPARE(ablationVariant("relu-only-preact")->paper, std::string("6.71"));
        QVERIFY(ablationVariant("rezero")->paper.empty());
        QVERIFY(!ablationVariant("skipinit")->batchNorm);
        QVERIFY(!ablationVariant("nonsense"));
    }

    // Every variant builds a valid 110-layer spiral network that differs from the identity
    // network only in its design (and the 1x1 conv shortcut only in its shortcuts).
    void everyVariantIsAValidNetwork() {
        const AblationConfig config = defaultAblation();
        const Dataset data = loadDataset("spiral", {});
        const NetworkSpec identity = ablationNetwork(config, data, *ablationVariant("identity"));
        QCOMPARE(analyze(identity).depth, 110);
        for (const AblationVariant& v : ablationVariants()) {
            const NetworkSpec spec = ablationNetwork(config, data, v);
            QVERIFY2(validate(spec).empty(), v.name.c_str());
            QCOMPARE(analyze(spec).depth, 110);
            QCOMPARE(spec.blocks.size(), identity.blocks.size());
            for (const BlockSpec& b : spec.blocks) {
                QCOMPARE(b.design, v.design);
                QCOMPARE(b.batchNorm, v.batchNorm);
                QCOMPARE(b.shortcut, v.shortcut);
            }
        }
        // At any depth: the sweep's switch to pre-activation at depth does not reach a variant.
        AblationConfig deep = config;
        deep.depth = 1000;
        for (const BlockSpec& b : ablationNetwork(deep, data, *ablationVariant("identity")).blocks)
            QCOMPARE(b.design.placement, Placement::Original);
    }

    // Twin-style: with the same seed, every variant starts from the same weights for every layer
    // it shares with the identity network, so the comparison is of designs, not of draws.
    void variantsStartFromTheSameWeights() {
        const AblationConfig config = tinyConfig();
        const Dataset data = loadDataset("spiral", config.dataOptions);
        auto identity = buildNetwork(ablationNetwork(config, data, *ablationVariant("identity")));
        auto scaled = buildNetwork(ablationNetwork(config, data, *ablationVariant("scaling-0.5")));
        initialize(*identity, config.train.init, 3);
        initialize(*scaled, config.train.init, 3);
        std::vector<ParamView> a = identity->params(), b = scaled->params();
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].name, b[i].name);
            QVERIFY2(a[i].value == b[i].value, a[i].name.c_str());
        }
    }

    void runsEveryVariantAndSeed() {
        AblationConfig config = tinyConfig();
        config.variants = {"identity", "scaling-0.5", "full-preact"};
        const Dataset data = loadDataset("spiral", config.dataOptions);
        int calls = 0;
        const std::vector<AblationRun> runs =
            runAblation(config, data, {}, [&](const AblationProgress& p) {
                ++calls;
                QCOMPARE(p.total, 6);
                QVERIFY(p.finished);
            });
        QCOMPARE(int(runs.size()), 6);
        QCOMPARE(calls, 6);
        QCOMPARE(runs[0].variant, std::string("identity"));
        QCOMPARE(runs[1].seed, std::uint64_t(1));
        QCOMPARE(runs[2].variant, std::string("scaling-0.5"));
        for (const AblationRun& r : runs) {
            QCOMPARE(r.result.status, TrainResult::Status::Finished);
            QCOMPARE(int(r.result.history.size()), 2);
            QCOMPARE(r.finalTrainError, r.result.history.back().trainError);
        }
        // The same variant and seed again: the same numbers, bit for bit.
        config.variants = {"scaling-0.5"};
        config.seeds = {1};
        const std::vector<AblationRun> again = runAblation(config, data);
        QCOMPARE(again[0].finalTrainError, runs[3].finalTrainError);
        QCOMPARE(again[0].finalTestError, runs[3].finalTestError);
    }

    void summaryTakesMediansAndCountsFailures() {
        std::vector<AblationRun> runs;
        const double train[] = {0.0, 0.5, 0.1, 0.2, 0.05};
        const double test[] = {0.02, 0.6, 0.12, 0.25, 0.07};
        for (int s = 0; s < 5; ++s) {
            AblationRun r;
            r.variant = "dropout-0.5";
            r.seed = std::uint64_t(s);
            r.finalTrainError = train[s];
            r.finalTestError = test[s];
            runs.push_back(r);
        }
        runs[1].diverged = true;
        AblationRun cancelled;
        cancelled.variant = "identity";
        cancelled.result.status = TrainResult::Status::Cancelled;
        runs.push_back(cancelled);
        const std::vector<AblationSummaryRow> rows = summarizeAblation(runs);
        QCOMPARE(int(rows.size()), 1);   // the cancelled run is left out
        QCOMPARE(rows[0].runs, 5);
        QCOMPARE(rows[0].medianTrainError, 0.1);
        QCOMPARE(rows[0].medianTestError, 0.12);
        QCOMPARE(rows[0].minTrainError, 0.0);
        QCOMPARE(rows[0].maxTrainError, 0.5);
        QCOMPARE(rows[0].failedRuns, 2);   // diverged, and a test error of 0.25 > 20%
        QCOMPARE(rows[0].paper, std::string("fail"));
        QCOMPARE(rows[0].label, ablationVariant("dropout-0.5")->label);
    }

    void configProblemsNameTheField() {
        AblationConfig c = defaultAblation();
        c.variants = {"identity", "gated"};
        c.depth = 2000;
        c.seeds.clear();
        const std::vector<std::string> problems = checkAblationConfig(c);
        QCOMPARE(int(problems.size()), 3);
        QVERIFY(QString::fromStdString(problems[0]).startsWith("variants: unknown variant 'gated' (known: identity, "));
        QCOMPARE(problems[1], std::string("depth: 2000 is out of range [4, 1202]"));
        QCOMPARE(problems[2], std::string("seeds: give at least one seed"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runAblation(c, loadDataset("spiral", {})));
    }
};

QTEST_APPLESS_MAIN(TestAblation)
#include "test_ablation.moc"
