#include "core/io/instrument_json.h"

#include "core/io/settings_json.h"
#include "core/spec/json_fields.h"

#include <nlohmann/json.hpp>

namespace core {

namespace {

using nlohmann::json;

template <class Values>
json numbers(const Values& values) {
    json a = json::array();
    for (double v : values)
        a.push_back(numberToJson(v));
    return a;
}

std::vector<double> readNumbers(FieldReader& r, const std::string& key, std::size_t limit, const std::string& what) {
    const json& a = boundedArray(r, key, limit, what);
    std::vector<double> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        out.push_back(numberFromJson(a[i], elementPath(r.path(key), i)));
    return out;
}

std::vector<std::string> readStrings(FieldReader& r, const std::string& key, std::size_t limit) {
    const json& a = boundedArray(r, key, limit, "strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].is_string())
            throw SpecError(elementPath(r.path(key), i) + ": expected a string, got " + describeJsonType(a[i]));
        out.push_back(a[i].get<std::string>());
    }
    return out;
}

json surfaceToJson(const PlaneSurface& s) {
    json loss = json::array(), error = json::array();
    for (Eigen::Index i = 0; i < s.loss.rows(); ++i)
        for (Eigen::Index j = 0; j < s.loss.cols(); ++j) {
            loss.push_back(numberToJson(s.loss(i, j)));
            error.push_back(numberToJson(s.error(i, j)));
        }
    return {{"label", s.label},   {"alphas", numbers(s.alphas)}, {"betas", numbers(s.betas)},
            {"loss", std::move(loss)}, {"error", std::move(error)}, {"complete", s.complete}};
}

Eigen::MatrixXd readGrid(FieldReader& r, const std::string& key, std::size_t rows, std::size_t cols) {
    const std::vector<double> v = readNumbers(r, key, rows * cols, "values");
    if (v.size() != rows * cols)
        r.fail(key, std::to_string(v.size()) + " values, but the axes make " + std::to_string(rows) + " x " +
                        std::to_string(cols) + " = " + std::to_string(rows * cols));
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            m(Eigen::Index(i), Eigen::Index(j)) = v[i * cols + j];
    return m;
}

PlaneSurface surfaceFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    PlaneSurface s;
    s.label = r.string("label");
    s.alphas = readNumbers(r, "alphas", InstrumentLimits::kMaxAxis, "alphas");
    s.betas = readNumbers(r, "betas", InstrumentLimits::kMaxAxis, "betas");
    if (s.alphas.empty() || s.betas.empty())
        r.fail(s.alphas.empty() ? "alphas" : "betas", "a surface needs at least one point per axis");
    s.loss = readGrid(r, "loss", s.alphas.size(), s.betas.size());
    s.error = readGrid(r, "error", s.alphas.size(), s.betas.size());
    s.complete = r.boolean("complete");
    r.finish();
    return s;
}

std::vector<PlaneSurface> readSurfaces(FieldReader& r, const std::string& key) {
    const json& a = boundedArray(r, key, InstrumentLimits::kMaxSurfaces, "surfaces");
    std::vector<PlaneSurface> out;
    for (std::size_t i = 0; i < a.size(); ++i)
        out.push_back(surfaceFromJson(a[i], elementPath(r.path(key), i)));
    return out;
}

json pathToJson(const TrajectoryProjection& p) {
    json points = json::array();
    for (const TrajectoryPoint& t : p.points)
        points.push_back({{"step", t.step},
                          {"alpha", numberToJson(t.alpha)},
                          {"beta", numberToJson(t.beta)},
                          {"loss", numberToJson(t.loss)},
                          {"error", numberToJson(t.error)}});
    return {{"explained1", numberToJson(p.explained1)},
            {"explained2", numberToJson(p.explained2)},
            {"points", std::move(points)}};
}

TrajectoryProjection pathFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    TrajectoryProjection p;
    p.explained1 = readNumber(r, "explained1");
    p.explained2 = readNumber(r, "explained2");
    const json& points = boundedArray(r, "points", InstrumentLimits::kMaxPathPoints, "points");
    for (std::size_t i = 0; i < points.size(); ++i) {
        FieldReader f(points[i], elementPath(r.path("points"), i));
        TrajectoryPoint t;
        t.step = f.integer("step", 0);
        t.alpha = readNumber(f, "alpha");
        t.beta = readNumber(f, "beta");
        t.loss = readNumber(f, "loss");
        t.error = readNumber(f, "error");
        f.finish();
        p.points.push_back(t);
    }
    r.finish();
    return p;
}

}  // namespace

json landscapeToJson(const LandscapeStudy& study) {
    json random = json::array(), plane = json::array(), paths = json::array();
    for (const PlaneSurface& s : study.random)
        random.push_back(surfaceToJson(s));
    for (const PlaneSurface& s : study.pathPlane)
        plane.push_back(surfaceToJson(s));
    for (const TrajectoryProjection& p : study.paths)
        paths.push_back(pathToJson(p));
    return {{"random", std::move(random)},
            {"path_plane", std::move(plane)},
            {"paths", std::move(paths)},
            {"notes", study.notes},
            {"random_seconds", numberToJson(study.randomSeconds)},
            {"path_seconds", numberToJson(study.pathSeconds)},
            {"complete", study.complete}};
}

LandscapeStudy landscapeFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    LandscapeStudy s;
    s.random = readSurfaces(r, "random");
    s.pathPlane = readSurfaces(r, "path_plane");
    const json& paths = boundedArray(r, "paths", InstrumentLimits::kMaxSurfaces, "paths");
    for (std::size_t i = 0; i < paths.size(); ++i)
        s.paths.push_back(pathFromJson(paths[i], elementPath(r.path("paths"), i)));
    if (s.paths.size() != s.pathPlane.size())
        r.fail("paths", std::to_string(s.paths.size()) + " paths for " + std::to_string(s.pathPlane.size()) +
                            " path planes; there is one path per plane");
    s.notes = readStrings(r, "notes", InstrumentLimits::kMaxNotes);
    s.randomSeconds = readNumber(r, "random_seconds");
    s.pathSeconds = readNumber(r, "path_seconds");
    s.complete = r.boolean("complete");
    r.finish();
    return s;
}

json shatterToJson(const ShatterResult& result) {
    json runs = json::array(), summary = json::array();
    for (const ShatterRun& run : result.runs)
        runs.push_back({{"family", run.family},
                        {"depth", run.depth},
                        {"init", run.init},
                        {"gradient", numbers(run.gradient)},
                        {"autocorrelation", numbers(run.autocorrelation)}});
    for (const ShatterSummary& s : result.summary)
        summary.push_back({{"family", s.family},
                           {"depth", s.depth},
                           {"inits", s.inits},
                           {"mean_autocorrelation", numbers(s.meanAutocorrelation)},
                           {"lag1", numberToJson(s.lag1)},
                           {"lag1_min", numberToJson(s.lag1Min)},
                           {"lag1_max", numberToJson(s.lag1Max)}});
    return {{"x", numbers(result.x)}, {"runs", std::move(runs)}, {"summary", std::move(summary)},
            {"complete", result.complete}};
}

ShatterResult shatterFromJson(const json& j, const std::string& path) {
    FieldReader r(j, path);
    ShatterResult result;
    result.x = readNumbers(r, "x", InstrumentLimits::kMaxShatterPoints, "inputs");
    const json& runs = boundedArray(r, "runs", InstrumentLimits::kMaxShatterRuns, "runs");
    for (std::size_t i = 0; i < runs.size(); ++i) {
        FieldReader f(runs[i], elementPath(r.path("runs"), i));
        ShatterRun run;
        run.family = f.string("family");
        run.depth = f.integer("depth", 1);
        run.init = f.integer("init", 0);
        run.gradient = readNumbers(f, "gradient", InstrumentLimits::kMaxShatterPoints, "gradients");
        if (run.gradient.size() != result.x.size())
            f.fail("gradient", std::to_string(run.gradient.size()) + " values for " +
                                   std::to_string(result.x.size()) + " inputs");
        run.autocorrelation = readNumbers(f, "autocorrelation", InstrumentLimits::kMaxLag, "lags");
        f.finish();
        result.runs.push_back(std::move(run));
    }
    const json& summary = boundedArray(r, "summary", InstrumentLimits::kMaxShatterRuns, "rows");
    for (std::size_t i = 0; i < summary.size(); ++i) {
        FieldReader f(summary[i], elementPath(r.path("summary"), i));
        ShatterSummary s;
        s.family = f.string("family");
        s.depth = f.integer("depth", 1);
        s.inits = f.integer("inits", 0);
        s.meanAutocorrelation = readNumbers(f, "mean_autocorrelation", InstrumentLimits::kMaxLag, "lags");
        s.lag1 = readNumber(f, "lag1");
        s.lag1Min = readNumber(f, "lag1_min");
        s.lag1Max = readNumber(f, "lag1_max");
        f.finish();
        result.summary.push_back(std::move(s));
    }
    result.complete = r.boolean("complete");
    r.finish();
    return result;
}

}  // namespace core
