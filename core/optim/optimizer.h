// core/optim/optimizer.h: updates parameters from their gradients. An optimizer sees only
// ParamViews and keys its state (momentum, moments) by the parameter's stable name, never by
// address, so state survives a rebuilt view and can be inspected by name.
#pragma once

#include "core/layer.h"

#include <map>
#include <string>
#include <vector>

namespace core {

class Optimizer {
public:
    virtual ~Optimizer() = default;
    // One update of every parameter with learning rate lr.
    virtual void step(std::vector<ParamView>& params, float lr) = 0;
    // A state tensor by parameter name and PyTorch's state name ("momentum_buffer",
    // "exp_avg", "exp_avg_sq"), or nullptr.
    virtual const Vector* state(const std::string& param, const std::string& which) const = 0;
};

}  // namespace core
