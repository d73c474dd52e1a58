#include "core/optim/adam.h"

#include <cmath>

namespace core {

void Adam::step(std::vector<ParamView>& params, float lr) {
    for (ParamView& p : params) {
        Vector g = p.grad;
        if (m_opt.weightDecay != 0.0f)
            g += m_opt.weightDecay * p.value;
        auto [it, first] = m_moments.try_emplace(p.name);
        Moments& s = it->second;
        if (first) {
            s.m = Vector::Zero(g.size());
            s.v = Vector::Zero(g.size());
        }
        ++s.t;
        const float b1 = float(m_opt.beta1), b2 = float(m_opt.beta2);
        const float oneMinusB1 = float(1.0 - m_opt.beta1), oneMinusB2 = float(1.0 - m_opt.beta2);
        s.m = b1 * s.m + oneMinusB1 * g;
        s.v = b2 * s.v + oneMinusB2 * g.cwiseProduct(g);
        const double correction1 = 1.0 - std::pow(m_opt.beta1, double(s.t));
        const double correction2 = 1.0 - std::pow(m_opt.beta2, double(s.t));
        const float stepSize = float(lr / correction1);
        const float rootCorrection2 = float(std::sqrt(correction2));
        p.value.array() -= stepSize * s.m.array() / (s.v.array().sqrt() / rootCorrection2 + m_opt.eps);
    }
}

const Vector* Adam::state(const std::string& param, const std::string& which) const {
    const auto it = m_moments.find(param);
    if (it == m_moments.end())
        return nullptr;
    if (which == "exp_avg")
        return &it->second.m;
    if (which == "exp_avg_sq")
        return &it->second.v;
    return nullptr;
}

}  // namespace core
