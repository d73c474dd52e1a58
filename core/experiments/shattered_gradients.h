// core/experiments/shattered_gradients.h: the shattered gradients problem (Balduzzi, Frean,
// Leary, Lewis, Ma, McWilliams 2017, "The Shattered Gradients Problem: If resnets are the
// answer, then what is the question?", ICML; their Fig. 1, and Prince, "Understanding Deep
// Learning", Fig. 11.3). A network from one number to one number, at initialisation: dy/dx at
// 256 inputs evenly spaced on [-2, 2]. A shallow net's gradient is brown noise (neighbouring
// inputs have similar gradients), a deep plain net's is white noise (the correlation between
// neighbours decays like 2^-L), and a ResNet with batch norm keeps it brown (like 1/sqrt(L)).
//
// The networks, exactly (depth L = L hidden layers of width W = 200; the twins differ by the
// skips only, and depth 1 is the same network in both families):
//   plain:    x -> ReLU(Dense(1, W) x) -> [a <- ReLU(BN(Dense(W, W) a))]     x (L - 1) -> Dense(W, 1)
//   residual: x -> ReLU(Dense(1, W) x) -> [a <- ReLU(BN(Dense(W, W) a) + a)] x (L - 1) -> Dense(W, 1)
// The first layer has no batch norm and random biases: unit j bends at x = -b_j / w_j, so the
// bends spread over the inputs and a 1-layer net's gradient, a sum of 200 steps at random
// places, is a random walk: brown noise, as in Balduzzi et al.'s Fig. 1a. (Batch norm on a
// 1-D input would make BN(w x + b) = sign(w) (x - mean) / std for every unit: all 200 would
// bend at the inputs' mean and a 1-layer net's gradient would be a single step.)
// The blocks are the engine's own, built by buildBlock from ShatterConfig::block: PlainBlock and
// ResidualBlock with a branch of one unit (span 1, Dense without bias, BN) and the ReLU after
// the addition (post-activation, He et al. 2015 eq. 1). One weight layer per skip is Balduzzi
// et al.'s ResNet (x_{l+1} = x_l + W ρ(BN x_l), sec. 4); the spec validator asks for two, so
// these networks are assembled here without it. Any block the engine can build that maps W
// features to W features can be put in ShatterConfig::block instead (a pre-activation block,
// a branch of two units); the plain family takes the same block without its shortcut.
// Initialisation: He, W ~ N(0, 2/fan_in), the output layer N(0, 1/fan_in), biases 0, BN γ = 1,
// β = 0 (init/initializer.h), except the first layer, whose weights and biases are N(0, 1) (He
// for the input x augmented by a constant 1: fan_in 2, so the bends x = -b/w have a standard
// Cauchy distribution, 70% of them inside [-2, 2]). Initialisation k of every network draws
// from one seed derived from (ShatterConfig::seed, k), layer by layer by name, so at one k the
// plain and the residual net share their weights, and a deeper net starts with the shallower
// one's layers.
// Batch norm with frozen statistics: one training-mode forward of the 256 inputs sets each BN's
// running mean and (unbiased) variance to that batch's (momentum 1); the gradients are then
// taken in evaluation mode, so dy/dx at one input depends on that input alone.
// The gradient: one backward pass with dL/dy = 1 for every input gives dy/dx at all of them.
// Autocorrelation (the sample autocorrelation function, Box & Jenkins):
//   r_k = sum_{i<n-k} (g_i - mean)(g_{i+k} - mean) / sum_i (g_i - mean)^2.
#pragma once

#include "core/network/network.h"
#include "core/spec/network_spec.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

// The block of both families: one unit Dense(W)-BN with an identity skip and the ReLU after the
// addition (the plain family drops the skip).
BlockSpec shatterBlock();

struct ShatterConfig {
    std::vector<std::string> families{"plain", "residual"};
    std::vector<int> depths{1, 8, 24, 50};
    int inits = 10;                    // initialisations per (family, depth)
    std::uint64_t seed = 0;
    int width = 200;
    int points = 256;                  // inputs evenly spaced on [xMin, xMax]
    double xMin = -2.0, xMax = 2.0;
    int maxLag = 16;                   // autocorrelation at lags 0 .. maxLag
    int threads = 0;                   // 0 = one per core
    BlockSpec block = shatterBlock();  // its width is set to `width`, its shortcut per family
};
// Range checks with messages naming the field.
std::vector<std::string> checkShatterConfig(const ShatterConfig& config);

// The inputs: config.points values from xMin to xMax, ends included.
std::vector<double> shatterInputs(const ShatterConfig& config);
// The network of `family` ("plain" or "residual") at `depth`, initialised with `seed`.
std::unique_ptr<Network> buildShatterNetwork(const std::string& family, int depth, const ShatterConfig& config,
                                             std::uint64_t seed);
// The seed of initialisation `init`.
std::uint64_t shatterSeed(const ShatterConfig& config, int init);

// Sets every batch norm's running statistics to those of the batch `x` (1 x B) and leaves the
// network in evaluation mode.
void freezeBatchStatistics(Network& net, const Matrix& x);
// dy/dx at every column of x (1 x B) for a network with one input and one output, by one
// forward and one backward pass in the network's current mode.
std::vector<double> inputGradient(Network& net, const Matrix& x);
// r_0 .. r_maxLag of g (r_0 = 1); NaN when g is constant or maxLag >= g.size().
std::vector<double> autocorrelation(const std::vector<double>& g, int maxLag);

// One initialisation of one network.
struct ShatterRun {
    std::string family;
    int depth = 0;
    int init = 0;
    std::vector<double> gradient;          // dy/dx at each input
    std::vector<double> autocorrelation;   // r_0 .. r_maxLag
};
ShatterRun measureShatterRun(const std::string& family, int depth, int init, const ShatterConfig& config);

// The mean over initialisations for one (family, depth).
struct ShatterSummary {
    std::string family;
    int depth = 0;
    int inits = 0;
    std::vector<double> meanAutocorrelation;   // lags 0 .. maxLag
    double lag1 = 0;                           // meanAutocorrelation[1]
    double lag1Min = 0, lag1Max = 0;           // over the initialisations
};

struct ShatterResult {
    std::vector<double> x;
    std::vector<ShatterRun> runs;              // families x depths x inits
    std::vector<ShatterSummary> summary;       // families x depths
    bool complete = false;
};

struct ShatterProgress {
    int done = 0;                              // runs measured
    int total = 0;
};

// Every (family, depth, init), spread over config.threads threads (results do not depend on
// how many). Cancellable between runs: a stopped result keeps the runs measured so far and
// summarises those (complete = false). `onProgress` is called in the calling thread. Throws
// std::invalid_argument for a bad config.
ShatterResult runShatteredGradients(const ShatterConfig& config, std::stop_token stop = {},
                                    const std::function<void(const ShatterProgress&)>& onProgress = {});

}  // namespace core
