// core/blocks/plain_block.h: the plain block, a block without a skip: out = g(F(x)). The plain
// twin of a residual block: the same branch layers, nothing added before the final activation.
// A pre-activation branch (He et al. 2016, Fig. 4c-e) has no activation after it: out = F(x).
// x is (D_in x B), out is (D_out x B) with D_out the branch's output size.
// For the lesion study a block whose input and output shapes match can be bypassed: out = x.
#pragma once

#include "core/layers/activation.h"
#include "core/layers/sequential.h"

#include <memory>
#include <optional>

namespace core {

class PlainBlock final : public Layer {
public:
    PlainBlock(std::unique_ptr<Sequential> branch, std::optional<Activation> activation);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override { return collectParams(children()); }
    std::vector<BufferView> buffers() override { return collectBuffers(children()); }
    std::vector<ChildLayer> children() override;
    std::string_view kind() const override { return "PlainBlock"; }
    const Matrix& output() const override;

    Sequential& branch() { return *m_branch; }
    const Matrix& branchOutput() const { return m_branch->output(); }   // F(x), for probes

    // Lesion: a plain block has no shortcut to fall back on, so removing it means wiring its
    // input straight to its output, out = x (backward: dx = dy). That is possible only when
    // the shapes match (not where the block changes width, channels or resolution).
    bool canBypass() const { return inputShape() == outputShape(); }
    void setBypassed(bool bypassed);   // needs canBypass() to turn it on
    bool bypassed() const { return m_bypassed; }

private:
    std::unique_ptr<Sequential> m_branch;
    std::unique_ptr<Layer> m_activation;   // null for a pre-activation branch
    bool m_bypassed = false;           // while on, m_out holds the last input (D x B)
};

}  // namespace core
