// core/network/network.h: a whole network as the chapter draws it: a stem, a chain of blocks
// (plain or residual) and a head that ends in the class logits. x is (D_in x B), the logits
// are (K x B). Parameters are named "stem.<i>.<p>", "blocks.<k>.branch.<i>.<p>",
// "blocks.<k>.shortcut.<i>.<p>" and "head.<i>.<p>".
#pragma once

#include "core/layers/sequential.h"

#include <exception>
#include <memory>
#include <stop_token>
#include <vector>

namespace core {

// Thrown by Network::backward when its stop token is requested between two blocks: a deep net
// on large images takes seconds per step, and Stop should not wait for the whole step. Forward
// is not interrupted, so every batch-norm layer has seen the batch or none has.
class BackwardStopped : public std::exception {
public:
    const char* what() const noexcept override { return "backward pass stopped"; }
};

class Network final : public Layer {
public:
    Network(std::unique_ptr<Sequential> stem, std::vector<std::unique_ptr<Layer>> blocks,
            std::unique_ptr<Sequential> head);

    const Matrix& forward(const Matrix& x) override;    // the logits; x is copied (see layer.h)
    Matrix backward(const Matrix& dlogits) override;
    std::vector<ParamView> params() override { return collectParams(children()); }
    std::vector<BufferView> buffers() override { return collectBuffers(children()); }
    std::vector<ChildLayer> children() override;
    std::string_view kind() const override { return "Network"; }
    const Matrix& output() const override { return m_head->output(); }

    // backward() checks `stop` before each block and throws BackwardStopped when it is
    // requested; the gradients are then incomplete and must not be applied. An empty token
    // (the default) never stops.
    void setStopToken(std::stop_token stop) { m_stop = std::move(stop); }

    // Sets every parameter gradient to zero (gradients accumulate in backward).
    void zeroGrad();
    std::int64_t parameterCount();

    Sequential& stem() { return *m_stem; }
    Sequential& head() { return *m_head; }
    std::size_t blockCount() const { return m_blocks.size(); }
    Layer& block(std::size_t k) { return *m_blocks.at(k); }

private:
    std::unique_ptr<Sequential> m_stem;
    std::vector<std::unique_ptr<Layer>> m_blocks;
    std::unique_ptr<Sequential> m_head;
    std::stop_token m_stop;
    Matrix m_x;   // (D_in x B) the last input: the layers inside may keep references to it
};

}  // namespace core
