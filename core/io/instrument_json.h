// core/io/instrument_json.h: the loss landscape (core/experiments/loss_landscape_trajectory.h)
// and the shattered gradients (core/experiments/shattered_gradients.h) as JSON, the "landscape"
// and "shatter" fields of a run bundle (core/io/run_bundle.h).
//   <landscape> = {"random": [<surface>], "path_plane": [<surface>], "paths": [<path>],
//                  "notes": [string], "random_seconds", "path_seconds", "complete"}
//   <surface>   = {"label", "alphas": [A], "betas": [B], "loss": [A*B], "error": [A*B],
//                  "complete"}   (loss and error row by row: alpha i, then beta j)
//   <path>      = {"explained1", "explained2", "points": [{"step", "alpha", "beta", "loss",
//                  "error"}]}   (the directions d1, d2 are not kept: they are as large as the
//                  network, and nothing drawn needs them)
//   <shatter>   = {"x": [N], "runs": [{"family", "depth", "init", "gradient": [N],
//                  "autocorrelation": [K]}], "summary": [{"family", "depth", "inits",
//                  "mean_autocorrelation": [K], "lag1", "lag1_min", "lag1_max"}], "complete"}
// Numbers as in the rest of the bundle ("nan", "inf" as strings). Reading is strict and
// bounded (InstrumentLimits) and every message names the field.
#pragma once

#include "core/experiments/loss_landscape_trajectory.h"
#include "core/experiments/shattered_gradients.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace core {

struct InstrumentLimits {
    static constexpr int kMaxSurfaces = 64;
    static constexpr int kMaxAxis = 1001;            // points per axis (the landscape's grid limit)
    static constexpr int kMaxPathPoints = 100000;
    static constexpr int kMaxShatterRuns = 100000;
    static constexpr int kMaxShatterPoints = 100000; // inputs per gradient
    static constexpr int kMaxLag = 100000;
    static constexpr int kMaxNotes = 1000;
};

nlohmann::json landscapeToJson(const LandscapeStudy& study);
// Throws SpecError naming the field under `path`.
LandscapeStudy landscapeFromJson(const nlohmann::json& j, const std::string& path);

nlohmann::json shatterToJson(const ShatterResult& result);
ShatterResult shatterFromJson(const nlohmann::json& j, const std::string& path);

}  // namespace core
