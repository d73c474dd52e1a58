// core/export/torch_state_dict.h: the engine's parameters and batch-norm statistics as
// PyTorch's state_dict, names and layouts. Names: the engine's "stem.0.W" is PyTorch's
// "stem.0.weight": the exported module mirrors the engine's nesting (stem / blocks.<k>.branch /
// blocks.<k>.shortcut / head, nn.Sequential indices counting activations too), and only the
// last part changes: W and gamma become "weight", b and beta "bias", running_mean and
// running_var keep their names. Layouts: Dense W (out x in) becomes [out, in] and Conv2d W
// (C_out x C_in k k) becomes [C_out, C_in, k, k], both row-major, PyTorch's own layout.
#pragma once

#include "core/network/network.h"

#include <cstdint>
#include <string>
#include <vector>

namespace core {

// One entry of the exported state_dict: PyTorch name, PyTorch shape, row-major values.
struct TorchTensor {
    std::string name;                 // e.g. "blocks.3.branch.0.weight"
    std::vector<std::int64_t> shape;  // e.g. {32, 16, 3, 3}
    std::vector<float> values;        // row-major (C order) in `shape`
};

// The PyTorch state_dict key of an engine parameter or buffer name ("head.1.W" -> "head.1.weight").
std::string torchName(const std::string& engineName);

// Every parameter and BN buffer of `net` in PyTorch's naming and layout, in the engine's order.
std::vector<TorchTensor> torchStateDict(Network& net);

}  // namespace core
