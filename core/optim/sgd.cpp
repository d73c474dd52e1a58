#include "core/optim/sgd.h"

namespace core {

void Sgd::step(std::vector<ParamView>& params, float lr) {
    for (ParamView& p : params) {
        if (m_opt.momentum != 0.0f && m_opt.weightDecay == 0.0f && !m_opt.nesterov) {
            // The common case in place, without a copy of the gradient: the same operations as
            // below (v = momentum v + g, p -= lr v), so the same bits.
            auto [it, first] = m_velocity.try_emplace(p.name);
            Vector& v = it->second;
            if (first)
                v = p.grad;
            // One pass over value, gradient and velocity (was two: v, then p).
            const float momentum = m_opt.momentum;
            float* value = p.value.data();
            const float* grad = p.grad.data();
            float* velocity = v.data();
            for (Eigen::Index i = 0, n = v.size(); i < n; ++i) {
                const float vi = first ? velocity[i] : momentum * velocity[i] + grad[i];
                velocity[i] = vi;
                value[i] -= lr * vi;
            }
            continue;
        }
        Vector g = p.grad;
        if (m_opt.weightDecay != 0.0f)
            g += m_opt.weightDecay * p.value;
        if (m_opt.momentum != 0.0f) {
            auto [it, first] = m_velocity.try_emplace(p.name);
            Vector& v = it->second;
            if (first)
                v = g;
            else
                v = m_opt.momentum * v + g;
            if (m_opt.nesterov)
                g += m_opt.momentum * v;
            else
                g = v;
        }
        p.value -= lr * g;
    }
}

const Vector* Sgd::state(const std::string& param, const std::string& which) const {
    if (which != "momentum_buffer")
        return nullptr;
    const auto it = m_velocity.find(param);
    return it == m_velocity.end() ? nullptr : &it->second;
}

}  // namespace core
