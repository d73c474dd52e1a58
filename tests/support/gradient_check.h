// tests/support/gradient_check.h: compares a layer's backward() with central differences of
// L(x, params) = sum(forward(x) .* G) for one fixed upstream gradient G.
// Works in float: use h around 1e-2..1e-3 and accept a relative error around 1e-2, measured as
// |numeric - analytic| / max(1, |numeric|, |analytic|) per coordinate.
// ReLU kinks: a coordinate whose +-h perturbation switches any ReLU in the layer (its output
// mask changes) is not differentiable inside the stencil; it is skipped and counted, so a test
// can bound how many coordinates were skipped. BatchNorm in training mode is fine: its forward
// is a deterministic function of x (the running statistics it updates do not enter y).
#pragma once

#include "core/layer.h"
#include "core/layers/relu.h"
#include "support/fixtures.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace testsupport {

// L = sum(forward(x) .* G), accumulated in double.
inline double lossOf(core::Layer& layer, const core::Matrix& x, const core::Matrix& G) {
    return (layer.forward(x).cast<double>().array() * G.cast<double>().array()).sum();
}

// ---------------------------------------------------------------- ReLU kink detection

// Records which units of every ReLU inside `root` (root included) are active, so a perturbed
// forward pass can tell whether it crossed a kink.
class KinkGuard {
public:
    explicit KinkGuard(core::Layer& root) {
        core::forEachLayer(root, "", [&](const std::string&, core::Layer& layer) {
            if (dynamic_cast<core::ReLU*>(&layer))
                m_relus.push_back(&layer);
        });
    }
    void record() {
        m_masks.clear();
        for (const core::Layer* relu : m_relus)
            m_masks.push_back((relu->output().array() > 0.0f).eval());
    }
    // True when every ReLU has the same active units as at record().
    bool unchanged() const {
        for (std::size_t i = 0; i < m_relus.size(); ++i)
            if (((m_relus[i]->output().array() > 0.0f) != m_masks[i]).any())
                return false;
        return true;
    }

private:
    std::vector<const core::Layer*> m_relus;
    std::vector<Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>> m_masks;
};

// ---------------------------------------------------------------- the checks

struct GradCheckResult {
    double worst = 0.0;        // worst relative error over the checked coordinates
    std::string worstAt;       // "x[12]" or "branch.0.W[3]"
    double numericAtWorst = 0.0, analyticAtWorst = 0.0;
    int checked = 0;
    int skipped = 0;           // coordinates whose stencil crossed a ReLU kink

    // Passes when the worst error is below `tol`, at least one coordinate was checked and at
    // most one in ten was skipped.
    bool ok(double tol) const { return checked > 0 && worst <= tol && skipped * 10 <= checked + skipped; }
    std::string describe() const {
        std::ostringstream s;
        s << "worst relative error " << worst << " at " << worstAt << " (numeric " << numericAtWorst
          << ", analytic " << analyticAtWorst << "); " << checked << " coordinates checked, "
          << skipped << " skipped at ReLU kinks";
        return s.str();
    }
};

namespace detail {

// Central difference of L with respect to one float, which is perturbed in place and restored.
// Returns false when the stencil crosses a ReLU kink.
inline bool centralDifference(core::Layer& layer, const core::Matrix& x, const core::Matrix& G,
                              float& coordinate, float h, KinkGuard& guard, double& numeric) {
    const float keep = coordinate;
    coordinate = keep + h;
    const double up = lossOf(layer, x, G);
    const bool upSmooth = guard.unchanged();
    coordinate = keep - h;
    const double down = lossOf(layer, x, G);
    const bool downSmooth = guard.unchanged();
    coordinate = keep;
    // The actual step, as float rounding of keep +- h may differ from 2h.
    const double step = double(keep + h) - double(keep - h);
    numeric = (up - down) / step;
    return upSmooth && downSmooth;
}

inline void record(GradCheckResult& r, double numeric, double analytic, const std::string& where) {
    const double scale = std::max({1.0, std::abs(numeric), std::abs(analytic)});
    double err = std::abs(numeric - analytic) / scale;
    if (!std::isfinite(err))
        err = INFINITY;   // a NaN must fail, never compare false and slip through
    ++r.checked;
    if (r.worstAt.empty() || err > r.worst) {
        r.worst = err;
        r.worstAt = where;
        r.numericAtWorst = numeric;
        r.analyticAtWorst = analytic;
    }
}

}  // namespace detail

// dL/dx from backward(G) against central differences in every input coordinate.
inline GradCheckResult checkInputGradient(core::Layer& layer, core::Matrix x, const core::Matrix& G,
                                          float h = 1e-2f) {
    GradCheckResult r;
    KinkGuard guard(layer);
    layer.forward(x);
    guard.record();
    const core::Matrix analytic = layer.backward(G);
    if (analytic.rows() != x.rows() || analytic.cols() != x.cols()) {
        r.worst = INFINITY;
        r.worstAt = "dx has the wrong shape";
        return r;
    }
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        double numeric = 0.0;
        if (!detail::centralDifference(layer, x, G, x.data()[i], h, guard, numeric)) {
            ++r.skipped;
            continue;
        }
        detail::record(r, numeric, analytic.data()[i], "x[" + std::to_string(i) + "]");
    }
    return r;
}

// dL/dparam accumulated by backward(G) (after zeroing) against central differences in every
// coordinate of every ParamView.
inline GradCheckResult checkParamGradients(core::Layer& layer, const core::Matrix& x,
                                           const core::Matrix& G, float h = 1e-2f) {
    GradCheckResult r;
    KinkGuard guard(layer);
    zeroParamGrads(layer);
    layer.forward(x);
    guard.record();
    layer.backward(G);
    std::vector<core::ParamView> views = layer.params();
    std::vector<core::Vector> analytic;
    for (const core::ParamView& p : views)
        analytic.emplace_back(p.grad);
    for (std::size_t k = 0; k < views.size(); ++k) {
        for (Eigen::Index i = 0; i < views[k].value.size(); ++i) {
            double numeric = 0.0;
            if (!detail::centralDifference(layer, x, G, views[k].value(i), h, guard, numeric)) {
                ++r.skipped;
                continue;
            }
            detail::record(r, numeric, analytic[k](i), views[k].name + "[" + std::to_string(i) + "]");
        }
    }
    return r;
}

// Parameter gradients must ACCUMULATE: forward + backward(G) twice, without zeroing in between,
// must give exactly twice the gradient of one pass (up to float rounding), and dx must not
// accumulate. Returns the worst error relative to max(1, |2 g|); 0 for a layer without params.
inline double accumulationError(core::Layer& layer, const core::Matrix& x, const core::Matrix& G) {
    zeroParamGrads(layer);
    layer.forward(x);
    const core::Matrix dx1 = layer.backward(G);
    std::vector<core::Vector> once;
    for (const core::ParamView& p : layer.params())
        once.emplace_back(p.grad);
    layer.forward(x);
    const core::Matrix dx2 = layer.backward(G);
    double worst = 0.0;
    auto note = [&](double err) { worst = std::isfinite(err) ? std::max(worst, err) : INFINITY; };
    std::size_t k = 0;
    for (const core::ParamView& p : layer.params()) {
        const core::Vector twice = 2.0f * once[k++];
        if (twice.size() == 0)
            continue;
        const double scale = std::max(1.0, double(twice.cwiseAbs().maxCoeff()));
        note(double((p.grad - twice).cwiseAbs().maxCoeff()) / scale);
    }
    const double dxScale = std::max(1.0, double(dx1.cwiseAbs().maxCoeff()));
    note(double((dx2 - dx1).cwiseAbs().maxCoeff()) / dxScale);
    return worst;
}

}  // namespace testsupport
