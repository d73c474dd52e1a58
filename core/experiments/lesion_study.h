// core/experiments/lesion_study.h: remove blocks from a *trained* network at test time and
// measure the test error (Veit et al. 2016, "Residual Networks Behave Like Ensembles of
// Relatively Shallow Networks", sec. 4). Removing a residual block deletes its branch and keeps
// its shortcut, out = g(S(x)) (for an identity shortcut after a ReLU: out = x); removing a plain
// block wires its input to its output, out = x, which is possible only where its input and
// output shapes match. A ResNet degrades gracefully, because every removal leaves half of its
// 2^n paths intact; a plain net has one path, and any removal breaks it.
// Removal is temporary (ResidualBlock/PlainBlock::setBypassed): no parameter is changed, and
// the network is as before when the study returns.
#pragma once

#include "core/data/dataset.h"
#include "core/network/network.h"
#include "core/spec/network_spec.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

// Whether block k can be removed; when not, `why` (if given) receives a sentence for the user.
bool blockRemovable(Network& net, std::size_t k, std::string* why = nullptr);

// Removes (bypasses) a set of blocks for its lifetime and puts them back in its destructor.
// Throws std::invalid_argument naming the block when one of them cannot be removed or does
// not exist; then nothing is removed.
class BlockRemoval {
public:
    BlockRemoval(Network& net, const std::vector<int>& blocks);
    ~BlockRemoval();
    BlockRemoval(const BlockRemoval&) = delete;
    BlockRemoval& operator=(const BlockRemoval&) = delete;

private:
    Network& m_net;
    std::vector<int> m_blocks;
};

struct LesionConfig {
    // How many blocks to remove at once, k = 1, 2, ...; empty means 1 .. min(removable, 10).
    std::vector<int> removedCounts;
    int draws = 10;                  // random sets of k blocks per k (k = 1 also has `single`)
    std::uint64_t seed = 0;          // the draws of k depend on (seed, k) only
    int evalBatch = 1024;            // columns per forward pass when evaluating
};

// Range checks with messages naming the field.
std::vector<std::string> checkLesionConfig(const LesionConfig& config);

// The network with one block removed.
struct SingleLesion {
    int block = 0;
    bool removable = false;
    std::string message;             // why it cannot be removed (empty when it can)
    double testError = 0, testLoss = 0;   // NaN when not removable
};

// One random set of k removed blocks.
struct LesionDraw {
    int removedCount = 0;            // k
    int draw = 0;                    // 0-based draw index for this k
    std::vector<int> removed;        // the block indices, ascending
    double testError = 0, testLoss = 0;
};

// The error against the number of removed blocks: mean and spread over the draws.
struct LesionPoint {
    int removedCount = 0;            // k (0 = the intact network)
    int draws = 0;
    double meanError = 0, stdError = 0, minError = 0, maxError = 0;   // std: population
    double meanLoss = 0;
};

struct LesionResult {
    std::string label;               // "plain", "residual", ... (set by the caller)
    int depth = 0;                   // weighted layers of the network (set by the caller; 0: not known)
    int blocks = 0;
    int removableBlocks = 0;
    double baselineError = 0, baselineLoss = 0;   // nothing removed
    std::vector<SingleLesion> single;             // one row per block, in order
    std::vector<LesionDraw> draws;                // every draw, k ascending
    std::vector<LesionPoint> curve;               // k = 0 (the baseline), then each k
    std::vector<std::string> notes;               // e.g. blocks that cannot be removed
};

struct LesionProgress {
    int done = 0;                    // evaluations done
    int total = 0;
};

// Runs the study on `test` (in evaluation mode: BN uses its running statistics). Throws
// std::invalid_argument when the config fails checkLesionConfig or the data does not fit the
// network. A k larger than the number of removable blocks is skipped with a note. When
// stopped, returns what was measured so far. The network's mode and blocks are restored.
LesionResult runLesionStudy(Network& net, const Split& test, const LesionConfig& config = {},
                            std::stop_token stop = {},
                            const std::function<void(const LesionProgress&)>& onProgress = {});

// The networks a lesion study starts from when the user names none. Veit et al. lesion a plain
// net that trained (VGG-15) and a deeper ResNet (110 layers): a plain net that never trained has
// nothing to lose, and "the plain net collapses" would not be visible. So: the spiral plain net
// of kDefaultLesionPlainDepth layers, which trains to about zero error, and the residual net of
// kDefaultLesionResidualDepth layers, which has more blocks to remove and degrades gracefully.
inline constexpr int kDefaultLesionPlainDepth = 16;
inline constexpr int kDefaultLesionResidualDepth = 56;
std::vector<NetworkSpec> defaultLesionNetworks();   // plain, then residual

// The k values the study uses for a network with `removable` removable blocks.
std::vector<int> lesionCounts(const LesionConfig& config, int removable);

}  // namespace core
