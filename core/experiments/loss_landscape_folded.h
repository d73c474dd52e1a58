// core/experiments/loss_landscape_folded.h: a network in evaluation mode with every batch norm
// folded into the dense layer before it, the fast forward pass of the loss landscape.
// In evaluation mode BN(W x + b) = s ∘ (W x + b − μ) + β with s = γ / sqrt(σ² + ε) is itself an
// affine map, so each unit (Dense, BN, ReLU) becomes one product and one pass over its output:
//   y = max(W' x + b', 0),   W' = diag(s) W,   b' = s ∘ (b − μ) + β,
// and a residual block's last unit adds its input before the ReLU. A landscape point costs one
// forward pass and its time goes to moving activations, not to products: the folded pass of the
// 56-layer spiral MLP takes about half the time of the engine's layer-by-layer one (which keeps
// the inputs backward would need and makes five passes per batch norm).
// It folds only what it knows: chains of Dense, BatchNorm on vectors and ReLU in a stem, a head
// and in plain or residual blocks with an identity shortcut, the ReLU after the addition.
// Anything else (convolutions, other activations, projection shortcuts, a bypassed block)
// makes fold() return nothing, and the landscape uses the engine's own forward pass.
// The folded network reads the network's parameters and statistics when refold() is called;
// the network must outlive it. x is (D_in x B), the logits (K x B).
#pragma once

#include "core/network/network.h"

#include <memory>
#include <string>
#include <vector>

namespace core {

class BatchNorm;
class Dense;

class FoldedNetwork {
public:
    // The folded form of `net`, or nullptr (with the reason in `why`) when a layer is not one it
    // can fold. Call refold() before the first forward().
    static std::unique_ptr<FoldedNetwork> fold(Network& net, std::string* why = nullptr);

    // Reads the network's current parameters and batch-norm statistics into W' and b'.
    void refold();
    // The logits of x, in evaluation mode.
    const Matrix& forward(const Matrix& x);

private:
    enum class Epilogue { None, ReLU, AddInputReLU };
    struct Unit {
        Dense* dense = nullptr;
        BatchNorm* norm = nullptr;       // null: no batch norm after the dense layer
        Epilogue epilogue = Epilogue::None;
        int skipFrom = -1;               // AddInputReLU: the unit whose output is the block's input
                                         // (-1: the network's input)
        Matrix w;                        // (D_out x D_in) W' = diag(s) W
        Vector b;                        // (D_out) b' = s ∘ (b − μ) + β
        Matrix out;                      // (D_out x B) this unit's output for the last forward
    };
    FoldedNetwork() = default;

    std::vector<Unit> m_units;
};

}  // namespace core
