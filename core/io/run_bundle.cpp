#include "core/io/run_bundle.h"

#include "core/io/file_io.h"
#include "core/io/instrument_json.h"
#include "core/io/settings_json.h"
#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "core/spec/json_fields.h"
#include "core/spec/spec_analysis.h"

#include <nlohmann/json.hpp>

#include <array>

namespace core {

namespace {

using nlohmann::json;

constexpr const char* kFormatName = "resnetlab-bundle";

// ------------------------------------------------------------------ reading helpers

// A declared count, checked against `limit`.
std::size_t readCount(FieldReader& r, const std::string& key, std::size_t limit, const std::string& what) {
    const json& v = r.value(key);
    if (!v.is_number_unsigned())   // JSON reads every integer >= 0 as unsigned
        r.fail(key, "expected a count (an integer of 0 or more), got " + (v.is_number() ? v.dump() : describeJsonType(v)));
    if (v.get<std::uint64_t>() > limit)
        r.fail(key, v.dump() + " is above the limit of " + std::to_string(limit) + " " + what);
    return std::size_t(v.get<std::uint64_t>());
}

long long readInt64(FieldReader& r, const std::string& key) {
    const json& v = r.value(key);
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX)))
        r.fail(key, "expected an integer, got " + (v.is_number() ? v.dump() : describeJsonType(v)));
    return v.get<long long>();
}

template <class T>
std::vector<T> numberColumn(const json& a, const std::string& path, std::size_t count) {
    if (!a.is_array())
        throw SpecError(path + ": expected an array, got " + describeJsonType(a));
    if (a.size() != count)
        throw SpecError(path + ": " + std::to_string(a.size()) + " values, but count says " + std::to_string(count));
    std::vector<T> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(T(numberFromJson(a[i], elementPath(path, i))));
    return out;
}

std::vector<long long> integerColumn(const json& a, const std::string& path, std::size_t count) {
    if (!a.is_array())
        throw SpecError(path + ": expected an array, got " + describeJsonType(a));
    if (a.size() != count)
        throw SpecError(path + ": " + std::to_string(a.size()) + " values, but count says " + std::to_string(count));
    std::vector<long long> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (!a[i].is_number_integer() || (a[i].is_number_unsigned() && a[i].get<std::uint64_t>() > std::uint64_t(INT64_MAX)))
            throw SpecError(elementPath(path, i) + ": expected an integer, got " + a[i].dump());
        out.push_back(a[i].get<long long>());
    }
    return out;
}

// ------------------------------------------------------------------ training results

constexpr std::array<std::pair<TrainResult::Status, const char*>, 3> kStatuses{{
    {TrainResult::Status::Finished, "finished"},
    {TrainResult::Status::Cancelled, "cancelled"},
    {TrainResult::Status::Diverged, "diverged"},
}};

// The per-epoch numbers, one column each (EpochReport's double fields, in order).
constexpr std::array<std::pair<const char*, double EpochReport::*>, 7> kHistoryColumns{{
    {"batch_loss", &EpochReport::batchLoss},
    {"batch_error", &EpochReport::batchError},
    {"train_loss", &EpochReport::trainLoss},
    {"train_error", &EpochReport::trainError},
    {"test_loss", &EpochReport::testLoss},
    {"test_error", &EpochReport::testError},
    {"seconds", &EpochReport::seconds},
}};

json resultToJson(const TrainResult& result) {
    json j;
    for (const auto& [status, name] : kStatuses)
        if (status == result.status)
            j["status"] = name;
    j["steps"] = result.steps;
    j["diverged_at_step"] = result.divergedAtStep;
    j["message"] = result.message;
    j["seconds"] = numberToJson(result.seconds);
    json h;
    h["count"] = result.history.size();
    json epochs = json::array(), steps = json::array();
    for (const EpochReport& e : result.history) {
        epochs.push_back(e.epoch);
        steps.push_back(e.step);
    }
    h["epoch"] = std::move(epochs);
    h["step"] = std::move(steps);
    for (const auto& [name, member] : kHistoryColumns) {
        json column = json::array();
        for (const EpochReport& e : result.history)
            column.push_back(numberToJson(e.*member));
        h[name] = std::move(column);
    }
    j["history"] = std::move(h);
    return j;
}

TrainResult resultFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    TrainResult result;
    const std::string status = r.string("status");
    bool known = false;
    for (const auto& [s, name] : kStatuses)
        if (status == name) {
            result.status = s;
            known = true;
        }
    if (!known)
        r.fail("status", "unknown status \"" + status + "\" (expected finished, cancelled or diverged)");
    result.steps = readInt64(r, "steps");
    result.divergedAtStep = readInt64(r, "diverged_at_step");
    result.message = r.string("message");
    result.seconds = readNumber(r, "seconds");
    {
        FieldReader h(r.object("history"), r.path("history"));
        const std::size_t n = readCount(h, "count", BundleLimits::kMaxEpochs, "epochs");
        const std::vector<long long> epochs = integerColumn(h.array("epoch"), h.path("epoch"), n);
        const std::vector<long long> steps = integerColumn(h.array("step"), h.path("step"), n);
        result.history.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (epochs[i] < 0 || epochs[i] > BundleLimits::kMaxEpochs)
                throw SpecError(elementPath(h.path("epoch"), i) + ": epoch " + std::to_string(epochs[i]) + " is out of range");
            result.history[i].epoch = int(epochs[i]);
            result.history[i].step = steps[i];
        }
        for (const auto& [name, member] : kHistoryColumns) {
            const std::vector<double> values = numberColumn<double>(h.array(name), h.path(name), n);
            for (std::size_t i = 0; i < n; ++i)
                result.history[i].*member = values[i];
        }
        h.finish();
    }
    r.finish();
    return result;
}

json specToJsonObject(const NetworkSpec& spec) { return json::parse(specToJson(spec)); }

NetworkSpec specFromJsonObject(const json& j, const std::string& path) {
    if (!j.is_object())
        throw SpecError(path + ": expected a network spec object, got " + describeJsonType(j));
    try {
        return specFromJson(j.dump());
    } catch (const SpecError& e) {
        throw SpecError(path + "." + e.what());
    }
}

// ------------------------------------------------------------------ runs and weights

json runToJson(const BundleRun& run) {
    json j;
    j["label"] = run.label;
    j["spec"] = specToJsonObject(run.spec);
    j["seed"] = run.seed;
    j["result"] = resultToJson(run.result);
    if (run.weights)
        j["weights"] = {{"encoding", "base64"}, {"bytes", run.weights->size()}, {"data", base64Encode(*run.weights)}};
    return j;
}

BundleRun runFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    BundleRun run;
    run.label = r.string("label");
    run.spec = specFromJsonObject(r.value("spec"), r.path("spec"));
    run.seed = r.unsignedInteger("seed");
    run.result = resultFromJson(r.object("result"), r.path("result"));
    if (r.has("weights")) {
        FieldReader w(r.object("weights"), r.path("weights"));
        const std::string encoding = w.string("encoding");
        if (encoding != "base64")
            w.fail("encoding", "unknown encoding \"" + encoding + "\" (expected base64)");
        const std::size_t bytes = readCount(w, "bytes", std::size_t(BundleLimits::kMaxWeightBytes), "bytes");
        const std::string data = w.string("data");
        // 4 characters per 3 bytes: a mismatch is found before anything is decoded.
        if (data.size() != (bytes + 2) / 3 * 4)
            w.fail("data", std::to_string(data.size()) + " characters cannot hold " + std::to_string(bytes) +
                               " bytes in base64 (expected " + std::to_string((bytes + 2) / 3 * 4) + ")");
        run.weights = base64Decode(data, w.path("data"));
        if (run.weights->size() != bytes)
            w.fail("data", "decodes to " + std::to_string(run.weights->size()) + " bytes, but bytes says " +
                               std::to_string(bytes));
        w.finish();
    }
    r.finish();
    return run;
}

// ------------------------------------------------------------------ sweep

json sweepToJson(const BundleSweep& sweep) {
    json j;
    j["config"] = sweepConfigToJson(sweep.config);
    json runs = json::array();
    for (const SweepRun& r : sweep.runs)
        runs.push_back({{"family", r.family},
                        {"depth", r.depth},
                        {"seed", r.seed},
                        {"final_train_error", numberToJson(r.finalTrainError)},
                        {"final_train_loss", numberToJson(r.finalTrainLoss)},
                        {"final_test_error", numberToJson(r.finalTestError)},
                        {"final_test_loss", numberToJson(r.finalTestLoss)},
                        {"seconds", numberToJson(r.seconds)},
                        {"result", resultToJson(r.result)}});
    j["runs"] = std::move(runs);
    return j;
}

BundleSweep sweepFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    BundleSweep sweep;
    readSweepConfig(r.object("config"), r.path("config"), sweep.config, Fields::All);
    const json& runs = boundedArray(r, "runs", BundleLimits::kMaxSweepRuns, "runs");
    sweep.runs.reserve(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
        FieldReader s(runs[i], elementPath(r.path("runs"), i));
        SweepRun run;
        run.family = s.string("family");
        run.depth = s.integer("depth", 0, 100000);
        run.seed = s.unsignedInteger("seed");
        run.finalTrainError = readNumber(s, "final_train_error");
        run.finalTrainLoss = readNumber(s, "final_train_loss");
        run.finalTestError = readNumber(s, "final_test_error");
        run.finalTestLoss = readNumber(s, "final_test_loss");
        run.seconds = readNumber(s, "seconds");
        run.result = resultFromJson(s.object("result"), s.path("result"));
        s.finish();
        sweep.runs.push_back(std::move(run));
    }
    r.finish();
    return sweep;
}

// ------------------------------------------------------------------ probes

json probesToJson(const BundleProbes& p) {
    json snapshots = json::array();
    for (const ProbeReport& report : p.snapshots) {
        json layers = json::array(), blocks = json::array();
        for (const LayerProbe& l : report.layers)
            layers.push_back({{"name", l.name},
                              {"kind", l.kind},
                              {"block", l.block},
                              {"weighted", l.weighted},
                              {"act_mean", numberToJson(l.actMean)},
                              {"act_std", numberToJson(l.actStd)},
                              {"act_norm", numberToJson(l.actNorm)},
                              {"grad_mean", numberToJson(l.gradMean)},
                              {"grad_std", numberToJson(l.gradStd)},
                              {"grad_norm", numberToJson(l.gradNorm)},
                              {"zero_fraction", numberToJson(l.zeroFraction)}});
        for (const BlockProbe& b : report.blocks) {
            blocks.push_back({{"block", b.block},
                              {"residual", b.residual},
                              {"input_norm", numberToJson(b.inputNorm)},
                              {"branch_norm", numberToJson(b.branchNorm)},
                              {"ratio", numberToJson(b.ratio)},
                              {"grad_via_shortcut", numberToJson(b.gradViaShortcut)},
                              {"grad_via_branch", numberToJson(b.gradViaBranch)},
                              {"output_grad_norm", numberToJson(b.outputGradNorm)}});
            if (b.hasAlpha)   // only blocks with a residual scale (ReZero, SkipInit, Fixup) have one
                blocks.back()["alpha"] = numberToJson(b.alpha);
        }
        snapshots.push_back({{"step", report.step}, {"layers", std::move(layers)}, {"blocks", std::move(blocks)}});
    }
    return {{"run", p.run}, {"snapshots", std::move(snapshots)}};
}

BundleProbes probesFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    BundleProbes p;
    p.run = r.string("run");
    const json& snapshots = boundedArray(r, "snapshots", BundleLimits::kMaxProbeSnapshots, "snapshots");
    p.snapshots.reserve(snapshots.size());
    auto single = [](FieldReader& f, const std::string& key) { return float(readNumber(f, key)); };
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
        FieldReader s(snapshots[i], elementPath(r.path("snapshots"), i));
        ProbeReport report;
        report.step = readInt64(s, "step");
        const json& layers = boundedArray(s, "layers", BundleLimits::kMaxProbeRows, "layers");
        report.layers.reserve(layers.size());
        for (std::size_t k = 0; k < layers.size(); ++k) {
            FieldReader f(layers[k], elementPath(s.path("layers"), k));
            LayerProbe l;
            l.name = f.string("name");
            l.kind = f.string("kind");
            l.block = f.integer("block", -1);
            l.weighted = f.boolean("weighted");
            l.actMean = single(f, "act_mean");
            l.actStd = single(f, "act_std");
            l.actNorm = single(f, "act_norm");
            l.gradMean = single(f, "grad_mean");
            l.gradStd = single(f, "grad_std");
            l.gradNorm = single(f, "grad_norm");
            l.zeroFraction = single(f, "zero_fraction");
            f.finish();
            report.layers.push_back(std::move(l));
        }
        const json& blocks = boundedArray(s, "blocks", BundleLimits::kMaxProbeRows, "blocks");
        report.blocks.reserve(blocks.size());
        for (std::size_t k = 0; k < blocks.size(); ++k) {
            FieldReader f(blocks[k], elementPath(s.path("blocks"), k));
            BlockProbe b;
            b.block = f.integer("block", 0);
            b.residual = f.boolean("residual");
            b.inputNorm = single(f, "input_norm");
            b.branchNorm = single(f, "branch_norm");
            b.ratio = single(f, "ratio");
            b.gradViaShortcut = single(f, "grad_via_shortcut");
            b.gradViaBranch = single(f, "grad_via_branch");
            b.outputGradNorm = single(f, "output_grad_norm");
            if (f.has("alpha")) {
                b.hasAlpha = true;
                b.alpha = single(f, "alpha");
            }
            f.finish();
            report.blocks.push_back(b);
        }
        s.finish();
        p.snapshots.push_back(std::move(report));
    }
    r.finish();
    return p;
}

// ------------------------------------------------------------------ lesion

json lesionToJson(const LesionResult& l) {
    json single = json::array(), draws = json::array(), curve = json::array();
    for (const SingleLesion& s : l.single)
        single.push_back({{"block", s.block},
                          {"removable", s.removable},
                          {"message", s.message},
                          {"test_error", numberToJson(s.testError)},
                          {"test_loss", numberToJson(s.testLoss)}});
    for (const LesionDraw& d : l.draws)
        draws.push_back({{"removed_count", d.removedCount},
                         {"draw", d.draw},
                         {"removed", d.removed},
                         {"test_error", numberToJson(d.testError)},
                         {"test_loss", numberToJson(d.testLoss)}});
    for (const LesionPoint& p : l.curve)
        curve.push_back({{"removed_count", p.removedCount},
                         {"draws", p.draws},
                         {"mean_error", numberToJson(p.meanError)},
                         {"std_error", numberToJson(p.stdError)},
                         {"min_error", numberToJson(p.minError)},
                         {"max_error", numberToJson(p.maxError)},
                         {"mean_loss", numberToJson(p.meanLoss)}});
    return {{"label", l.label},
            {"blocks", l.blocks},
            {"removable_blocks", l.removableBlocks},
            {"baseline_error", numberToJson(l.baselineError)},
            {"baseline_loss", numberToJson(l.baselineLoss)},
            {"single", std::move(single)},
            {"draws", std::move(draws)},
            {"curve", std::move(curve)},
            {"notes", l.notes}};
}

LesionResult lesionFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    LesionResult l;
    l.label = r.string("label");
    l.blocks = r.integer("blocks", 0, SpecLimits::kMaxBlocks);
    l.removableBlocks = r.integer("removable_blocks", 0, l.blocks);
    l.baselineError = readNumber(r, "baseline_error");
    l.baselineLoss = readNumber(r, "baseline_loss");
    const json& single = boundedArray(r, "single", std::size_t(l.blocks), "rows (one per block)");
    l.single.reserve(single.size());
    for (std::size_t i = 0; i < single.size(); ++i) {
        FieldReader f(single[i], elementPath(r.path("single"), i));
        SingleLesion s;
        s.block = f.integer("block", 0, l.blocks);
        s.removable = f.boolean("removable");
        s.message = f.string("message");
        s.testError = readNumber(f, "test_error");
        s.testLoss = readNumber(f, "test_loss");
        f.finish();
        l.single.push_back(std::move(s));
    }
    const json& draws = boundedArray(r, "draws", BundleLimits::kMaxLesionRows, "draws");
    l.draws.reserve(draws.size());
    for (std::size_t i = 0; i < draws.size(); ++i) {
        FieldReader f(draws[i], elementPath(r.path("draws"), i));
        LesionDraw d;
        d.removedCount = f.integer("removed_count", 0, l.blocks);
        d.draw = f.integer("draw", 0);
        const json& removed = boundedArray(f, "removed", std::size_t(l.blocks), "block indices");
        d.removed.reserve(removed.size());
        for (std::size_t k = 0; k < removed.size(); ++k) {
            if (!removed[k].is_number_integer() || removed[k].get<long long>() < 0 ||
                removed[k].get<long long>() >= l.blocks)
                throw SpecError(elementPath(f.path("removed"), k) + ": expected a block index in [0, " +
                                std::to_string(l.blocks) + "), got " + removed[k].dump());
            d.removed.push_back(removed[k].get<int>());
        }
        d.testError = readNumber(f, "test_error");
        d.testLoss = readNumber(f, "test_loss");
        f.finish();
        l.draws.push_back(std::move(d));
    }
    const json& curve = boundedArray(r, "curve", BundleLimits::kMaxLesionRows, "points");
    l.curve.reserve(curve.size());
    for (std::size_t i = 0; i < curve.size(); ++i) {
        FieldReader f(curve[i], elementPath(r.path("curve"), i));
        LesionPoint p;
        p.removedCount = f.integer("removed_count", 0, l.blocks);
        p.draws = f.integer("draws", 0);
        p.meanError = readNumber(f, "mean_error");
        p.stdError = readNumber(f, "std_error");
        p.minError = readNumber(f, "min_error");
        p.maxError = readNumber(f, "max_error");
        p.meanLoss = readNumber(f, "mean_loss");
        f.finish();
        l.curve.push_back(p);
    }
    const json& notes = boundedArray(r, "notes", BundleLimits::kMaxNotes, "notes");
    for (std::size_t i = 0; i < notes.size(); ++i) {
        if (!notes[i].is_string())
            throw SpecError(elementPath(r.path("notes"), i) + ": expected a string, got " + describeJsonType(notes[i]));
        l.notes.push_back(notes[i].get<std::string>());
    }
    r.finish();
    return l;
}

// ------------------------------------------------------------------ paths

// Only what cannot be recomputed is stored: the counts, fractions and contributions follow
// exactly from the number of blocks and the measured gradients.
json pathsToJson(const PathLengthResult& p) {
    json rows = json::array();
    for (const PathLengthRow& row : p.rows)
        rows.push_back({{"length", row.length},
                        {"gradient_norm", numberToJson(row.gradientNorm)},
                        {"gradient_spread", numberToJson(row.gradientSpread)},
                        {"paths_sampled", row.pathsSampled}});
    return {{"blocks", p.blocks},
            {"measured", p.measured},
            {"samples", p.samples},
            {"effective_share", p.effectiveShare},
            {"rows", std::move(rows)}};
}

PathLengthResult pathsFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    const int blocks = r.integer("blocks", 0, BundleLimits::kMaxPathBlocks);
    PathLengthResult p = pathLengthDistribution(blocks);
    p.measured = r.boolean("measured");
    p.samples = r.integer("samples", 0);
    const double share = r.number("effective_share");
    if (!(share > 0.0 && share <= 1.0))
        r.fail("effective_share", "must be in (0, 1]");
    const json& rows = r.array("rows");
    if (rows.size() != std::size_t(blocks) + 1)
        r.fail("rows", std::to_string(rows.size()) + " rows, but " + std::to_string(blocks) +
                           " blocks have path lengths 0.." + std::to_string(blocks));
    for (std::size_t k = 0; k < rows.size(); ++k) {
        FieldReader f(rows[k], elementPath(r.path("rows"), k));
        if (f.integer("length") != int(k))
            f.fail("length", "expected " + std::to_string(k) + " (rows go by length)");
        p.rows[k].gradientNorm = readNumber(f, "gradient_norm");
        p.rows[k].gradientSpread = readNumber(f, "gradient_spread");
        p.rows[k].pathsSampled = f.integer("paths_sampled", 0);
        f.finish();
    }
    computeContributions(p, share);
    r.finish();
    return p;
}

RunBundle parseBundle(const json& j) {
    FieldReader r(j, "");
    const std::string format = r.string("format");
    if (format != kFormatName)
        r.fail("format", "expected \"" + std::string(kFormatName) + "\", got \"" + format + "\"");
    const int version = r.integer("version");
    if (version != RunBundle::kFormatVersion)
        r.fail("version", "this file has format version " + std::to_string(version) +
                              "; this ResNet Lab reads version " + std::to_string(RunBundle::kFormatVersion));
    RunBundle b;
    b.name = r.string("name");
    b.spec = specFromJsonObject(r.value("spec"), "spec");
    {
        FieldReader d(r.object("data"), "data");
        b.data = d.string("name");
        readDataOptions(d.object("options"), d.path("options"), b.dataOptions, Fields::All);
        d.finish();
    }
    b.seed = r.unsignedInteger("seed");
    readTrainConfig(r.object("training"), "training", b.training, Fields::All);
    const json& runs = boundedArray(r, "runs", BundleLimits::kMaxRuns, "runs");
    b.runs.reserve(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i)
        b.runs.push_back(runFromJson(runs[i], elementPath("runs", i)));
    if (r.has("sweep"))
        b.sweep = sweepFromJson(r.object("sweep"), "sweep");
    if (r.has("probes")) {
        const json& probes = boundedArray(r, "probes", BundleLimits::kMaxProbeRuns, "probe histories");
        b.probes.reserve(probes.size());
        for (std::size_t i = 0; i < probes.size(); ++i)
            b.probes.push_back(probesFromJson(probes[i], elementPath("probes", i)));
    }
    if (r.has("lesion")) {
        const json& lesion = boundedArray(r, "lesion", BundleLimits::kMaxLesionResults, "lesion results");
        b.lesion.reserve(lesion.size());
        for (std::size_t i = 0; i < lesion.size(); ++i)
            b.lesion.push_back(lesionFromJson(lesion[i], elementPath("lesion", i)));
    }
    if (r.has("paths"))
        b.paths = pathsFromJson(r.object("paths"), "paths");
    if (r.has("landscape"))
        b.landscape = landscapeFromJson(r.object("landscape"), "landscape");
    if (r.has("shatter"))
        b.shatter = shatterFromJson(r.object("shatter"), "shatter");
    r.finish();
    return b;
}

}  // namespace

const BundleRun* RunBundle::run(const std::string& label) const {
    for (const BundleRun& r : runs)
        if (r.label == label)
            return &r;
    return nullptr;
}

std::string bundleToJson(const RunBundle& b) {
    json j;
    j["format"] = kFormatName;
    j["version"] = RunBundle::kFormatVersion;
    j["name"] = b.name;
    j["spec"] = specToJsonObject(b.spec);
    j["data"] = {{"name", b.data}, {"options", dataOptionsToJson(b.dataOptions)}};
    j["seed"] = b.seed;
    j["training"] = trainConfigToJson(b.training);
    j["runs"] = json::array();
    for (const BundleRun& run : b.runs)
        j["runs"].push_back(runToJson(run));
    if (b.sweep)
        j["sweep"] = sweepToJson(*b.sweep);
    if (!b.probes.empty()) {
        j["probes"] = json::array();
        for (const BundleProbes& p : b.probes)
            j["probes"].push_back(probesToJson(p));
    }
    if (!b.lesion.empty()) {
        j["lesion"] = json::array();
        for (const LesionResult& l : b.lesion)
            j["lesion"].push_back(lesionToJson(l));
    }
    if (b.paths)
        j["paths"] = pathsToJson(*b.paths);
    if (b.landscape)
        j["landscape"] = landscapeToJson(*b.landscape);
    if (b.shatter)
        j["shatter"] = shatterToJson(*b.shatter);
    return j.dump(1) + "\n";
}

RunBundle bundleFromJson(std::string_view text, const std::string& source) {
    const std::string prefix = source.empty() ? std::string() : source + ": ";
    std::string problem;
    const json j = parseJsonText(text, problem);
    if (!problem.empty())
        throw BundleError(prefix + problem + " (the file is damaged or cut short)");
    try {
        return parseBundle(j);
    } catch (const BundleError& e) {
        throw BundleError(prefix + e.what());
    } catch (const SpecError& e) {
        throw BundleError(prefix + e.what());
    } catch (const std::invalid_argument& e) {
        throw BundleError(prefix + e.what());
    }
}

RunBundle loadBundleFile(const std::string& path) {
    return bundleFromJson(readFileBounded<BundleError>(path, {"bundle file", BundleLimits::kMaxFileBytes}), path);
}

void saveBundleFile(const RunBundle& bundle, const std::string& path) {
    writeFileAtomically<BundleError>(path, bundleToJson(bundle));
}

std::unique_ptr<Network> restoreNetwork(const BundleRun& run, const std::string& source) {
    const std::string where = (source.empty() ? std::string() : source + ": ") + "run \"" + run.label + "\"";
    if (!run.weights)
        throw BundleError(where + " has no saved weights; train it first");
    std::unique_ptr<Network> net;
    try {
        net = buildNetwork(run.spec);
    } catch (const SpecError& e) {
        throw BundleError(where + ": " + e.what());
    }
    try {
        loadWeightsFromBytes(*net, *run.weights, where + " weights");
    } catch (const WeightsError& e) {
        throw BundleError(e.what());
    }
    return net;
}

std::string captureWeights(Network& net) { return weightsToBytes(net); }

bool looksLikeBundle(std::string_view text) {
    const json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return false;
    const auto it = j.find("format");
    return it != j.end() && it->is_string() && it->get<std::string>() == kFormatName;
}

// ------------------------------------------------------------------ base64

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16 |
                                std::uint32_t(std::uint8_t(bytes[i + 1])) << 8 | std::uint8_t(bytes[i + 2]);
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        if (rest == 2)
            v |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64Decode(std::string_view text, const std::string& path) {
    if (text.size() % 4 != 0)
        throw BundleError(path + ": base64 text of " + std::to_string(text.size()) +
                          " characters; the length must be a multiple of 4 (the data is damaged or cut short)");
    std::array<int, 256> value;
    value.fill(-1);
    for (int i = 0; i < 64; ++i)
        value[std::uint8_t(kAlphabet[i])] = i;
    // Up to two '=' at the very end stand for the missing bytes of the last group.
    std::size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=')
        ++padding;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t bits = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const std::size_t pos = i + k;
            int v = pos >= text.size() - padding ? 0 : value[std::uint8_t(text[pos])];
            if (v < 0)
                throw BundleError(path + ": character " + std::to_string(pos) + " is not base64 (the data is damaged)");
            bits = bits << 6 | std::uint32_t(v);
        }
        const std::size_t bytes = i + 4 == text.size() ? 3 - padding : 3;
        for (std::size_t k = 0; k < bytes; ++k)
            out += char((bits >> (16 - 8 * k)) & 255);
    }
    return out;
}

}  // namespace core
