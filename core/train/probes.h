// core/train/probes.h: what flows through a network, read after one forward and backward pass
// made with probing on (Layer::setProbing). Per layer: mean, standard deviation and norm of
// the activations a and of the gradient dL/da, and the fraction of ReLUs at zero. Per block:
// ||x||, ||F(x)|| and their ratio, and the norm of the gradient that reaches the block input
// through the shortcut and through the branch, and the block's alpha when it has one (ReZero,
// SkipInit, Fixup). Norms are per sample: ||M||_F / sqrt(B).
#pragma once

#include "core/network/network.h"

#include <string>
#include <vector>

namespace core {

struct LayerProbe {
    std::string name;          // "blocks.3.branch.0", "blocks.3.out", "stem.2"
    std::string kind;          // "Dense", "ReLU", ...
    int block = -1;            // the block it belongs to, -1 for stem and head
    bool weighted = false;     // a dense or conv layer
    float actMean = 0, actStd = 0, actNorm = 0;
    float gradMean = 0, gradStd = 0, gradNorm = 0;
    float zeroFraction = -1;   // ReLU only: share of outputs equal to 0; -1 otherwise
};

struct BlockProbe {
    int block = 0;
    bool residual = false;
    float inputNorm = 0;       // ||x||
    float branchNorm = 0;      // ||F(x)||
    float ratio = 0;           // ||F(x)|| / ||x||
    float gradViaShortcut = 0; // ||dL/dx through S||
    float gradViaBranch = 0;   // ||dL/dx through F||
    float outputGradNorm = 0;  // ||dL/d out||
    // The learnable scalar at the end of the branch (ReZero's or SkipInit's alpha, Fixup's
    // multiplier): how much of F(x) the block lets in. hasAlpha is false for other blocks.
    bool hasAlpha = false;
    float alpha = 0;
};

struct ProbeReport {
    long long step = 0;
    std::vector<LayerProbe> layers;   // forward order, leaves only
    std::vector<BlockProbe> blocks;
};

// Reads the probes of the last forward/backward pass. Requires net.setProbing(true) before
// that pass, otherwise the gradients read as 0.
ProbeReport readProbes(Network& net, long long step);

}  // namespace core
