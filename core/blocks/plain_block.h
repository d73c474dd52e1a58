// core/blocks/plain_block.h: a block without a skip, out = g(F(x)). The plain twin of a
// residual block: the same branch layers, nothing added before the final activation.
// x is (D_in x B), out is (D_out x B) with D_out the branch's output size.
#pragma once

#include "core/layers/activation.h"
#include "core/layers/sequential.h"

#include <memory>

namespace core {

class PlainBlock final : public Layer {
public:
    PlainBlock(std::unique_ptr<Sequential> branch, Activation activation);

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override { return collectParams(children()); }
    std::vector<BufferView> buffers() override { return collectBuffers(children()); }
    std::vector<ChildLayer> children() override;
    std::string_view kind() const override { return "PlainBlock"; }
    const Matrix& output() const override { return m_activation->output(); }

    Sequential& branch() { return *m_branch; }
    const Matrix& branchOutput() const { return m_branch->output(); }   // F(x), for probes

private:
    std::unique_ptr<Sequential> m_branch;
    std::unique_ptr<Layer> m_activation;
};

}  // namespace core
