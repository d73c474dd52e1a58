// ui/builder/block_flow.h: how the signal splits inside one residual block, as measured by the
// training probes: forward, the size of the input that the skip carries (||x||) against the
// size of what the branch adds (||F(x)||); backward, the gradient that reaches the block's
// input through the shortcut against the gradient through the branch.
#pragma once

namespace ui {

struct BlockFlow {
    float inputNorm = 0;        // ||x||
    float branchNorm = 0;       // ||F(x)||
    float gradViaShortcut = 0;  // ||dL/dx|| through the shortcut
    float gradViaBranch = 0;    // ||dL/dx|| through the branch

    // Shares in [0, 1] (0.5 when both are zero).
    float forwardSkipShare() const { return share(inputNorm, branchNorm); }
    float backwardSkipShare() const { return share(gradViaShortcut, gradViaBranch); }

private:
    static float share(float a, float b) {
        const float sum = (a > 0 ? a : 0) + (b > 0 ? b : 0);
        return sum > 0 ? (a > 0 ? a : 0) / sum : 0.5f;
    }
};

}  // namespace ui
