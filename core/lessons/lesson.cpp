#include "core/lessons/lesson.h"

#include "core/experiments/ablation.h"
#include "core/experiments/depth_sweep.h"
#include "core/experiments/shattered_gradients.h"
#include "core/io/file_io.h"
#include "core/io/settings_json.h"
#include "core/spec/json_fields.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <utility>

namespace core {

namespace {

using nlohmann::json;

constexpr const char* kFormatName = "resnetlab-lesson";
constexpr int kFormatVersion = 1;
constexpr std::uintmax_t kMaxFileBytes = 4u << 20;
constexpr std::size_t kMaxParagraphs = 64;
constexpr std::size_t kMaxTextLength = 20000;
constexpr std::size_t kMaxCompared = 16;

constexpr std::array<std::pair<LessonView, std::string_view>, 12> kViews{{
    {LessonView::Builder, "builder"},
    {LessonView::Training, "training"},
    {LessonView::GradientFlow, "gradient-flow"},
    {LessonView::DepthSweep, "depth-sweep"},
    {LessonView::Identity, "identity"},
    {LessonView::Unraveled, "unraveled"},
    {LessonView::Lesion, "lesion"},
    {LessonView::PathLengths, "path-lengths"},
    {LessonView::Comparison, "comparison"},
    {LessonView::Landscape, "landscape"},
    {LessonView::ShatteredGradients, "shattered-gradients"},
    {LessonView::BlockDesign, "block-design"},
}};

constexpr std::array<std::pair<LessonAction, std::string_view>, 10> kActions{{
    {LessonAction::Train, "train"},
    {LessonAction::TrainWithTwin, "train-with-twin"},
    {LessonAction::Sweep, "sweep"},
    {LessonAction::ZeroBranch, "zero-branch"},
    {LessonAction::Lesion, "lesion"},
    {LessonAction::Paths, "paths"},
    {LessonAction::CompareSpecs, "compare-specs"},
    {LessonAction::Landscape, "landscape"},
    {LessonAction::Shatter, "shatter"},
    {LessonAction::Ablate, "ablate"},
}};

template <class Enum, std::size_t N>
std::string choices(const std::array<std::pair<Enum, std::string_view>, N>& table) {
    std::string list;
    for (const auto& [e, name] : table)
        list += (list.empty() ? "" : ", ") + std::string(name);
    return list;
}

template <class Enum, std::size_t N>
Enum readChoice(FieldReader& r, const std::string& key, const std::array<std::pair<Enum, std::string_view>, N>& table,
                const std::string& what) {
    const std::string name = r.string(key);
    for (const auto& [e, n] : table)
        if (n == name)
            return e;
    r.fail(key, "unknown " + what + " \"" + name + "\" (expected one of: " + choices(table) + ")");
}

std::vector<std::string> readStrings(FieldReader& r, const std::string& key, std::size_t maxCount, bool nonEmpty) {
    const json& a = r.array(key);
    if (a.size() > maxCount)
        r.fail(key, std::to_string(a.size()) + " entries; the limit is " + std::to_string(maxCount));
    if (nonEmpty && a.empty())
        r.fail(key, "expected at least one entry");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string where = key + "[" + std::to_string(i) + "]";
        if (!a[i].is_string())
            r.fail(where, "expected a string, got " + describeJsonType(a[i]));
        std::string s = a[i].get<std::string>();
        if (s.size() > kMaxTextLength)
            r.fail(where, std::to_string(s.size()) + " characters; the limit is " + std::to_string(kMaxTextLength));
        if (s.find_first_not_of(" \t\n") == std::string::npos)
            r.fail(where, "is empty");
        out.push_back(std::move(s));
    }
    return out;
}

Activation readActivation(FieldReader& r, const std::string& key) {
    const std::string name = r.string(key);
    if (auto a = activationFromName(name))
        return *a;
    r.fail(key, "unknown activation \"" + name + "\" (expected relu, tanh or sigmoid)");
}

NetworkSpec mlpFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    MlpOptions o;
    if (r.has("depth")) o.depth = r.integer("depth", 4, 2002);
    if (r.has("residual")) o.residual = r.boolean("residual");
    if (r.has("width")) o.width = r.integer("width", 1, 4096);
    if (r.has("inputs")) o.inputs = r.integer("inputs", 1, SpecLimits::kMaxInputFeatures);
    if (r.has("classes")) o.classes = r.integer("classes", 2, SpecLimits::kMaxClasses);
    if (r.has("batchnorm")) o.batchNorm = r.boolean("batchnorm");
    if (r.has("activation")) o.activation = readActivation(r, "activation");
    if (r.has("span")) o.span = r.integer("span", 1, SpecLimits::kMaxSpan);
    r.finish();
    if ((o.depth - 2) % o.span != 0)
        r.fail("depth", "a depth of " + std::to_string(o.depth) + " is not 2 + a whole number of blocks of " +
                            std::to_string(o.span) + " layers");
    return mlpNet(o);
}

NetworkSpec cifarFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    CifarOptions o;
    if (r.has("n")) o.n = r.integer("n", 1, 200);
    if (r.has("residual")) o.residual = r.boolean("residual");
    if (r.has("channels")) o.channels = r.integer("channels", 1, SpecLimits::kMaxWidth);
    if (r.has("height")) o.height = r.integer("height", 4, SpecLimits::kMaxImageSide);
    if (r.has("width")) o.width = r.integer("width", 4, SpecLimits::kMaxImageSide);
    if (r.has("classes")) o.classes = r.integer("classes", 2, SpecLimits::kMaxClasses);
    if (r.has("base_width")) o.baseWidth = r.integer("base_width", 1, SpecLimits::kMaxWidth / 4);
    if (r.has("downsample")) {
        const std::string name = r.string("downsample");
        if (name == "zero-pad")
            o.downsample = ShortcutKind::ZeroPad;
        else if (name == "projection")
            o.downsample = ShortcutKind::Projection;
        else
            r.fail("downsample", "unknown shortcut \"" + name + "\" (expected zero-pad or projection)");
    }
    r.finish();
    return cifarResNet(o);
}

// A preset name, or an object with exactly one of mlp, cifar, spec; validated.
LessonNetwork networkFromJson(const json& j, const std::string& path) {
    LessonNetwork network;
    if (j.is_string()) {
        network.source = "preset " + j.get<std::string>();
        try {
            network.spec = presetByName(j.get<std::string>());
        } catch (const SpecError& e) {
            throw SpecError(path + ": " + e.what());
        }
    } else if (j.is_object()) {
        FieldReader r(j, path);
        int forms = 0;
        for (const char* key : {"mlp", "cifar", "spec"})
            forms += r.has(key) ? 1 : 0;
        if (forms != 1)
            throw SpecError(path + ": give a preset name, or an object with exactly one of \"mlp\", \"cifar\" or \"spec\"" +
                            (j.empty() ? std::string() : " (found: " + j.begin().key() + ")"));
        if (r.has("mlp")) {
            network.source = "mlp";
            network.spec = mlpFromJson(r.object("mlp"), r.path("mlp"));
        } else if (r.has("cifar")) {
            network.source = "cifar";
            network.spec = cifarFromJson(r.object("cifar"), r.path("cifar"));
        } else {
            network.source = "spec";
            try {
                network.spec = specFromJson(r.object("spec").dump());
            } catch (const SpecError& e) {
                throw SpecError(r.path("spec") + "." + e.what());
            }
        }
        r.finish();
    } else {
        throw SpecError(path + ": expected a preset name or an object, got " + describeJsonType(j));
    }
    const std::vector<SpecIssue> issues = validate(network.spec);
    if (!issues.empty()) {
        std::string message = path + ": the network " + network.spec.name + " is not valid:";
        for (const SpecIssue& issue : issues)
            message += " " + issue.message + ";";
        message.pop_back();
        throw SpecError(message);
    }
    return network;
}

bool knownDataName(const std::string& name) {
    for (const char* prefix : {"idx:", "cifar10:", "csv:"})
        if (name.rfind(prefix, 0) == 0 && name.size() > std::string_view(prefix).size())
            return true;
    for (const std::string& n : datasetNames())
        if (n == name && n.find(':') == std::string::npos)
            return true;
    return false;
}

LessonSetup setupFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    LessonSetup setup;
    setup.network = networkFromJson(r.value("network"), r.path("network"));
    {
        FieldReader d(r.object("data"), r.path("data"));
        setup.data = d.string("name");
        if (!knownDataName(setup.data)) {
            std::string list;
            for (const std::string& n : datasetNames())
                list += (list.empty() ? "" : ", ") + n;
            d.fail("name", "unknown data set \"" + setup.data + "\" (known: " + list + ")");
        }
        if (d.has("options"))
            readDataOptions(d.object("options"), d.path("options"), setup.dataOptions, Fields::Some);
        d.finish();
    }
    if (r.has("training"))
        readTrainConfig(r.object("training"), r.path("training"), setup.training, Fields::Some);
    setup.view = readChoice(r, "view", kViews, "view");
    r.finish();
    return setup;
}

template <class T>
std::vector<T> readIntegers(FieldReader& r, const std::string& key, long long lo, long long hi) {
    const json& a = r.array(key);
    if (a.empty() || a.size() > 1000)
        r.fail(key, "expected 1 to 1000 values, got " + std::to_string(a.size()));
    std::vector<T> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_number_integer() || a[i].get<long long>() < lo || a[i].get<long long>() > hi)
            r.fail(key + "[" + std::to_string(i) + "]", "expected an integer in [" + std::to_string(lo) + ", " +
                                                            std::to_string(hi) + "], got " + a[i].dump());
        out.push_back(T(a[i].get<long long>()));
    }
    return out;
}

LessonRun runFromJson(const json& j, const std::string& path, const LessonSetup& setup) {
    FieldReader r(j, path);
    LessonRun run;
    run.action = readChoice(r, "action", kActions, "action");
    const NetworkSpec& spec = setup.network.spec;
    switch (run.action) {
    case LessonAction::Train:
    case LessonAction::TrainWithTwin:
        break;
    case LessonAction::Sweep: {
        if (r.has("depths")) run.depths = readIntegers<int>(r, "depths", 4, 1000);
        if (r.has("seeds")) run.seeds = readIntegers<std::uint64_t>(r, "seeds", 0, 1LL << 30);
        if (r.has("width")) run.width = r.integer("width", 1, 4096);
        if (r.has("families")) {
            run.families = readStrings(r, "families", 2, true);
            for (std::size_t i = 0; i < run.families.size(); ++i)
                if (run.families[i] != "plain" && run.families[i] != "residual")
                    r.fail("families[" + std::to_string(i) + "]",
                           "unknown family \"" + run.families[i] + "\" (expected plain or residual)");
        }
        SweepConfig config = defaultSweep();
        config.data = setup.data;   // the depths must suit the data: 6n+2 conv nets for images
        config.train = setup.training;
        if (!run.depths.empty()) config.depths = run.depths;
        if (!run.seeds.empty()) config.seeds = run.seeds;
        if (!run.families.empty()) config.families = run.families;
        if (run.width > 0) config.width = run.width;
        const std::vector<std::string> problems = checkSweepConfig(config);
        if (!problems.empty())
            throw SpecError(path + ": " + problems.front());
        break;
    }
    case LessonAction::ZeroBranch: {
        run.block = r.integer("block", 0);
        if (std::size_t(run.block) >= spec.blocks.size())
            r.fail("block", "there is no block " + std::to_string(run.block) + "; the network " + spec.name + " has " +
                                std::to_string(spec.blocks.size()) + " blocks (0 to " +
                                std::to_string(int(spec.blocks.size()) - 1) + ")");
        if (!spec.blocks[std::size_t(run.block)].residual())
            r.fail("block", "block " + std::to_string(run.block) + " of " + spec.name +
                                " is a plain block: only a residual block's branch can be zeroed to show the identity");
        break;
    }
    case LessonAction::Lesion:
        if (r.has("draws")) run.draws = r.integer("draws", 1, 1000);
        if (r.has("max_removed")) run.maxRemoved = r.integer("max_removed", 1, SpecLimits::kMaxBlocks);
        if (r.has("seed")) run.seed = r.unsignedInteger("seed");
        if (spec.blocks.empty())
            r.fail("action", "the lesion study needs a network with blocks; " + spec.name + " has none");
        break;
    case LessonAction::Paths: {
        if (r.has("samples")) run.samples = r.integer("samples", 1, 10000);
        if (r.has("seed")) run.seed = r.unsignedInteger("seed");
        const bool residual = std::any_of(spec.blocks.begin(), spec.blocks.end(),
                                          [](const BlockSpec& b) { return b.residual(); });
        if (!residual)
            r.fail("action", "the path-length analysis needs a residual network; " + spec.name +
                                 " has no skip connection (a plain chain is a single path)");
        break;
    }
    case LessonAction::Ablate: {
        if (r.has("variants")) run.variants = readStrings(r, "variants", ablationVariants().size(), true);
        if (r.has("depth")) run.depth = r.integer("depth", 4, 1202);
        if (r.has("seeds")) run.seeds = readIntegers<std::uint64_t>(r, "seeds", 0, 1LL << 30);
        if (r.has("width")) run.width = r.integer("width", 1, 4096);
        const std::vector<std::string> problems = checkAblationConfig(lessonAblation(setup, run));
        if (!problems.empty())
            throw SpecError(path + ": " + problems.front());
        break;
    }
    case LessonAction::CompareSpecs: {
        const json& a = r.array("networks");
        if (a.size() < 2 || a.size() > kMaxCompared)
            r.fail("networks", "compare 2 to " + std::to_string(kMaxCompared) + " networks, got " +
                                   std::to_string(a.size()));
        for (std::size_t i = 0; i < a.size(); ++i)
            run.networks.push_back(networkFromJson(a[i], r.path("networks") + "[" + std::to_string(i) + "]"));
        break;
    }
    case LessonAction::Landscape:
        if (r.has("grid")) {
            run.grid = r.integer("grid", 3, 201);
            if (run.grid % 2 == 0)
                r.fail("grid", std::to_string(run.grid) +
                                   " is even; give an odd number so that the trained weights are on the grid");
        }
        if (spec.blocks.empty())
            r.fail("action", "the loss landscape compares a network's plain and residual twins; " + spec.name +
                                 " has no blocks");
        break;
    case LessonAction::Shatter: {
        if (r.has("depths")) run.depths = readIntegers<int>(r, "depths", 1, 200);
        ShatterConfig config;
        if (!run.depths.empty()) config.depths = run.depths;
        const std::vector<std::string> problems = checkShatterConfig(config);
        if (!problems.empty())
            throw SpecError(path + ": " + problems.front());
        break;
    }
    }
    r.finish();   // a field that the action does not take is an unknown field
    return run;
}

Lesson parse(const json& j) {
    FieldReader r(j, "");
    const std::string format = r.string("format");
    if (format != kFormatName)
        r.fail("format", "expected \"" + std::string(kFormatName) + "\", got \"" + format + "\"");
    const int version = r.integer("version");
    if (version != kFormatVersion)
        r.fail("version", "this lesson has format version " + std::to_string(version) + "; this ResNet Lab reads version " +
                              std::to_string(kFormatVersion));
    Lesson lesson;
    lesson.title = r.string("title");
    if (lesson.title.empty() || lesson.title.size() > 200)
        r.fail("title", "give a title of 1 to 200 characters");
    lesson.paragraphs = readStrings(r, "text", kMaxParagraphs, true);
    lesson.equations = readStrings(r, "equations", kMaxParagraphs, false);
    lesson.setup = setupFromJson(r.object("setup"), "setup");
    lesson.run = runFromJson(r.object("run"), "run", lesson.setup);
    r.finish();
    return lesson;
}

}  // namespace

AblationConfig lessonAblation(const LessonSetup& setup, const LessonRun& run) {
    AblationConfig config = defaultAblation();
    config.data = setup.data;
    config.dataOptions = setup.dataOptions;
    config.train = setup.training;
    config.variants = run.variants;
    if (run.depth > 0) config.depth = run.depth;
    if (!run.seeds.empty()) config.seeds = run.seeds;
    if (run.width > 0) config.width = run.width;
    return config;
}

std::string_view lessonViewName(LessonView view) {
    for (const auto& [v, name] : kViews)
        if (v == view)
            return name;
    return "?";
}

std::string_view lessonActionName(LessonAction action) {
    for (const auto& [a, name] : kActions)
        if (a == action)
            return name;
    return "?";
}

std::vector<std::string> lessonViewNames() {
    std::vector<std::string> names;
    for (const auto& [v, name] : kViews)
        names.emplace_back(name);
    return names;
}

std::vector<std::string> lessonActionNames() {
    std::vector<std::string> names;
    for (const auto& [a, name] : kActions)
        names.emplace_back(name);
    return names;
}

Lesson parseLesson(std::string_view text, const std::string& file) {
    const std::string prefix = file.empty() ? std::string() : file + ": ";
    std::string problem;
    json j = parseJsonText(text, problem);
    if (!problem.empty())
        throw LessonError(prefix + problem);
    try {
        Lesson lesson = parse(j);
        lesson.file = file;
        lesson.id = file.empty() ? std::string() : std::filesystem::path(file).stem().string();
        return lesson;
    } catch (const SpecError& e) {
        throw LessonError(prefix + e.what());
    } catch (const std::invalid_argument& e) {
        throw LessonError(prefix + e.what());
    }
}

Lesson loadLessonFile(const std::string& path) {
    return parseLesson(readFileBounded<LessonError>(path, {"lesson file", kMaxFileBytes}), path);
}

std::vector<Lesson> loadLessonsFromDirectory(const std::string& dir, std::vector<std::string>* problems) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw LessonError(dir + ": no such lessons directory");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    if (ec)
        throw LessonError(dir + ": cannot list the directory: " + ec.message());
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
    std::vector<Lesson> lessons;
    for (const auto& file : files) {
        try {
            lessons.push_back(loadLessonFile(file.string()));
        } catch (const LessonError& e) {
            if (!problems)
                throw;
            problems->push_back(e.what());
        }
    }
    return lessons;
}

}  // namespace core
