#include "core/layers/activation.h"

#include "core/layers/relu.h"
#include "core/layers/sigmoid.h"
#include "core/layers/tanh.h"

namespace core {

std::unique_ptr<Layer> makeActivation(Activation kind, Shape shape) {
    switch (kind) {
    case Activation::Tanh: return std::make_unique<Tanh>(shape);
    case Activation::Sigmoid: return std::make_unique<Sigmoid>(shape);
    case Activation::ReLU: break;
    }
    return std::make_unique<ReLU>(shape);
}

std::string_view activationName(Activation kind) {
    switch (kind) {
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::ReLU: break;
    }
    return "relu";
}

std::optional<Activation> activationFromName(std::string_view name) {
    if (name == "relu") return Activation::ReLU;
    if (name == "tanh") return Activation::Tanh;
    if (name == "sigmoid") return Activation::Sigmoid;
    return std::nullopt;
}

}  // namespace core
