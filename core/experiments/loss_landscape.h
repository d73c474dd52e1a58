// core/experiments/loss_landscape.h: the loss around trained weights θ* on a plane through them
// (Li, Xu, Taylor, Studer, Goldstein 2018, "Visualizing the Loss Landscape of Neural Nets"):
//   f(α, β) = L(θ* + α·δ + β·η)
// Directions (their sec. 4): δ and η are Gaussian with *filter normalisation*: each filter of a
// direction, one row of a weight matrix (a dense layer's weights into one unit, a conv layer's
// weights of one output channel), is rescaled to the norm of the same filter in θ*; the
// entries for biases and batch-norm γ and β are zero (their "ignore biasbn"). Every parameter
// tensor draws from its own random stream, derived from the seed and the tensor's name, so a
// plain net and its residual twin get the same Gaussian draws for every tensor they share:
// the twins' surfaces differ by their weights only, never by their luck.
// Batch norm, by default, in evaluation mode: the running statistics saved by training stay
// as they are along the plane (they are θ*'s state, not a parameter, and no direction moves
// them). That is how Li et al. evaluate, and it is the function the trained network computes
// at test time: each sample's loss depends on that sample alone, so the value does not depend
// on how the set is batched. The alternative, batch statistics, normalises each evaluation
// batch by its own mean and variance (a training-mode forward on fixed batches, nothing
// learned): it hides how far the perturbed activations drift from the saved statistics, which
// is what makes a deep plain net's surface explode in evaluation mode.
// The loss and error are those of a fixed data set the caller names (the training split, or
// its first N samples). Cost: one forward pass of that set per point, in evaluation mode with
// batch norm folded into the dense layers where the network allows it (loss_landscape_folded.h);
// the points of every requested plane share one pool of threads, each thread with its own copy
// of each network, and a point's value does not depend on the thread count.
#pragma once

#include "core/data/dataset.h"
#include "core/experiments/twin_training.h"
#include "core/network/network.h"
#include "core/spec/network_spec.h"

#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

// A direction in parameter space: one vector per parameter tensor, in Network::params() order
// and with the same sizes (weights flattened column-major, as the engine stores them).
using ParameterDirection = std::vector<Vector>;

// How filter normalisation treats one parameter tensor.
struct ParameterFilters {
    std::string name;          // Network::params() name, e.g. "blocks.3.branch.0.W"
    int filters = 0;           // rows of the weight matrix (units or output channels);
                               // 0: a bias or batch-norm parameter, zero in every direction
};
std::vector<ParameterFilters> parameterFilters(Network& net);

// A Gaussian N(0, 1) direction; `stream` 0 is δ and 1 is η. The draws of one tensor depend on
// (seed, stream, the tensor's name) only.
ParameterDirection gaussianDirection(Network& net, std::uint64_t seed, int stream);
// Rescales each filter of `direction` to the norm of the same filter of `net`'s parameters, and
// zeroes the bias and batch-norm entries (Li et al. sec. 4).
void normalizeFilters(Network& net, ParameterDirection& direction);
// Both steps: the direction the landscape uses.
ParameterDirection filterNormalizedDirection(Network& net, std::uint64_t seed, int stream);

// `points` values evenly spaced on [-range, range]; exactly symmetric (x[n-1-i] == -x[i]), so
// an odd count has 0 in the middle.
std::vector<double> symmetricAxis(int points, double range);

enum class LandscapeBatchNorm {
    RunningStatistics,   // evaluation mode (the default; see above)
    BatchStatistics,     // training-mode forward on fixed batches of LandscapeConfig::batch
};
std::string_view landscapeBatchNormName(LandscapeBatchNorm mode);   // "running", "batch"

struct LandscapeConfig {
    int grid = 41;                     // points per axis (odd: θ* itself is on the grid)
    double range = 1.0;                // α and β in [-range, range]
    std::uint64_t directionSeed = 0;   // the same for every network of one call
    LandscapeBatchNorm batchNorm = LandscapeBatchNorm::RunningStatistics;
    int samples = 0;                   // the first `samples` samples of the split; 0 = all
    // Samples per forward pass (fewer for a network whose forward pass is expensive, see
    // evaluationBatch); in batch-statistics mode also the batch that normalises itself, the
    // training batch of the default sweep. 128 keeps a 32-wide MLP's buffers in the core's
    // cache: one point of the 56-layer spiral net then costs 3.3 ms instead of 5.6 ms in one
    // pass of all 1,500 samples.
    int batch = 128;
    int threads = 0;                   // 0 = one per core
    // Evaluation mode through the folded network (batch norm folded into the dense layer before
    // it, loss_landscape_folded.h) where the network allows it; false: the engine's own
    // layer-by-layer forward pass, to check the folded one or to time the difference.
    bool fold = true;
};
// Range checks with messages naming the field.
std::vector<std::string> checkLandscapeConfig(const LandscapeConfig& config);

// A plane through one network's weights and the grid of points to evaluate on it:
// θ(α_i, β_j) = origin + α_i a + β_j b. `net` is read (never changed); every thread evaluates on
// its own copy, built from `spec` with `net`'s parameters and batch-norm statistics.
struct PlaneRequest {
    std::string label;                 // "plain", "residual", ...
    const NetworkSpec* spec = nullptr;
    Network* net = nullptr;
    ParameterDirection a, b;
    std::vector<double> alphas, betas;
    ParameterDirection origin;         // empty: net's parameters (θ*)
};

// f on a plane: loss(i, j) and error(i, j) at (alphas[i], betas[j]); NaN where a stop came
// first. A loss can be +inf where the perturbed network's logits overflow.
struct PlaneSurface {
    std::string label;
    std::vector<double> alphas, betas;
    Eigen::MatrixXd loss, error;       // (alphas x betas)
    bool complete = false;             // every point evaluated
};

struct LandscapeProgress {
    int done = 0;                      // points evaluated, over all requests
    int total = 0;
};
using LandscapeProgressFn = std::function<void(const LandscapeProgress&)>;

// Evaluates every request's grid on the first `config.samples` samples of `data` (all with 0),
// in `config.batchNorm` mode, on `config.threads` threads. Cancellable between points: when
// `stop` is requested, returns what was evaluated (complete = false). `onProgress` is called in
// the calling thread. Throws std::invalid_argument for a bad config, a request without a
// network or with directions that do not fit it, or data that does not fit the network.
std::vector<PlaneSurface> evaluatePlanes(const std::vector<PlaneRequest>& requests, const Split& data,
                                         const LandscapeConfig& config, std::stop_token stop = {},
                                         const LandscapeProgressFn& onProgress = {});

// The first `samples` samples of `data` (all of them when samples is 0 or above its size).
Split landscapeSubset(const Split& data, int samples);

// The loss and error of `net` as it is, evaluated the way evaluatePlanes evaluates a point
// (config.samples, config.batchNorm, the same batches). The network's mode and batch-norm
// statistics are as before when it returns.
struct LandscapeValue {
    double loss = 0, error = 0;
};
LandscapeValue landscapeValue(Network& net, const Split& data, const LandscapeConfig& config);

// The landscape of each network on its own filter-normalised random plane, all drawn from
// config.directionSeed, on a config.grid x config.grid grid over [-range, range]^2. Twins given
// together share one pool of threads (and the same seed). Labels are the networks' families.
std::vector<PlaneSurface> computeLandscapes(std::vector<TrainedNetwork>& nets, const Split& data,
                                            const LandscapeConfig& config, std::stop_token stop = {},
                                            const LandscapeProgressFn& onProgress = {});

// A 1-D slice f(α) = L(θ* + α·δ) along the first random direction (stream 0, the landscape's
// α axis), at `points` values on [-range, range]: a PlaneSurface with betas = {0}.
PlaneSurface computeSlice(const NetworkSpec& spec, Network& net, const Split& data, const LandscapeConfig& config,
                          int points, std::stop_token stop = {}, const LandscapeProgressFn& onProgress = {});

// What a surface looks like, in numbers (see surfaceStats).
struct SurfaceStats {
    int localMinima = 0;         // strict minima among their 8 neighbours, border excluded
    double minLoss = 0, maxLoss = 0;
    double roughness = 0;        // excess variation of log10 loss along grid lines (see below)
    double risingShare = 0;      // share of outward grid steps on which the loss rises
    int nonFinite = 0;           // points whose loss is NaN or infinite (left out above)
};

// Strict local minima of `loss` among the 8 neighbours of each interior point. NaN and +inf
// count as higher than any number, so they never make a minimum and never hide one.
int countLocalMinima(const Eigen::MatrixXd& loss);
// Roughness: the excess variation of log10(loss) along every row and column of the grid,
//   sum over lines of TV(line) / sum over lines of (line[0] - min + line[end] - min) - 1,
// where TV is the total variation (the sum of |steps|). A line that falls to one minimum and
// rises again has TV equal to that denominator, so a bowl scores 0; every extra dip and
// climb adds to it (0.5: the lines go up and down 50% more than one valley needs). It uses
// log10 so a 1e12 wall and a 0.01 ripple weigh by their ratios; non-finite points are clamped
// to the largest finite loss.
double excessVariation(const Eigen::MatrixXd& loss);
// The share of grid steps away from the centre point (along rows and columns) on which the
// loss rises: 1 for a bowl around the centre.
double risingShare(const Eigen::MatrixXd& loss);
SurfaceStats surfaceStats(const Eigen::MatrixXd& loss);

}  // namespace core
