// core/experiments/loss_landscape_trajectory.h: the path training took, drawn on the plane that
// holds most of it (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", sec. 7).
// The weights are kept every k steps, θ_0 (initial) .. θ_n = θ* (trained). The plane is spanned
// by the first two principal directions d1, d2 of the differences θ_i - θ* (PCA of the centred
// differences, as their code does with sklearn), each point at (⟨θ_i - θ*, d1⟩, ⟨θ_i - θ*, d2⟩),
// so the path ends at (0, 0). Why not the random plane of the landscape: in a space of 10^4 to
// 10^6 dimensions two random directions are nearly orthogonal to the path, and it projects onto
// them as a dot at the centre; the PCA plane keeps 40-90% of its variance (their Fig. 9).
// Directions cover every parameter (biases and batch-norm γ, β move during training too); the
// batch-norm running statistics are not a direction: a point of the plane's surface uses θ*'s,
// while each checkpoint's own loss uses its own.
#pragma once

#include "core/experiments/loss_landscape.h"
#include "core/train/trainer.h"

#include <functional>
#include <vector>

namespace core {

// A network's state at one step: parameters and buffers (BN running statistics), in
// Network::params() / buffers() order.
struct Checkpoint {
    long long step = 0;                // 0: before the first update
    std::vector<Vector> params;
    std::vector<Vector> buffers;
};

Checkpoint captureCheckpoint(Network& net, long long step);
// Puts a checkpoint's parameters and buffers into `net` (same spec).
void restoreCheckpoint(Network& net, const Checkpoint& checkpoint);

// Keeps the weights every `everySteps` steps of a training run, and at its last step; with 0,
// about kDefaultCheckpoints per run (every totalSteps / kDefaultCheckpoints steps, which is
// once per epoch for the default 40-epoch training). Give onStep() to TrainCallbacks::onStep
// (or trainNetworks' onStep); record the initial weights (step 0) yourself with record().
// Checkpoints stay sorted by step.
class CheckpointRecorder {
public:
    static constexpr long long kDefaultCheckpoints = 40;
    explicit CheckpointRecorder(long long everySteps = 0);
    void record(long long step, Network& net);
    // Records when `report` is a step to keep (what onStep() does).
    void observe(const StepReport& report, Network& net);
    std::function<void(const StepReport&, Network&)> onStep();
    const std::vector<Checkpoint>& checkpoints() const { return m_checkpoints; }
    long long everySteps() const { return m_every; }

private:
    long long m_every;
    std::vector<Checkpoint> m_checkpoints;
};

// One checkpoint on the plane.
struct TrajectoryPoint {
    long long step = 0;
    double alpha = 0, beta = 0;        // coordinates along d1 and d2
    double loss = 0, error = 0;        // the checkpoint's own (NaN until evaluateTrajectory)
};

struct TrajectoryProjection {
    ParameterDirection d1, d2;         // unit vectors (over all parameters)
    double explained1 = 0, explained2 = 0;   // shares of the path's variance along d1, d2
    std::vector<TrajectoryPoint> points;     // in step order; θ* itself is at (0, 0)
};

// The PCA plane of `checkpoints` around `trained`'s parameters (θ*). Each axis is oriented so
// that the first checkpoint has a coordinate >= 0 (the path comes from the upper right).
// Needs at least 3 checkpoints whose weights differ; throws std::invalid_argument otherwise.
TrajectoryProjection projectTrajectory(Network& trained, const std::vector<Checkpoint>& checkpoints);

// Each checkpoint's own loss and error on the first config.samples samples of `data`, with its
// own parameters and batch-norm statistics, in config.batchNorm mode (as evaluatePlanes).
void evaluateTrajectory(const NetworkSpec& spec, const std::vector<Checkpoint>& checkpoints, const Split& data,
                        const LandscapeConfig& config, TrajectoryProjection& projection);

// A grid on the PCA plane around θ* that covers the path with a margin of `margin` times its
// extent on every side: `points` x `points`, each axis with its own range.
PlaneRequest trajectoryPlaneRequest(const std::string& label, const NetworkSpec& spec, Network& trained,
                                    const TrajectoryProjection& projection, int points, double margin = 0.15);

// The whole study for a set of trained networks (a plain net and its residual twin): each
// one's surface on its random filter-normalised plane (computeLandscapes), then, for every
// network with checkpoints, its training path on the PCA plane, the checkpoints' own losses
// and the surface on that plane (pathGrid x pathGrid). `checkpoints` is empty or has one
// list per network (an empty list: no path for that one). Progress counts the points of
// both phases; a stop ends the study with what was done (complete = false).
struct LandscapeStudy {
    std::vector<PlaneSurface> random;             // one per network, in order
    std::vector<PlaneSurface> pathPlane;          // one per network with a path
    std::vector<TrajectoryProjection> paths;      // same order as pathPlane
    std::vector<std::string> notes;               // e.g. why a network has no path
    double randomSeconds = 0, pathSeconds = 0;    // wall time of the two phases
    bool complete = false;
};
LandscapeStudy runLandscapeStudy(std::vector<TrainedNetwork>& nets,
                                 const std::vector<std::vector<Checkpoint>>& checkpoints, const Split& data,
                                 const LandscapeConfig& config, int pathGrid = 21, std::stop_token stop = {},
                                 const LandscapeProgressFn& onProgress = {});

}  // namespace core
