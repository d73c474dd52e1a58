// core/layers/activation.h: the nonlinearity g of a layer unit or of a block's output,
// a[l+2] = g(z[l+2] + a[l]). ReLU is the chapter's; tanh and sigmoid show vanishing gradients.
#pragma once

#include "core/layer.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace core {

enum class Activation { ReLU, Tanh, Sigmoid };

std::unique_ptr<Layer> makeActivation(Activation kind, Shape shape);
std::string_view activationName(Activation kind);             // "relu", "tanh", "sigmoid"
std::optional<Activation> activationFromName(std::string_view name);

}  // namespace core
