// core/optim/sgd.h: stochastic gradient descent with momentum, PyTorch semantics:
//   g = dL/dp + weight_decay p
//   v = g on the first step, then v = momentum v + g          (no dampening)
//   p = p - lr (g + momentum v)  with Nesterov,  p = p - lr v  without.
// Weight decay applies to every parameter (weights, biases, BN gamma and beta).
#pragma once

#include "core/optim/optimizer.h"

namespace core {

struct SgdOptions {
    float momentum = 0.9f;
    float weightDecay = 0.0f;
    bool nesterov = false;
};

class Sgd final : public Optimizer {
public:
    explicit Sgd(const SgdOptions& options) : m_opt(options) {}
    void step(std::vector<ParamView>& params, float lr) override;
    const Vector* state(const std::string& param, const std::string& which) const override;

private:
    SgdOptions m_opt;
    std::map<std::string, Vector> m_velocity;   // by parameter name
};

}  // namespace core
