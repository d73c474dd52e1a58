// tests/core/test_run_bundle.cpp: the experiment file. Every double reads back bit for bit
// (subnormals, -0, extremes, NaN and infinities included); the embedded weights restore a
// network that computes exactly what the saved one did, with no training; every count is
// checked against its limit before anything is allocated; a damaged file gives a message that
// names the field.
#include <QtTest>

#include "core/data/dataset_registry.h"
#include "core/experiments/twin_training.h"
#include "core/init/initializer.h"
#include "core/io/run_bundle.h"
#include "core/random.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "support/fixtures.h"

#include <nlohmann/json.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace core;

namespace {

bool sameBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }
bool sameBits(float a, float b) { return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b); }
bool sameValue(double a, double b) { return sameBits(a, b) || (std::isnan(a) && std::isnan(b)); }

// Doubles that stress a text round trip: random bit patterns over the whole range, the
// special values, and values that need all 17 significant digits.
std::vector<double> awkwardDoubles(int count, std::uint64_t seed) {
    std::vector<double> v = {0.0,
                             -0.0,
                             0.1,
                             1.0 / 3.0,
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::lowest(),
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::denorm_min(),
                             -std::numeric_limits<double>::denorm_min(),
                             5e-324 * 12345,
                             std::nextafter(1.0, 2.0),
                             std::nextafter(0.3, 0.0),
                             9007199254740993.0,
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN()};
    Rng rng(seed);
    while (int(v.size()) < count) {
        const double d = std::bit_cast<double>(rng.next());
        if (std::isfinite(d))
            v.push_back(d);
    }
    return v;
}

TrainResult awkwardResult(int epochs, std::uint64_t seed) {
    const std::vector<double> values = awkwardDoubles(epochs * 7, seed);
    TrainResult r;
    r.status = TrainResult::Status::Diverged;
    r.steps = 123456789012LL;
    r.divergedAtStep = 77;
    r.message = "training diverged at step 77 (the loss is nan): \"quoted\" \\ and ünïcode";
    r.seconds = 0.1 + 0.2;
    for (int e = 0; e < epochs; ++e) {
        EpochReport rep;
        rep.epoch = e + 1;
        rep.step = 10LL * (e + 1);
        const double* p = &values[std::size_t(e) * 7];
        rep.batchLoss = p[0];
        rep.batchError = p[1];
        rep.trainLoss = p[2];
        rep.trainError = p[3];
        rep.testLoss = p[4];
        rep.testError = p[5];
        rep.seconds = p[6];
        r.history.push_back(rep);
    }
    return r;
}

void compareResults(const TrainResult& a, const TrainResult& b) {
    QCOMPARE(int(a.status), int(b.status));
    QCOMPARE(a.steps, b.steps);
    QCOMPARE(a.divergedAtStep, b.divergedAtStep);
    QCOMPARE(a.message, b.message);
    QVERIFY(sameValue(a.seconds, b.seconds));
    QCOMPARE(a.history.size(), b.history.size());
    for (std::size_t i = 0; i < a.history.size(); ++i) {
        const EpochReport &x = a.history[i], &y = b.history[i];
        QCOMPARE(x.epoch, y.epoch);
        QCOMPARE(x.step, y.step);
        for (auto member : {&EpochReport::batchLoss, &EpochReport::batchError, &EpochReport::trainLoss,
                            &EpochReport::trainError, &EpochReport::testLoss, &EpochReport::testError,
                            &EpochReport::seconds})
            QVERIFY2(sameValue(x.*member, y.*member),
                     qPrintable(QString("epoch %1: %2 read back as %3").arg(i).arg(x.*member, 0, 'g', 17).arg(y.*member, 0, 'g', 17)));
    }
}

RunBundle fullBundle() {
    RunBundle b;
    b.name = "a bundle with everything";
    MlpOptions o;
    o.depth = 8;
    b.spec = mlpNet(o);
    b.data = "moons";
    b.dataOptions.size = 1234;
    b.dataOptions.testFraction = 0.3 + 1e-16;
    b.dataOptions.noise = std::nextafter(0.1, 1.0);
    b.dataOptions.seed = 18446744073709551615ULL;
    b.dataOptions.labelColumn = "label";
    b.dataOptions.imageSize = 14;
    b.seed = (1ULL << 63) + 5;
    b.training.epochs = 7;
    b.training.learningRate = 0.05 + 1e-17 + std::numeric_limits<double>::epsilon();
    b.training.sgd.momentum = std::nextafter(0.9f, 1.0f);
    b.training.sgd.weightDecay = b.training.adam.weightDecay = 1e-4f;
    b.training.adam.eps = std::numeric_limits<float>::denorm_min();
    b.training.stepGamma = 1.0 / 3.0;
    b.training.schedule = ScheduleKind::Step;
    b.training.init.scheme = InitScheme::Xavier;
    b.training.init.zeroLastBnGamma = true;

    for (int i = 0; i < 2; ++i) {
        BundleRun run;
        run.label = i == 0 ? "plain" : "residual";
        run.spec = i == 0 ? plainTwin(b.spec) : b.spec;
        run.seed = std::uint64_t(i) * 99;
        run.result = awkwardResult(12, std::uint64_t(i) + 1);
        b.runs.push_back(std::move(run));
    }
    // Weights of every length modulo 3 (base64 padding), with every byte value.
    std::string bytes;
    for (int i = 0; i < 256 * 3 + 2; ++i)
        bytes += char(i * 37 + 11);
    b.runs[0].weights = bytes;
    b.runs[1].weights = bytes.substr(0, bytes.size() - 1);

    BundleSweep sweep;
    sweep.config = defaultSweep();
    sweep.config.depths = {4, 8};
    sweep.config.seeds = {0, 1ULL << 40};
    for (int i = 0; i < 3; ++i) {
        SweepRun r;
        r.family = i ? "residual" : "plain";
        r.depth = 4 + 4 * i;
        r.seed = std::uint64_t(i);
        r.result = awkwardResult(5, 10 + std::uint64_t(i));
        r.finalTrainError = 1.0 / 7.0;
        r.finalTestLoss = std::numeric_limits<double>::quiet_NaN();
        r.seconds = 1e300;
        sweep.runs.push_back(r);
    }
    b.sweep = sweep;

    BundleProbes probes;
    probes.run = "residual";
    for (int s = 0; s < 3; ++s) {
        ProbeReport rep;
        rep.step = 100 * s;
        LayerProbe l;
        l.name = "blocks.0.branch.0";
        l.kind = "Dense";
        l.block = 0;
        l.weighted = true;
        l.actMean = std::nextafter(0.1f, 1.0f);
        l.actStd = std::numeric_limits<float>::denorm_min();
        l.gradNorm = std::numeric_limits<float>::max();
        l.zeroFraction = -1;
        rep.layers.push_back(l);
        BlockProbe bp;
        bp.block = 0;
        bp.residual = true;
        bp.ratio = 1.0f / 3.0f;
        bp.gradViaBranch = std::numeric_limits<float>::infinity();
        rep.blocks.push_back(bp);
        BlockProbe rezero = bp;   // a block with a residual scale: its alpha travels too
        rezero.block = 1;
        rezero.hasAlpha = true;
        rezero.alpha = 0.001f * float(s);
        rep.blocks.push_back(rezero);
        probes.snapshots.push_back(rep);
    }
    b.probes.push_back(probes);

    LesionResult lesion;
    lesion.label = "residual";
    lesion.blocks = 3;
    lesion.removableBlocks = 2;
    lesion.baselineError = 0.01;
    lesion.baselineLoss = 1.0 / 3.0;
    lesion.single = {{0, true, "", 0.25, 0.7}, {1, false, "block 1 cannot be removed", NAN, NAN}, {2, true, "", 0.5, 1.5}};
    lesion.draws = {{1, 0, {0}, 0.25, 0.7}, {2, 0, {0, 2}, 0.6, 2.0}};
    lesion.curve = {{0, 1, 0.01, 0, 0.01, 0.01, 1.0 / 3.0}, {1, 1, 0.25, 0, 0.25, 0.25, 0.7}};
    lesion.notes = {"block 1 cannot be removed"};
    b.lesion.push_back(lesion);

    PathLengthResult paths = pathLengthDistribution(5);
    paths.measured = true;
    paths.samples = 9;
    const std::vector<double> g = awkwardDoubles(6, 42);
    for (std::size_t k = 0; k < paths.rows.size(); ++k) {
        paths.rows[k].gradientNorm = std::abs(std::sin(double(k) + 0.5)) / 7.0;
        paths.rows[k].gradientSpread = k == 3 ? std::numeric_limits<double>::denorm_min() : 0.1 * double(k);
        paths.rows[k].pathsSampled = int(k);
    }
    computeContributions(paths, 0.8);
    b.paths = paths;
    return b;
}

// The JSON text of `bundle` with one edit applied.
std::string edited(const RunBundle& bundle, const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = nlohmann::json::parse(bundleToJson(bundle));
    edit(j);
    return j.dump();
}

QString errorOf(const std::string& text) {
    try {
        bundleFromJson(text, "lesson.rnlbundle");
    } catch (const BundleError& e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

}  // namespace

class TestRunBundle : public QObject {
    Q_OBJECT

private slots:
    void roundTripIsBitExact() {
        const RunBundle a = fullBundle();
        const std::string text = bundleToJson(a);
        const RunBundle b = bundleFromJson(text);
        // Writing what was read gives the same text: nothing lost, nothing added.
        QCOMPARE(bundleToJson(b), text);

        QCOMPARE(b.name, a.name);
        QVERIFY(b.spec == a.spec);
        QCOMPARE(b.data, a.data);
        QCOMPARE(b.dataOptions.size, a.dataOptions.size);
        QVERIFY(sameBits(b.dataOptions.testFraction, a.dataOptions.testFraction));
        QVERIFY(sameBits(b.dataOptions.noise, a.dataOptions.noise));
        QCOMPARE(b.dataOptions.seed, a.dataOptions.seed);
        QCOMPARE(b.dataOptions.labelColumn, a.dataOptions.labelColumn);
        QCOMPARE(b.dataOptions.imageSize, 14);
        QCOMPARE(b.seed, a.seed);
        QCOMPARE(b.training.epochs, a.training.epochs);
        QVERIFY(sameBits(b.training.learningRate, a.training.learningRate));
        QVERIFY(sameBits(b.training.sgd.momentum, a.training.sgd.momentum));
        QVERIFY(sameBits(b.training.sgd.weightDecay, a.training.sgd.weightDecay));
        QVERIFY(sameBits(b.training.adam.eps, a.training.adam.eps));
        QVERIFY(sameBits(b.training.stepGamma, a.training.stepGamma));
        QVERIFY(b.training.schedule == a.training.schedule);
        QVERIFY(b.training.init.scheme == a.training.init.scheme);
        QCOMPARE(b.training.init.zeroLastBnGamma, a.training.init.zeroLastBnGamma);

        QCOMPARE(b.runs.size(), a.runs.size());
        for (std::size_t i = 0; i < a.runs.size(); ++i) {
            QCOMPARE(b.runs[i].label, a.runs[i].label);
            QVERIFY(b.runs[i].spec == a.runs[i].spec);
            QCOMPARE(b.runs[i].seed, a.runs[i].seed);
            compareResults(a.runs[i].result, b.runs[i].result);
            QVERIFY(b.runs[i].weights == a.runs[i].weights);
        }
        QVERIFY(b.sweep.has_value());
        QCOMPARE(b.sweep->config.depths, a.sweep->config.depths);
        QCOMPARE(b.sweep->config.seeds, a.sweep->config.seeds);
        QCOMPARE(b.sweep->runs.size(), a.sweep->runs.size());
        for (std::size_t i = 0; i < a.sweep->runs.size(); ++i) {
            QVERIFY(sameValue(b.sweep->runs[i].finalTrainError, a.sweep->runs[i].finalTrainError));
            QVERIFY(sameValue(b.sweep->runs[i].finalTestLoss, a.sweep->runs[i].finalTestLoss));
            QVERIFY(sameValue(b.sweep->runs[i].seconds, a.sweep->runs[i].seconds));
            compareResults(a.sweep->runs[i].result, b.sweep->runs[i].result);
        }
        QCOMPARE(b.probes.size(), std::size_t(1));
        const LayerProbe &la = a.probes[0].snapshots[2].layers[0], &lb = b.probes[0].snapshots[2].layers[0];
        QVERIFY(sameBits(la.actMean, lb.actMean));
        QVERIFY(sameBits(la.actStd, lb.actStd));
        QVERIFY(sameBits(la.gradNorm, lb.gradNorm));
        QVERIFY(sameBits(a.probes[0].snapshots[1].blocks[0].ratio, b.probes[0].snapshots[1].blocks[0].ratio));
        QVERIFY(std::isinf(b.probes[0].snapshots[1].blocks[0].gradViaBranch));
        QVERIFY(!b.probes[0].snapshots[1].blocks[0].hasAlpha);
        QVERIFY(b.probes[0].snapshots[1].blocks[1].hasAlpha);
        QVERIFY(sameBits(b.probes[0].snapshots[2].blocks[1].alpha, a.probes[0].snapshots[2].blocks[1].alpha));
        QCOMPARE(b.lesion.size(), std::size_t(1));
        QVERIFY(std::isnan(b.lesion[0].single[1].testError));
        QCOMPARE(b.lesion[0].draws[1].removed, (std::vector<int>{0, 2}));
        QVERIFY(sameBits(b.lesion[0].baselineLoss, a.lesion[0].baselineLoss));
        QCOMPARE(b.lesion[0].notes, a.lesion[0].notes);
        QVERIFY(b.paths.has_value());
        QCOMPARE(b.paths->effectiveLow, a.paths->effectiveLow);
        QCOMPARE(b.paths->effectiveHigh, a.paths->effectiveHigh);
        QVERIFY(sameBits(b.paths->effectiveShare, a.paths->effectiveShare));
        for (std::size_t k = 0; k < a.paths->rows.size(); ++k) {
            QVERIFY(sameBits(b.paths->rows[k].gradientNorm, a.paths->rows[k].gradientNorm));
            QVERIFY(sameBits(b.paths->rows[k].gradientSpread, a.paths->rows[k].gradientSpread));
            QVERIFY(b.paths->rows[k].contribution == a.paths->rows[k].contribution);
            QVERIFY(sameBits(b.paths->rows[k].contributionShare, a.paths->rows[k].contributionShare));
            QCOMPARE(b.paths->rows[k].exactCount, a.paths->rows[k].exactCount);
        }
    }

    void optionalSectionsMayBeAbsent() {
        RunBundle a;
        a.name = "bare";
        a.spec = presetByName("spiral-residual-4");
        const std::string text = bundleToJson(a);
        QVERIFY(!QString::fromStdString(text).contains("\"sweep\""));
        QVERIFY(!QString::fromStdString(text).contains("\"lesion\""));
        const RunBundle b = bundleFromJson(text);
        QVERIFY(!b.sweep && !b.paths && b.probes.empty() && b.lesion.empty() && b.runs.empty());
        QVERIFY(looksLikeBundle(text));
        QVERIFY(!looksLikeBundle(specToJson(a.spec)));
        QVERIFY(!looksLikeBundle("not json"));
    }

    // Bundles written before the image size existed hold images at their stored size.
    void dataWithoutImageSizeIsAtItsStoredSize() {
        RunBundle a;
        a.name = "older";
        a.spec = presetByName("spiral-residual-4");
        a.dataOptions.imageSize = 7;
        nlohmann::json j = nlohmann::json::parse(bundleToJson(a));
        QCOMPARE(j["data"]["options"]["image_size"].get<int>(), 7);
        j["data"]["options"].erase("image_size");
        QCOMPARE(bundleFromJson(j.dump()).dataOptions.imageSize, 0);
        j["data"]["options"]["image_size"] = -2;
        QVERIFY_THROWS_EXCEPTION(SpecError, bundleFromJson(j.dump()));
    }

    void trainedWeightsLoadWithoutTraining() {
        const SweepConfig sweep = defaultSweep();
        DataOptions options = sweep.dataOptions;
        options.size = 400;
        const Dataset data = loadDataset("spiral", options);
        TrainConfig config = sweep.train;
        config.epochs = 2;
        std::vector<TrainedNetwork> nets = trainNetworks({presetByName("spiral-residual-8")}, data, config);
        Network& trained = *nets[0].net;
        trained.setTraining(false);
        const Matrix logits = trained.forward(data.test.x);

        RunBundle bundle;
        bundle.name = "trained";
        bundle.spec = nets[0].spec;
        bundle.dataOptions = options;
        bundle.training = config;
        BundleRun run;
        run.label = "residual";
        run.spec = nets[0].spec;
        run.result = nets[0].result;
        run.weights = captureWeights(trained);
        bundle.runs.push_back(run);
        const std::string path = QDir::temp().filePath("resnetlab_test_bundle.json").toStdString();
        saveBundleFile(bundle, path);

        const RunBundle loaded = loadBundleFile(path);
        std::filesystem::remove(path);
        QVERIFY(loaded.run("residual"));
        QVERIFY(!loaded.run("plain"));
        compareResults(nets[0].result, loaded.run("residual")->result);
        auto restored = restoreNetwork(*loaded.run("residual"), path);
        restored->setTraining(false);
        QCOMPARE(testsupport::maxAbsDiff(restored->forward(data.test.x), logits), 0.0);

        // Weights that belong to another network are refused with the run named.
        BundleRun other = *loaded.run("residual");
        other.spec = presetByName("spiral-residual-16");
        try {
            restoreNetwork(other, "b.json");
            QFAIL("weights of another network must be refused");
        } catch (const BundleError& e) {
            QVERIFY2(QString(e.what()).contains("b.json: run \"residual\" weights"), e.what());
        }
        other.weights.reset();
        QVERIFY_THROWS_EXCEPTION(BundleError, restoreNetwork(other));
    }

    void countsAreCheckedAgainstTheirLimits() {
        const RunBundle bundle = fullBundle();
        // A history claiming a billion epochs is refused before anything is allocated.
        QString error = errorOf(edited(bundle, [](nlohmann::json& j) { j["runs"][0]["result"]["history"]["count"] = 1000000000; }));
        QVERIFY2(error.contains("lesson.rnlbundle: runs[0].result.history.count: 1000000000 is above the limit of 100000 epochs"),
                 qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["runs"][1]["weights"]["bytes"] = 1ULL << 40; }));
        QVERIFY2(error.contains("runs[1].weights.bytes: 1099511627776 is above the limit of 268435456 bytes"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["runs"][0]["result"]["history"]["count"] = 11; }));
        QVERIFY2(error.contains("runs[0].result.history.epoch: 12 values, but count says 11"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["runs"][0]["result"]["history"]["count"] = -3; }));
        QVERIFY2(error.contains("runs[0].result.history.count: expected a count"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) {
            j["probes"][0]["snapshots"] = nlohmann::json::array();
            for (int i = 0; i < BundleLimits::kMaxProbeSnapshots + 1; ++i)
                j["probes"][0]["snapshots"].push_back(0);
        }));
        QVERIFY2(error.contains("probes[0].snapshots: 100001 snapshots is above the limit of 100000"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["paths"]["blocks"] = 100000000; }));
        QVERIFY2(error.contains("paths.blocks"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["lesion"][0]["draws"][0]["removed"] = {0, 7}; }));
        QVERIFY2(error.contains("lesion[0].draws[0].removed[1]: expected a block index in [0, 3), got 7"), qPrintable(error));
    }

    void damagedBundlesNameTheProblem() {
        const RunBundle bundle = fullBundle();
        const std::string text = bundleToJson(bundle);
        QString error = errorOf(text.substr(0, text.size() / 2));
        QVERIFY2(error.startsWith("lesson.rnlbundle: not valid JSON at byte") && error.contains("damaged or cut short"),
                 qPrintable(error));
        // A number too large for a double is refused as bad JSON, not thrown past the reader.
        error = errorOf(R"({"format": "resnetlab-bundle", "version": 1e999})");
        QVERIFY2(error.startsWith("lesson.rnlbundle: not valid JSON") && error.contains("number overflow"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["runs"][0]["colour"] = "red"; }));
        QVERIFY2(error.contains("runs[0].colour: unknown field"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j.erase("training"); }));
        QVERIFY2(error.contains("training: missing field"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["training"].erase("epochs"); }));
        QVERIFY2(error.contains("training.epochs: missing field"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["version"] = 2; }));
        QVERIFY2(error.contains("version: this file has format version 2"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["format"] = "resnetlab-network"; }));
        QVERIFY2(error.contains("format: expected \"resnetlab-bundle\""), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) {
            std::string data = j["runs"][0]["weights"]["data"];
            data[5] = '*';
            j["runs"][0]["weights"]["data"] = data;
        }));
        QVERIFY2(error.contains("runs[0].weights.data: character 5 is not base64"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) {
            std::string data = j["runs"][0]["weights"]["data"];
            j["runs"][0]["weights"]["data"] = data.substr(0, data.size() - 4);
        }));
        QVERIFY2(error.contains("runs[0].weights.data:") && error.contains("cannot hold"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["spec"]["blocks"][0]["width"] = "wide"; }));
        QVERIFY2(error.contains("spec.blocks[0].width: expected an integer"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["runs"][1]["result"]["history"]["train_loss"][3] = "lots"; }));
        QVERIFY2(error.contains("runs[1].result.history.train_loss[3]: expected a number"), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["runs"][1]["result"]["status"] = "exploded"; }));
        QVERIFY2(error.contains("runs[1].result.status: unknown status \"exploded\""), qPrintable(error));
        error = errorOf(edited(bundle, [](nlohmann::json& j) { j["paths"]["rows"].erase(0); }));
        QVERIFY2(error.contains("paths.rows: 5 rows, but 5 blocks"), qPrintable(error));

        // Files: a missing one and an oversized claim are refused before reading.
        QVERIFY_THROWS_EXCEPTION(BundleError, loadBundleFile("/nonexistent/bundle.json"));
        const std::string dir = QDir::tempPath().toStdString();
        QVERIFY_THROWS_EXCEPTION(BundleError, loadBundleFile(dir));
    }

    void base64RoundTrips() {
        for (int n = 0; n < 12; ++n) {
            std::string bytes;
            for (int i = 0; i < n; ++i)
                bytes += char(255 - 17 * i);
            const std::string text = base64Encode(bytes);
            QCOMPARE(int(text.size()), (n + 2) / 3 * 4);
            QCOMPARE(base64Decode(text, "x"), bytes);
        }
        QCOMPARE(base64Encode("Man"), std::string("TWFu"));
        QCOMPARE(base64Encode("Ma"), std::string("TWE="));
        QCOMPARE(base64Encode("M"), std::string("TQ=="));
        QVERIFY_THROWS_EXCEPTION(BundleError, base64Decode("TWE", "x"));
        QVERIFY_THROWS_EXCEPTION(BundleError, base64Decode("T=Fu", "x"));
        QVERIFY_THROWS_EXCEPTION(BundleError, base64Decode("TQ===", "x"));
    }
};

QTEST_APPLESS_MAIN(TestRunBundle)
#include "test_run_bundle.moc"
