// core/layer.h: one differentiable step y = f(x; params) on a batch.
// Contract for every layer (after dlib's EXAMPLE_COMPUTATIONAL_LAYER_):
//   forward(x):  x is (inputShape().size() x B); returns y (outputShape().size() x B) and keeps
//                what backward needs. A layer may keep a reference to x instead of a copy (a
//                conv net's activations are most of its memory), so x must stay alive and
//                unchanged until backward() has returned. Inside a network that holds by
//                itself: every layer's input is another layer's output, and Network keeps a
//                copy of its own input.
//   backward(dy): needs forward() to have run last; dy is (outputShape().size() x B).
//                Returns dx = dL/dx and ADDS dL/dparam into the parameter gradients, so a
//                network zeroes gradients once per step and paths that meet simply add up.
// Layers sum over the batch and never average; the loss divides by B once.
#pragma once

#include "core/tensor.h"

#include <Eigen/Core>

#include <string>
#include <string_view>
#include <vector>

namespace core {

// A non-owning view onto one parameter tensor and its gradient, flattened. Valid while the
// layer lives: parameters are allocated once in the constructor and never resized.
struct ParamView {
    std::string name;                  // stable key, e.g. "blocks.2.branch.0.W"
    Eigen::Map<Vector> value;
    Eigen::Map<Vector> grad;           // same size and order as value
};

// A non-owning view onto a state tensor that is not trained by gradients (BN running stats).
struct BufferView {
    std::string name;                  // e.g. "blocks.2.branch.1.running_mean"
    Eigen::Map<Vector> value;
};

// A named child of a composite layer, for traversal (probes, initialisation).
struct ChildLayer {
    std::string name;
    class Layer* layer;
};

class Layer {
public:
    Layer(Shape in, Shape out) : m_inShape(in), m_outShape(out) {}
    virtual ~Layer() = default;
    Layer(const Layer&) = delete;
    Layer& operator=(const Layer&) = delete;

    virtual const Matrix& forward(const Matrix& x) = 0;
    virtual Matrix backward(const Matrix& dy) = 0;

    virtual std::vector<ParamView> params() { return {}; }
    virtual std::vector<BufferView> buffers() { return {}; }
    virtual std::vector<ChildLayer> children() { return {}; }
    virtual std::string_view kind() const = 0;

    // Training mode (BN uses batch statistics) or evaluation mode (running statistics).
    virtual void setTraining(bool training);
    bool training() const { return m_training; }

    const Shape& inputShape() const { return m_inShape; }
    const Shape& outputShape() const { return m_outShape; }
    // The last forward's result, read-only, for probes.
    virtual const Matrix& output() const { return m_out; }

    // Probing: when on, backprop() reads the moments of the gradient that reached this layer's
    // output, so probes can read dL/da per layer. It keeps no copy: a conv net's layers hold
    // hundreds of megabytes of gradients at batch 128, and copying them every probe cost more
    // than the statistics. Composites call backprop() on children.
    void setProbing(bool on);
    bool probing() const { return m_probing; }
    const Moments& outputGradMoments() const { return m_doutMoments; }
    Matrix backprop(const Matrix& dy) {
        if (m_probing)
            m_doutMoments = momentsOf(dy);
        return backward(dy);
    }

protected:
    void setOutputShape(Shape shape) { m_outShape = shape; }

    Matrix m_out;                      // (outputShape().size() x B), the last forward's result

private:
    Shape m_inShape;
    Shape m_outShape;
    bool m_training = true;
    bool m_probing = false;
    Moments m_doutMoments;             // of the last backprop's dy, while probing
};

// Prefix every name with "prefix." (the composite's name for a child).
void prefixNames(std::vector<ParamView>& views, const std::string& prefix);
void prefixNames(std::vector<BufferView>& views, const std::string& prefix);

// Every parameter and buffer of a composite's children, prefixed by the child's name.
std::vector<ParamView> collectParams(const std::vector<ChildLayer>& children);
std::vector<BufferView> collectBuffers(const std::vector<ChildLayer>& children);

// Visits the layer and all its descendants depth-first, with their dotted names.
template <class Fn>
void forEachLayer(Layer& layer, const std::string& name, Fn&& fn) {
    fn(name, layer);
    for (const ChildLayer& child : layer.children())
        forEachLayer(*child.layer, name.empty() ? child.name : name + "." + child.name, fn);
}

}  // namespace core
