// core/experiments/path_lengths.h: the unraveled view of a residual network (Veit et al. 2016,
// sec. 3 and 4.2). Each of n residual blocks either passes a signal through its branch or
// around it along the skip, so the network is a collection of 2^n paths; a path that takes k
// branches has length k, and C(n, k) paths have that length (a binomial distribution, fig. 6a).
// The gradient one path carries is measured as Veit et al. do: one forward pass on real data,
// then backward passes in which k sampled blocks propagate only through their branch and the
// others only through their skip (fig. 6b). Count x gradient is the total gradient that paths
// of each length contribute (fig. 6c); it is concentrated on short paths, the "effective" ones.
// n counts residual blocks only: a plain block has no skip, every path passes its branch.
#pragma once

#include "core/data/dataset.h"
#include "core/network/network.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

// ------------------------------------------------------------ the path-length distribution

// The largest n whose binomial coefficients C(n, k) are computed as exact integers.
constexpr int kMaxExactPathBlocks = 60;
// The largest n the distribution is computed for (long double holds 2^n up to n ~ 16000).
constexpr int kMaxPathBlocks = 10000;

// C(n, k) exactly, for 0 <= k <= n <= kMaxExactPathBlocks (throws std::invalid_argument
// otherwise). C(60, 30) ~ 1.2e17 < 2^64.
std::uint64_t binomialExact(int n, int k);
// C(n, k) for any 0 <= n <= kMaxPathBlocks: exact for n <= kMaxExactPathBlocks (the integer
// converts exactly, a long double has a 64-bit mantissa), otherwise exp of log-gamma terms
// (relative error ~1e-15).
long double binomial(int n, int k);

struct PathLengthRow {
    int length = 0;                  // k: branches the path passes through
    long double count = 0;           // C(n, k) paths of this length
    std::uint64_t exactCount = 0;    // C(n, k) as an integer when n <= kMaxExactPathBlocks, else 0
    long double fraction = 0;        // C(n, k) / 2^n (exact for n <= kMaxExactPathBlocks)
    // Gradient carried by one path of this length: the mean over samples of the per-sample
    // norm ||dl/dx|| at the input of the first block, a sampled path at a time. NaN when not
    // measured.
    double gradientNorm = 0;
    double gradientSpread = 0;       // standard deviation over the sampled paths
    int pathsSampled = 0;            // distinct paths measured (all of them when C(n, k) is small)
    long double contribution = 0;    // count x gradientNorm: all paths of this length together
    double contributionShare = 0;    // contribution / sum over lengths
};

struct PathLengthResult {
    int blocks = 0;                  // n residual blocks
    std::vector<PathLengthRow> rows; // k = 0 .. n
    bool measured = false;           // gradient columns filled
    int samples = 0;                 // paths sampled per length (PathGradientOptions::samples)
    // The central lengths that carry `effectiveShare` of the total contribution: dropping
    // (1 - share) / 2 from each tail. Set by computeContributions (0..n when not measured).
    double effectiveShare = 0.9;
    int effectiveLow = 0, effectiveHigh = 0;
    int peakLength = 0;              // the length with the largest contribution
    double meanLength = 0;           // sum k x share
    double meanPathLength = 0;       // n / 2, the mean of the binomial (for comparison)
};

// Counts and fractions for n residual blocks (0 <= n <= kMaxPathBlocks); no gradients.
PathLengthResult pathLengthDistribution(int n);

// Fills contribution, contributionShare and the effective range from the counts and the
// measured gradient norms (share in (0, 1]).
void computeContributions(PathLengthResult& result, double share = 0.9);

// ------------------------------------------------------------ the gradient by path length

struct PathGradientOptions {
    int samples = 20;                // paths per length; every path when C(n, k) <= samples
    std::uint64_t seed = 0;
    int batch = 256;                 // the first `batch` samples of the split (all if fewer)
    // false: evaluation mode (BN running statistics), right for a trained network;
    // true: batch statistics, as during training (right at initialisation, when the running
    // statistics mean nothing). BN buffers are restored afterwards either way.
    bool batchStatistics = false;
    double effectiveShare = 0.9;
};

std::vector<std::string> checkPathGradientOptions(const PathGradientOptions& options);

struct PathGradientProgress {
    int done = 0;                    // backward passes done
    int total = 0;
};

// The distribution of `net`'s residual blocks with the gradient by length measured on `data`
// (the loss gradient of the split's labels). Throws std::invalid_argument when the network
// has no residual block, the options are bad or the data does not fit. The network is left
// as it was (mode, BN statistics, routes); its parameter gradients are left at zero.
PathLengthResult measurePathLengths(Network& net, const Split& data, const PathGradientOptions& options = {},
                                    std::stop_token stop = {},
                                    const std::function<void(const PathGradientProgress&)>& onProgress = {});

// ------------------------------------------------------------ the unraveled graph (small n)

// The largest n enumerate unravels (64 paths); a picture stays readable up to 4 (16 paths).
constexpr int kMaxUnraveledBlocks = 6;

// One path of the unraveled view: at each block it takes the branch f_i or the skip.
struct UnraveledPath {
    std::uint32_t mask = 0;          // bit i set: the path passes through block i's branch
    int length = 0;                  // popcount(mask)
    std::vector<bool> throughBranch; // per block, in order (the same as mask)
    std::string label;               // "x → f1 → f3 → y" (blocks numbered from 1, as in the paper)
};

// A drawable description: the blocks as columns, one row per path, ordered by length then
// mask; a path draws a box at column i when it passes through f_i and a straight line along
// the skip otherwise. The expansion is y = (1 + f_n) ∘ ... ∘ (1 + f_1) x (Veit et al. eq. 3-4).
struct UnraveledGraph {
    int blocks = 0;
    std::vector<UnraveledPath> paths;          // 2^n paths
    std::vector<int> pathsByLength;            // C(n, k), k = 0..n
    std::string expansion;                     // "y3 = (1 + f3)(1 + f2)(1 + f1) x"
};

// Enumerates every path of n residual blocks, 0 <= n <= kMaxUnraveledBlocks (throws
// std::invalid_argument otherwise).
UnraveledGraph unravel(int n);

}  // namespace core
