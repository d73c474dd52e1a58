// core/io/run_bundle.h: an experiment in one file, so a prepared lesson opens offline and
// replays instantly: the network spec, the data settings, the seed, the training settings,
// the results (per-epoch histories of one or more runs, e.g. a network and its twin; a depth
// sweep; probe snapshots; lesion and path-length results) and, optionally, trained weights.
//
// The file is JSON with a format name and version ("resnetlab-bundle", 1):
//   { "format", "version", "name", "spec": <network spec, as network_spec.h writes it>,
//     "data": {"name", "options": {...}}, "seed", "training": {...} (io/settings_json.h),
//     "runs": [{"label", "spec", "seed", "result": <result>, "weights"?: <weights>}],
//     "sweep"?: {"config": {...}, "runs": [{"family", "depth", "seed", "result"}]},
//     "probes"?: [{"run", "snapshots": [{"step", "layers": [...], "blocks": [...]}]}],
//     "lesion"?: [<lesion result>], "paths"?: <path-length result>,
//     "landscape"?: <loss landscape>, "shatter"?: <shattered gradients> }   (io/instrument_json.h)
//   <result>  = {"status": "finished" | "cancelled" | "diverged", "steps", "diverged_at_step",
//                "message", "seconds", "history": {"count": N, "epoch": [N], "step": [N],
//                "batch_loss": [N], ..., "seconds": [N]}}   (one array per EpochReport field)
//   <weights> = {"encoding": "base64", "bytes": N, "data": "..."}: the bytes of a weights file
//               (io/weights_file.h), so they are checked the same way when loaded.
// Fields marked ? may be absent; every other field is required, and unknown fields are errors.
// Doubles are written so they read back bit for bit (shortest round-trip form; "nan", "inf",
// "-inf" as strings); floats (probes) widen to double exactly.
// Reading is strict and bounded: the file size, every declared count and every array length is
// checked against BundleLimits before anything is allocated for it, and every message names
// the field ("runs[0].history.count: 1000000000 is above the limit of 100000").
#pragma once

#include "core/data/dataset_registry.h"
#include "core/experiments/depth_sweep.h"
#include "core/experiments/lesion_study.h"
#include "core/experiments/loss_landscape_trajectory.h"
#include "core/experiments/path_lengths.h"
#include "core/experiments/shattered_gradients.h"
#include "core/spec/network_spec.h"
#include "core/train/probes.h"
#include "core/train/train_config.h"
#include "core/train/trainer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// A bundle file or value that cannot be used; the message names the file and the field. It is
// a SpecError, so every front end that reports bad input files reports this one too.
class BundleError : public SpecError {
public:
    using SpecError::SpecError;
};

struct BundleLimits {
    static constexpr std::uint64_t kMaxFileBytes = 512ull << 20;   // 512 MiB
    static constexpr int kMaxRuns = 1000;
    static constexpr int kMaxEpochs = 100000;            // history points per run (= TrainConfig's limit)
    static constexpr int kMaxSweepRuns = 10000;
    static constexpr int kMaxProbeRuns = 1000;
    static constexpr int kMaxProbeSnapshots = 100000;    // per run
    static constexpr int kMaxProbeRows = 100000;         // layers or blocks in one snapshot
    static constexpr int kMaxLesionResults = 1000;
    static constexpr int kMaxLesionRows = 1000000;       // single removals, draws or curve points
    static constexpr int kMaxRemoved = 100000;           // block indices in one draw
    static constexpr int kMaxNotes = 100000;
    static constexpr int kMaxPathBlocks = core::kMaxPathBlocks;
    static constexpr std::int64_t kMaxWeightBytes = 256ll << 20;   // 256 MiB of decoded weights
};

// One training run: a network, its settings' seed, what happened, and optionally its weights.
struct BundleRun {
    std::string label;                       // "residual", "plain twin", ...
    NetworkSpec spec;
    std::uint64_t seed = 0;
    TrainResult result;
    std::optional<std::string> weights;      // the bytes of a weights file, when saved
};

struct BundleSweep {
    SweepConfig config;
    std::vector<SweepRun> runs;              // each with its per-epoch curve (result.history)
};

struct BundleProbes {
    std::string run;                         // the label of the run they were read from
    std::vector<ProbeReport> snapshots;
};

struct RunBundle {
    static constexpr int kFormatVersion = 1;

    std::string name;                        // a title for people
    NetworkSpec spec;                        // the network the experiment is about
    std::string data = "spiral";
    DataOptions dataOptions;
    std::uint64_t seed = 0;
    TrainConfig training;
    std::vector<BundleRun> runs;
    std::optional<BundleSweep> sweep;
    std::vector<BundleProbes> probes;
    std::vector<LesionResult> lesion;        // e.g. one for the plain net and one for the ResNet
    std::optional<PathLengthResult> paths;
    std::optional<LandscapeStudy> landscape;  // the loss landscape of the twins (Li et al. 2018)
    std::optional<ShatterResult> shatter;     // shattered gradients (Balduzzi et al. 2017)

    // The run with this label, or nullptr.
    const BundleRun* run(const std::string& label) const;
};

std::string bundleToJson(const RunBundle& bundle);
// Throws BundleError naming the field (prefixed by `source` when given).
RunBundle bundleFromJson(std::string_view json, const std::string& source = {});
RunBundle loadBundleFile(const std::string& path);
void saveBundleFile(const RunBundle& bundle, const std::string& path);   // atomic (temp + rename)

// The run's network, built from its spec with its saved weights loaded: ready for a lesion
// study or the path analysis without training. Throws BundleError when the run has no weights
// or they do not fit its spec (`source` names the bundle in the message).
std::unique_ptr<Network> restoreNetwork(const BundleRun& run, const std::string& source = {});
// The weights of `net` for BundleRun::weights.
std::string captureWeights(Network& net);

// Whether the JSON text is a bundle (its "format" field says so); false for anything else,
// including text that is not JSON. For front ends that accept a spec or a bundle.
bool looksLikeBundle(std::string_view json);

// Base64 (RFC 4648, with padding), for the embedded weights.
std::string base64Encode(std::string_view bytes);
// Throws BundleError (naming `path`) for a character outside the alphabet or bad padding.
std::string base64Decode(std::string_view text, const std::string& path);

}  // namespace core
