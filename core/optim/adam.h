// core/optim/adam.h: Adam (Kingma & Ba 2015), PyTorch semantics:
//   g = dL/dp + weight_decay p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
#pragma once

#include "core/optim/optimizer.h"

namespace core {

struct AdamOptions {
    // The betas are doubles so that 1 - beta2 is exact enough: 1 - 0.999f is off by 1.3e-5.
    double beta1 = 0.9;
    double beta2 = 0.999;
    float eps = 1e-8f;
    float weightDecay = 0.0f;
};

class Adam final : public Optimizer {
public:
    explicit Adam(const AdamOptions& options) : m_opt(options) {}
    void step(std::vector<ParamView>& params, float lr) override;
    const Vector* state(const std::string& param, const std::string& which) const override;

private:
    struct Moments {
        Vector m, v;     // first and second moment, shaped like the parameter
        long long t = 0; // steps taken
    };
    AdamOptions m_opt;
    std::map<std::string, Moments> m_moments;   // by parameter name
};

}  // namespace core
