// core/layers/sequential.h: layers applied one after the other, named "0", "1", ... like
// PyTorch's nn.Sequential (an activation takes an index too), so parameter names read
// "branch.3.W". A block's branch, a projection shortcut, a stem and a head are Sequentials.
#pragma once

#include "core/layer.h"

#include <memory>
#include <vector>

namespace core {

class Sequential final : public Layer {
public:
    explicit Sequential(Shape in) : Layer(in, in) {}

    // Appends a layer whose input shape must equal the current output shape.
    Layer& add(std::unique_ptr<Layer> layer);
    template <class L, class... Args>
    L& emplace(Args&&... args) {
        return static_cast<L&>(add(std::make_unique<L>(std::forward<Args>(args)...)));
    }

    const Matrix& forward(const Matrix& x) override;
    Matrix backward(const Matrix& dy) override;
    std::vector<ParamView> params() override { return collectParams(children()); }
    std::vector<BufferView> buffers() override { return collectBuffers(children()); }
    std::vector<ChildLayer> children() override;
    std::string_view kind() const override { return "Sequential"; }
    const Matrix& output() const override;

    std::size_t size() const { return m_layers.size(); }
    bool empty() const { return m_layers.empty(); }
    Layer& at(std::size_t i) { return *m_layers.at(i); }
    // The current output shape: the last layer's, or the input shape when empty.
    Shape currentShape() const;

private:
    std::vector<std::unique_ptr<Layer>> m_layers;
};

}  // namespace core
