// tests/core/test_lessons.cpp: the lesson files of resources/lessons. Every one loads and
// validates, in file-name order; its setup names a network that builds and fits its data; its
// equations are plain Unicode/HTML, not LaTeX; a damaged lesson gives a message naming the
// file and the field.
#include <QtTest>

#include "core/blocks/residual_block.h"
#include "core/data/dataset_registry.h"
#include "core/experiments/ablation.h"
#include "core/experiments/depth_sweep.h"
#include "core/experiments/twin_training.h"
#include "core/lessons/lesson.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace core;

namespace {

const std::string kLessonDir = RESNETLAB_SOURCE_DIR "/resources/lessons";

// A valid lesson to damage in the tests below.
nlohmann::json validLesson() {
    return nlohmann::json::parse(R"json({
      "format": "resnetlab-lesson", "version": 1,
      "title": "A test lesson",
      "text": ["One paragraph."],
      "equations": ["a<sup>[l+2]</sup> = g(z<sup>[l+2]</sup> + a<sup>[l]</sup>)"],
      "setup": {"network": "spiral-residual-8", "data": {"name": "spiral", "options": {"size": 600}},
                "training": {"epochs": 3, "learning_rate": 0.02}, "view": "training"},
      "run": {"action": "zero-branch", "block": 1}
    })json");
}

QString errorOf(const nlohmann::json& j) {
    try {
        parseLesson(j.dump(), "99-broken.json");
    } catch (const LessonError& e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

void checkNetworkBuilds(const NetworkSpec& spec, const std::string& where) {
    const SpecAnalysis analysis = analyze(spec);
    QVERIFY2(analysis.valid(), (where + ": " + (analysis.issues.empty() ? "" : analysis.issues[0].message)).c_str());
    auto net = buildNetwork(spec);
    QVERIFY2(net->parameterCount() > 0, where.c_str());
    QCOMPARE(net->parameterCount(), analysis.params);
    QCOMPARE(int(net->blockCount()), int(spec.blocks.size()));
}

}  // namespace

class TestLessons : public QObject {
    Q_OBJECT

private slots:
    void everyLessonLoadsInOrder() {
        const std::vector<Lesson> lessons = loadLessonsFromDirectory(kLessonDir);
        QCOMPARE(int(lessons.size()), 11);
        const char* ids[] = {"01-why-depth-is-hard", "02-skip-connection",   "03-degradation",
                             "03b-degradation-on-real-images",
                             "04-why-resnets-work",  "05-identity-block",    "06-convolution-block",
                             "07-ensembles-of-paths", "08-loss-landscape",   "09-shattered-gradients",
                             "10-identity-mappings"};
        const LessonAction actions[] = {LessonAction::Train,        LessonAction::TrainWithTwin, LessonAction::Sweep,
                                        LessonAction::Sweep,
                                        LessonAction::ZeroBranch,   LessonAction::CompareSpecs,  LessonAction::CompareSpecs,
                                        LessonAction::Lesion,       LessonAction::Landscape,     LessonAction::Shatter,
                                        LessonAction::Ablate};
        for (std::size_t i = 0; i < lessons.size(); ++i) {
            const Lesson& l = lessons[i];
            QCOMPARE(l.id, std::string(ids[i]));
            QCOMPARE(int(l.run.action), int(actions[i]));
            QVERIFY(!l.title.empty());
            QVERIFY(l.paragraphs.size() >= 2);
            QVERIFY(!l.equations.empty());
            for (const std::string& e : l.equations) {
                // Renderable as it is: Unicode and <sup>/<sub>, never raw LaTeX.
                QVERIFY2(e.find('\\') == std::string::npos && e.find('$') == std::string::npos &&
                             e.find("^{") == std::string::npos && e.find("_{") == std::string::npos,
                         (l.id + ": " + e).c_str());
                QCOMPARE(QString::fromStdString(e).count("<sup>"), QString::fromStdString(e).count("</sup>"));
                QCOMPARE(QString::fromStdString(e).count("<sub>"), QString::fromStdString(e).count("</sub>"));
            }
            QVERIFY(checkTrainConfig(l.setup.training).empty());
        }
    }

    void setupsNameNetworksThatBuildAndFitTheirData() {
        for (const Lesson& l : loadLessonsFromDirectory(kLessonDir)) {
            const NetworkSpec& spec = l.setup.network.spec;
            checkNetworkBuilds(spec, l.id);
            // The data the lesson trains on: the network's input and classes must match.
            DataOptions options = l.setup.dataOptions;
            options.size = std::min(options.size, 400);
            const Dataset data = loadDataset(l.setup.data, options);
            QVERIFY2(inputShapeOf(spec.input).size() == data.shape.size(), l.id.c_str());
            QVERIFY2(spec.classes >= data.classes, l.id.c_str());
            for (const LessonNetwork& n : l.run.networks)
                checkNetworkBuilds(n.spec, l.id + " / " + n.spec.name);
        }
    }

    // "Degradation on real images" runs exactly the sweep of resnetlab-cli sweep --data
    // fashion-mnist (core::imageLessonSweep), and its setup network is the sweep's deepest
    // plain net on the lesson's images.
    void imageLessonIsTheImageSweep() {
        const Lesson l = loadLessonFile(std::string(kLessonDir) + "/03b-degradation-on-real-images.json");
        const SweepConfig want = imageLessonSweep();
        QCOMPARE(l.setup.data, want.data);
        QCOMPARE(l.setup.dataOptions.imageSize, want.dataOptions.imageSize);
        QCOMPARE(l.setup.dataOptions.maxTrain, want.dataOptions.maxTrain);
        QCOMPARE(l.setup.dataOptions.maxTest, want.dataOptions.maxTest);
        QCOMPARE(l.setup.training.epochs, want.train.epochs);
        QCOMPARE(l.setup.training.batchSize, want.train.batchSize);
        QCOMPARE(l.setup.training.learningRate, want.train.learningRate);
        QCOMPARE(int(l.setup.training.schedule), int(want.train.schedule));
        QCOMPARE(l.setup.training.sgd.momentum, want.train.sgd.momentum);
        QCOMPARE(l.setup.training.init.zeroLastBnGamma, want.train.init.zeroLastBnGamma);
        QCOMPARE(l.run.depths, want.depths);
        QCOMPARE(l.run.seeds, want.seeds);
        QCOMPARE(l.run.width, want.width);
        QCOMPARE(l.run.families, want.families);
        QCOMPARE(l.setup.view, LessonView::DepthSweep);
        const NetworkSpec& spec = l.setup.network.spec;
        QCOMPARE(spec.input.height, want.dataOptions.imageSize);
        QCOMPARE(analyze(spec).depth, want.depths.back());
        QCOMPARE(familyOf(spec), std::string("plain"));
    }

    void lessonsSayWhatTheyShow() {
        std::vector<Lesson> lessons = loadLessonsFromDirectory(kLessonDir);
        // The image lesson (03b) has its own test above; the others by their place.
        QCOMPARE(lessons[3].id, std::string("03b-degradation-on-real-images"));
        lessons.erase(lessons.begin() + 3);
        // 1: a deep plain sigmoid net without BN, gradient flow.
        const NetworkSpec& first = lessons[0].setup.network.spec;
        QCOMPARE(lessons[0].setup.network.source, std::string("mlp"));
        QVERIFY(!first.blocks.empty());
        for (const BlockSpec& b : first.blocks) {
            QVERIFY(!b.residual());
            QVERIFY(b.activation == Activation::Sigmoid);
            QVERIFY(!b.batchNorm);
        }
        QVERIFY(lessons[0].setup.view == LessonView::GradientFlow);
        QVERIFY(lessons[0].setup.training.probeInterval > 0);
        QVERIFY(lessons[0].setup.training.init.scheme == InitScheme::Xavier);
        // 3: the default depth sweep.
        QCOMPARE(lessons[2].run.depths, (std::vector<int>{4, 8, 16, 32, 56}));
        QVERIFY(lessons[2].setup.view == LessonView::DepthSweep);
        // 4: the zeroed block is residual in the built network.
        auto net = buildNetwork(lessons[3].setup.network.spec);
        QVERIFY(dynamic_cast<ResidualBlock*>(&net->block(std::size_t(lessons[3].run.block))));
        // 5: skips over 2 and 3 layers.
        const std::vector<LessonNetwork>& five = lessons[4].run.networks;
        QCOMPARE(five[3].spec.blocks[0].span, 2);
        QCOMPARE(five[4].spec.blocks[0].span, 3);
        QCOMPARE(analyze(five[3].spec).depth, analyze(five[4].spec).depth);
        // 6: zero-pad vs projection, and the bottleneck is ~17x cheaper than the basic block.
        const std::vector<LessonNetwork>& six = lessons[5].run.networks;
        QCOMPARE(int(six.size()), 4);
        QVERIFY(analyze(six[1].spec).params > analyze(six[0].spec).params);   // a projection has weights
        const SpecAnalysis basic = analyze(six[2].spec), bottleneck = analyze(six[3].spec);
        const std::int64_t basicBlock = basic.layers[3].params, bottleneckBlock = bottleneck.layers[3].params;
        qInfo("block parameters: basic %lld, bottleneck %lld", (long long)basicBlock, (long long)bottleneckBlock);
        QVERIFY(basicBlock > 15 * bottleneckBlock);
        QVERIFY(basic.layers[3].flops > 15 * bottleneck.layers[3].flops);
        // 7: the lesion study on a 20-layer spiral ResNet (its plain twin trains too).
        QCOMPARE(lessons[6].setup.network.spec, presetByName("spiral-residual-20"));
        QCOMPARE(lessons[6].run.maxRemoved, 6);
        QCOMPARE(lessons[6].run.draws, 10);
        // 8: the loss landscape of the 56-layer spiral twins, on the default 41x41 grid.
        QCOMPARE(lessons[7].setup.network.spec, presetByName("spiral-residual-56"));
        QCOMPARE(int(lessons[7].setup.view), int(LessonView::Landscape));
        QCOMPARE(lessons[7].run.grid, 41);
        // 9: shattered gradients up to 50 layers, the depths of Balduzzi et al.'s figure and more.
        QCOMPARE(int(lessons[8].setup.view), int(LessonView::ShatteredGradients));
        QCOMPARE(lessons[8].run.depths, (std::vector<int>{1, 2, 4, 8, 16, 24, 50}));
        // 10: the block-design ablation of He et al. 2016, small enough for a class: the paper's
        // identity and full pre-activation against the shortcuts that fail, the setup's network
        // a full pre-activation one, the Block design view forward.
        const Lesson& ablation = lessons[9];
        QVERIFY(ablation.setup.view == LessonView::BlockDesign);
        QVERIFY(ablation.setup.network.spec.blocks.front().design.placement == Placement::FullPreActivation);
        for (const char* v : {"identity", "scaling-0.5", "conv-shortcut", "dropout-0.5", "full-preact"})
            QVERIFY2(std::find(ablation.run.variants.begin(), ablation.run.variants.end(), v) != ablation.run.variants.end(), v);
        const AblationConfig bench = lessonAblation(ablation.setup, ablation.run);
        QVERIFY(checkAblationConfig(bench).empty());
        QCOMPARE(bench.variants, ablation.run.variants);
        QCOMPARE(bench.depth, ablation.run.depth);
        QCOMPARE(bench.train.epochs, ablation.setup.training.epochs);
        QCOMPARE(bench.data, ablation.setup.data);
        QVERIFY(bench.depth < defaultAblation().depth);   // smaller than the full bench
        QVERIFY(bench.variants.size() * bench.seeds.size() <= 24);
    }

    void fieldsOverrideTheDefaults() {
        const Lesson l = parseLesson(validLesson().dump(), "t.json");
        QCOMPARE(l.setup.training.epochs, 3);
        QCOMPARE(l.setup.training.learningRate, 0.02);
        QCOMPARE(l.setup.training.batchSize, TrainConfig{}.batchSize);   // untouched
        QCOMPARE(l.setup.dataOptions.size, 600);
        QCOMPARE(l.setup.dataOptions.noise, DataOptions{}.noise);
        QCOMPARE(l.run.block, 1);
        QCOMPARE(l.id, std::string("t"));
        QCOMPARE(std::string(lessonActionName(l.run.action)), std::string("zero-branch"));
        QCOMPARE(int(lessonViewNames().size()), 12);
        QCOMPARE(int(lessonActionNames().size()), 10);
    }

    void damagedLessonsNameFileAndField() {
        auto with = [](const std::function<void(nlohmann::json&)>& edit) {
            nlohmann::json j = validLesson();
            edit(j);
            return j;
        };
        struct Case {
            nlohmann::json lesson;
            const char* expected;
        };
        const std::vector<Case> cases = {
            {with([](auto& j) { j["setup"]["colour"] = "red"; }), "99-broken.json: setup.colour: unknown field"},
            {with([](auto& j) { j["run"]["action"] = "dance"; }), "99-broken.json: run.action: unknown action \"dance\""},
            {with([](auto& j) { j["setup"]["network"] = "resnet21"; }), "99-broken.json: setup.network: unknown preset \"resnet21\""},
            {with([](auto& j) { j["setup"]["view"] = "cinema"; }), "setup.view: unknown view \"cinema\""},
            {with([](auto& j) { j["run"]["block"] = 9; }), "run.block: there is no block 9"},
            {with([](auto& j) { j["setup"]["network"] = "spiral-plain-8"; }), "run.block: block 1 of spiral-plain-8 is a plain block"},
            {with([](auto& j) { j["run"]["depths"] = {4, 8}; }), "run.depths: unknown field"},
            {with([](auto& j) { j["setup"]["training"]["epochs"] = 0; }), "setup.training: epochs is 0"},
            {with([](auto& j) { j["setup"]["training"]["optimiser"] = "sgd"; }), "setup.training.optimiser: unknown field"},
            {with([](auto& j) { j["setup"]["data"]["name"] = "mnist-ish"; }), "setup.data.name: unknown data set \"mnist-ish\""},
            {with([](auto& j) { j["setup"]["data"]["options"]["size"] = "big"; }), "setup.data.options.size: expected an integer"},
            {with([](auto& j) { j["setup"]["network"] = {{"mlp", {{"depth", 9}}}}; }), "setup.network.mlp.depth: a depth of 9"},
            {with([](auto& j) { j["setup"]["network"] = {{"mlp", {{"depht", 8}}}}; }), "setup.network.mlp.depht: unknown field"},
            {with([](auto& j) { j["setup"]["network"] = {{"mlp", {}}, {"cifar", {}}}; }), "setup.network: give a preset name, or an object with exactly one"},
            {with([](auto& j) { j["setup"]["network"] = {{"spec", {{"format", "resnetlab-network"}}}}; }), "setup.network.spec.version: missing field"},
            {with([](auto& j) { j["setup"]["network"] = {{"mlp", {{"width", 0}}}}; }), "setup.network.mlp.width"},
            {with([](auto& j) { j["run"] = {{"action", "compare-specs"}, {"networks", {"resnet20"}}}; }), "run.networks: compare 2 to 16 networks, got 1"},
            {with([](auto& j) { j["run"] = {{"action", "compare-specs"}, {"networks", {"resnet20", "plain7"}}}; }), "run.networks[1]: unknown preset \"plain7\""},
            {with([](auto& j) { j["run"] = {{"action", "paths"}}; j["setup"]["network"] = "spiral-plain-8"; }), "run.action: the path-length analysis needs a residual network"},
            {with([](auto& j) { j["run"] = {{"action", "sweep"}, {"families", {"plain", "deep"}}}; }), "run.families[1]: unknown family \"deep\""},
            {with([](auto& j) { j["run"] = {{"action", "landscape"}, {"grid", 40}}; }), "run.grid: 40 is even"},
            {with([](auto& j) { j["run"] = {{"action", "landscape"}, {"depths", {8}}}; }), "run.depths: unknown field"},
            {with([](auto& j) { j["run"] = {{"action", "shatter"}, {"depths", {0, 8}}}; }), "run.depths"},
            {with([](auto& j) { j["run"] = {{"action", "shatter"}, {"grid", 41}}; }), "run.grid: unknown field"},
            {with([](auto& j) { j["run"] = {{"action", "ablate"}, {"variants", {"identity", "gated"}}}; }), "run: variants: unknown variant 'gated'"},
            {with([](auto& j) { j["run"] = {{"action", "ablate"}, {"depth", 2}}; }), "run.depth: the value 2 is out of range [4, 1202]"},
            {with([](auto& j) { j["run"] = {{"action", "ablate"}, {"seeds", nlohmann::json::array()}}; }), "run.seeds: expected 1 to 1000 values"},
            {with([](auto& j) { j["run"]["variants"] = {"identity"}; }), "run.variants: unknown field"},
            {with([](auto& j) { j["text"] = nlohmann::json::array(); }), "text: expected at least one entry"},
            {with([](auto& j) { j["equations"][0] = 3; }), "equations[0]: expected a string, got an integer"},
            {with([](auto& j) { j.erase("title"); }), "99-broken.json: title: missing field"},
            {with([](auto& j) { j["version"] = 7; }), "version: this lesson has format version 7"},
        };
        for (const Case& c : cases) {
            const QString error = errorOf(c.lesson);
            QVERIFY2(error.contains(QString::fromUtf8(c.expected)),
                     qPrintable(QString("expected \"%1\", got \"%2\"").arg(c.expected, error)));
        }
        try {
            parseLesson("{\"format\": \"resnetlab-lesson\", ", "cut.json");
            QFAIL("a cut file must be refused");
        } catch (const LessonError& e) {
            QVERIFY2(QString(e.what()).startsWith("cut.json: not valid JSON at byte"), e.what());
        }
        // A number too large for a double (found by fuzzing): a message, not an escaped exception.
        try {
            parseLesson("6E576E57h}", "big.json");
            QFAIL("a number beyond double range must be refused");
        } catch (const LessonError& e) {
            QVERIFY2(QString(e.what()).startsWith("big.json: not valid JSON"), e.what());
        }
    }

    void aDirectoryWithABadLesson() {
        const std::filesystem::path dir = std::filesystem::temp_directory_path() / "resnetlab_test_lessons";
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; };
        nlohmann::json second = validLesson();
        second["title"] = "second";
        write("02-b.json", second.dump());
        write("01-a.json", validLesson().dump());
        write("03-bad.json", "{\"format\": \"resnetlab-lesson\", \"version\": 1, \"title\": \"x\"}");
        write("notes.txt", "not a lesson");
        std::vector<std::string> problems;
        const std::vector<Lesson> lessons = loadLessonsFromDirectory(dir.string(), &problems);
        QCOMPARE(int(lessons.size()), 2);
        QCOMPARE(lessons[0].id, std::string("01-a"));
        QCOMPARE(lessons[1].title, std::string("second"));
        QCOMPARE(int(problems.size()), 1);
        QVERIFY2(QString::fromStdString(problems[0]).contains("03-bad.json: text: missing field"), problems[0].c_str());
        try {
            loadLessonsFromDirectory(dir.string());
            QFAIL("without a problem list the bad lesson must throw");
        } catch (const LessonError& e) {
            QVERIFY(QString(e.what()).contains("03-bad.json"));
        }
        std::filesystem::remove_all(dir);
        QVERIFY_THROWS_EXCEPTION(LessonError, loadLessonsFromDirectory(dir.string()));
    }
};

QTEST_APPLESS_MAIN(TestLessons)
#include "test_lessons.moc"
