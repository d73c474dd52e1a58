// core/experiments/identity_demo.h: why residual blocks make depth harmless. Zero a residual
// block's branch (its last weighted layer and the BN after it) and the block computes
// a[l+2] = g(0 + a[l]) = a[l], because a[l] >= 0 after a ReLU: the block is the identity.
// The demo measures max |a[l+2] - a[l]| on real data, in evaluation mode.
#pragma once

#include "core/network/network.h"

#include <optional>
#include <string>
#include <vector>

namespace core {

struct IdentityDemoResult {
    int block = 0;
    double maxAbsDifference = 0;   // max |out - in| over the batch (0 for an exact identity)
    double inputNorm = 0;          // ||in||, per sample
    bool identityShortcut = false; // only an identity shortcut gives an exact identity
    std::string message;           // a sentence for the user
};

// The saved branch parameters of one block, to undo the demo.
struct SavedBranch {
    int block = -1;
    std::vector<std::pair<std::string, Vector>> values;   // parameter name -> values
};

// Zeroes the branch of block `k` (throws std::invalid_argument if it is not a residual block),
// runs `x` through the network in evaluation mode and reports how far the block's output is
// from its input. `saved` receives the previous parameters so restoreBranch() can undo it.
IdentityDemoResult zeroBranchDemo(Network& net, int k, const Matrix& x, SavedBranch* saved = nullptr);
// Measures max |out - in| of block k on `x` without changing anything.
IdentityDemoResult measureIdentity(Network& net, int k, const Matrix& x);
void restoreBranch(Network& net, const SavedBranch& saved);

}  // namespace core
