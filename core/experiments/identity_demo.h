// core/experiments/identity_demo.h: why residual blocks make depth harmless. Zero a residual
// block's branch (its last weighted layer and the BN after it) and the block computes
// a[l+s] = g(0 + a[l]) = a[l] (s the layers the skip spans), because a[l] >= 0 after a ReLU:
// an identity block becomes the identity, exactly, whatever its span and training. The demo
// measures max |a[l+s] - a[l]| on real data, in evaluation mode. A block whose shortcut
// changes its input (projection, zero padding) outputs g(S(x)) instead, and the message says so.
#pragma once

#include "core/network/network.h"

#include <optional>
#include <string>
#include <vector>

namespace core {

struct IdentityDemoResult {
    int block = 0;
    int span = 2;                  // weighted layers in the branch: the output is a[l+span]
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
