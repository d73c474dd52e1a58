// The depth sweep reproduces the degradation problem (a reduced version of the default sweep:
// two depths, one seed), and twins start from the same weights and batch order.
#include "core/experiments/depth_sweep.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"

#include <QtTest>

using namespace core;

class TestDepthSweep : public QObject {
    Q_OBJECT
private slots:
    void degradationAppearsForPlainNetsOnly() {
        SweepConfig config = defaultSweep();
        config.depths = {8, 56};
        config.seeds = {0};
        const Dataset data = loadDataset(config.data, config.dataOptions);
        QCOMPARE(int(data.train.size()), 1500);
        int reported = 0;
        SweepCallbacks cb;
        cb.onRunDone = [&](const SweepProgress& p) {
            ++reported;
            QCOMPARE(p.total, 4);
            QVERIFY(p.finished);
        };
        const std::vector<SweepRun> runs = runDepthSweep(config, data, {}, cb);
        QCOMPARE(reported, 4);
        QCOMPARE(int(runs.size()), 4);
        auto error = [&](const std::string& family, int depth) {
            for (const SweepRun& r : runs)
                if (r.family == family && r.depth == depth) {
                    [&] { QCOMPARE(int(r.result.history.size()), config.train.epochs); }();
                    return r.finalTrainError;
                }
            return -1.0;
        };
        const double plain8 = error("plain", 8), plain56 = error("plain", 56);
        const double residual8 = error("residual", 8), residual56 = error("residual", 56);
        qInfo("final training error: plain 8 %.3f, plain 56 %.3f, residual 8 %.3f, residual 56 %.3f", plain8, plain56,
              residual8, residual56);
        QVERIFY2(plain56 >= 0.2, "the 56-layer plain net should fail to fit the spiral");
        QVERIFY2(plain56 >= plain8 + 0.15, "the deeper plain net should train worse than the shallow one");
        QVERIFY2(residual56 <= 0.02, "the 56-layer residual net should fit the spiral");
    }

    void twinsShareInitialWeightsAndOrder() {
        SweepConfig config = defaultSweep();
        const Dataset data = loadDataset("spiral", {});
        auto plain = buildNetwork(sweepNetwork(config, data, "plain", 16));
        auto residual = buildNetwork(sweepNetwork(config, data, "residual", 16));
        initialize(*plain, {}, 5);
        initialize(*residual, {}, 5);
        const auto pp = plain->params();
        const auto rp = residual->params();
        QCOMPARE(pp.size(), rp.size());
        for (std::size_t i = 0; i < pp.size(); ++i) {
            QCOMPARE(pp[i].name, rp[i].name);
            QVERIFY(pp[i].value == rp[i].value);
        }
    }

    void summaryGroupsSeeds() {
        std::vector<SweepRun> runs(3);
        runs[0].family = runs[1].family = "plain";
        runs[2].family = "residual";
        runs[0].depth = runs[1].depth = runs[2].depth = 8;
        runs[0].finalTrainError = 0.2;
        runs[1].finalTrainError = 0.4;
        const auto rows = summarizeSweep(runs);
        QCOMPARE(int(rows.size()), 2);
        QCOMPARE(rows[0].runs, 2);
        QCOMPARE(rows[0].meanTrainError, 0.3);
        QCOMPARE(rows[0].minTrainError, 0.2);
        QCOMPARE(rows[0].maxTrainError, 0.4);
    }

    void badConfigIsRefused() {
        SweepConfig config = defaultSweep();
        config.families = {"dense"};
        QVERIFY(!checkSweepConfig(config).empty());
        config = defaultSweep();
        config.depths = {7};
        QVERIFY(!checkSweepConfig(config).empty());
        const Dataset data = loadDataset("spiral", {});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runDepthSweep(config, data));
        QVERIFY_THROWS_EXCEPTION(SpecError, sweepNetwork(config, data, "plain", 7));
    }

    // The depths are checked against the kind of data named, before any data is loaded: an image
    // sweep needs 6n+2 conv nets, a point sweep even MLP depths.
    void depthsAreCheckedAgainstTheDataKind() {
        SweepConfig config = defaultSweepFor("fashion-mnist");
        config.depths = {4, 20};
        const std::vector<std::string> problems = checkSweepConfig(config);
        QCOMPARE(int(problems.size()), 1);
        QVERIFY2(QString::fromStdString(problems[0]).contains("depth 4: an image sweep uses CIFAR-style 6n+2"),
                 problems[0].c_str());
        config.depths = {8, 14, 56};
        QVERIFY(checkSweepConfig(config).empty());
        config.data = "spiral";
        QCOMPARE(int(checkSweepConfig(config).size()), 0);
        config.depths = {9};
        QVERIFY(QString::fromStdString(checkSweepConfig(config).at(0)).contains("an MLP sweep needs an even depth"));
    }

    // An image sweep's width is the base width of its CIFAR-style nets: stages of w, 2w, 4w.
    void imageSweepWidthIsTheBaseWidth() {
        SweepConfig config = defaultSweepFor("shapes");
        config.width = 4;
        DataOptions o;
        o.size = 40;
        const Dataset data = loadDataset("shapes", o);
        const NetworkSpec spec = sweepNetwork(config, data, "residual", 14);
        QCOMPARE(spec.stem.front().units, 4);
        QCOMPARE(int(spec.blocks.size()), 6);
        QCOMPARE(spec.blocks[0].width, 4);
        QCOMPARE(spec.blocks[2].width, 8);
        QCOMPARE(spec.blocks[5].width, 16);
        QCOMPARE(spec.input.height, 16);
        QCOMPARE(spec.input.channels, 1);
    }

    // The residual family keeps the chapter's block (ReLU after the addition) below
    // kDeepDesignFrom layers and uses full pre-activation from there on, with the
    // pre-activation net's final BN-ReLU before the head; the plain family keeps its chain.
    // A design chosen for every depth (deepDesignFrom = 0) is used at every depth.
    void deepResidualNetsUsePreActivation() {
        const SweepConfig config = defaultSweep();
        QCOMPARE(config.deepDesignFrom, kDeepDesignFrom);
        QCOMPARE(config.deepResidualDesign.placement, Placement::FullPreActivation);
        const Dataset data = loadDataset("spiral", {});
        const int below = kDeepDesignFrom - 2, from = kDeepDesignFrom;
        for (const BlockSpec& b : sweepNetwork(config, data, "residual", below).blocks)
            QCOMPARE(b.design.placement, Placement::Original);
        for (int depth : {from, 1000, 1202}) {
            const NetworkSpec deep = sweepNetwork(config, data, "residual", depth);
            QCOMPARE(int(deep.blocks.size()), (depth - 2) / 2);
            for (const BlockSpec& b : deep.blocks)
                QCOMPARE(b.design.placement, Placement::FullPreActivation);
            QCOMPARE(deep.head.front().type, LayerType::BatchNorm);   // the final BN-ReLU
            const NetworkSpec plain = sweepNetwork(config, data, "plain", depth);
            QVERIFY(!plain.blocks.front().residual());
        }
        QCOMPARE(residualDesignAt(config, 1000), fullPreActivationDesign());
        QCOMPARE(residualDesignAt(config, 110), BlockDesign{});

        SweepConfig chosen = config;
        chosen.residualDesign.residualScale = ResidualScale::ReZero;
        chosen.residualDesign.placement = Placement::FullPreActivation;
        chosen.deepDesignFrom = 0;
        for (const BlockSpec& b : sweepNetwork(chosen, data, "residual", 1000).blocks)
            QCOMPARE(b.design.residualScale, ResidualScale::ReZero);
        chosen.residualDesign = BlockDesign{};
        for (const BlockSpec& b : sweepNetwork(chosen, data, "residual", 1000).blocks)
            QCOMPARE(b.design.placement, Placement::Original);

        SweepConfig tooDeep = config;
        tooDeep.depths = {1204};
        QVERIFY(QString::fromStdString(checkSweepConfig(tooDeep).at(0)).contains("out of range [4, 1202]"));
    }

    // Each kind of data starts from its own sweep: the spiral's for points, the image lesson's
    // for images (its image size only for the set it was chosen for).
    void defaultsFollowTheData() {
        const SweepConfig lesson = imageLessonSweep();
        QCOMPARE(lesson.data, std::string("fashion-mnist"));
        QVERIFY(checkSweepConfig(lesson).empty());
        const SweepConfig fashion = defaultSweepFor("fashion-mnist");
        QCOMPARE(fashion.depths, lesson.depths);
        QCOMPARE(fashion.width, lesson.width);
        QCOMPARE(fashion.dataOptions.imageSize, lesson.dataOptions.imageSize);
        QCOMPARE(fashion.train.epochs, lesson.train.epochs);
        const SweepConfig shapes = defaultSweepFor("shapes");
        QCOMPARE(shapes.data, std::string("shapes"));
        QCOMPARE(shapes.depths, lesson.depths);
        QCOMPARE(shapes.dataOptions.imageSize, 0);
        const SweepConfig moons = defaultSweepFor("moons");
        QCOMPARE(moons.data, std::string("moons"));
        QCOMPARE(moons.depths, defaultSweep().depths);
        QCOMPARE(moons.width, defaultSweep().width);
    }
};

QTEST_APPLESS_MAIN(TestDepthSweep)
#include "test_depth_sweep.moc"
