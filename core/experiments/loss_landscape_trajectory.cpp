#include "core/experiments/loss_landscape_trajectory.h"

#include "core/check.h"
#include "core/spec/build_network.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace core {

Checkpoint captureCheckpoint(Network& net, long long step) {
    Checkpoint c;
    c.step = step;
    for (const ParamView& p : net.params())
        c.params.emplace_back(p.value);
    for (const BufferView& b : net.buffers())
        c.buffers.emplace_back(b.value);
    return c;
}

void restoreCheckpoint(Network& net, const Checkpoint& c) {
    std::vector<ParamView> params = net.params();
    std::vector<BufferView> buffers = net.buffers();
    CORE_EXPECTS(params.size() == c.params.size() && buffers.size() == c.buffers.size());
    for (std::size_t k = 0; k < params.size(); ++k) {
        CORE_EXPECTS(params[k].value.size() == c.params[k].size());
        params[k].value = c.params[k];
    }
    for (std::size_t k = 0; k < buffers.size(); ++k) {
        CORE_EXPECTS(buffers[k].value.size() == c.buffers[k].size());
        buffers[k].value = c.buffers[k];
    }
}

CheckpointRecorder::CheckpointRecorder(long long everySteps) : m_every(std::max(0LL, everySteps)) {}

void CheckpointRecorder::record(long long step, Network& net) {
    Checkpoint c = captureCheckpoint(net, step);
    const auto at = std::lower_bound(m_checkpoints.begin(), m_checkpoints.end(), step,
                                     [](const Checkpoint& a, long long s) { return a.step < s; });
    if (at != m_checkpoints.end() && at->step == step)
        *at = std::move(c);
    else
        m_checkpoints.insert(at, std::move(c));
}

void CheckpointRecorder::observe(const StepReport& report, Network& net) {
    if (m_every == 0)
        m_every = std::max(1LL, report.totalSteps / kDefaultCheckpoints);
    if (report.step % m_every == 0 || report.step == report.totalSteps)
        record(report.step, net);
}

std::function<void(const StepReport&, Network&)> CheckpointRecorder::onStep() {
    return [this](const StepReport& report, Network& net) { observe(report, net); };
}

TrajectoryProjection projectTrajectory(Network& trained, const std::vector<Checkpoint>& checkpoints) {
    const std::vector<ParamView> params = trained.params();
    const Eigen::Index n = Eigen::Index(checkpoints.size());
    if (n < 3)
        throw std::invalid_argument("the training path needs at least 3 saved checkpoints for its PCA plane, and " +
                                    std::to_string(n) + " were saved");
    for (const Checkpoint& c : checkpoints) {
        bool fits = c.params.size() == params.size();
        for (std::size_t k = 0; fits && k < params.size(); ++k)
            fits = c.params[k].size() == params[k].value.size();
        if (!fits)
            throw std::invalid_argument("checkpoint of step " + std::to_string(c.step) +
                                        " does not have the network's parameter shapes");
    }

    // The differences D = [θ_i - θ*] (P x n), one tensor at a time so that no P x n copy of
    // the whole network is needed: the Gram matrix G = D^T D, the mean difference m, and then
    // the Gram matrix of the centred differences, C^T C = G - (G 1)m'.. = H G H, H = I - 11^T/n.
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(n, n);
    auto differences = [&](std::size_t k) {
        Eigen::MatrixXd d(params[k].value.size(), n);
        const Eigen::VectorXd star = params[k].value.cast<double>();
        for (Eigen::Index i = 0; i < n; ++i)
            d.col(i) = checkpoints[std::size_t(i)].params[k].cast<double>() - star;
        return d;
    };
    for (std::size_t k = 0; k < params.size(); ++k) {
        const Eigen::MatrixXd d = differences(k);
        gram.noalias() += d.transpose() * d;
    }
    const Eigen::MatrixXd centring =
        Eigen::MatrixXd::Identity(n, n) - Eigen::MatrixXd::Constant(n, n, 1.0 / double(n));
    const Eigen::MatrixXd centred = centring * gram * centring;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(centred);
    const Eigen::VectorXd lambda = eigen.eigenvalues();   // ascending
    const double variance = std::max(0.0, centred.trace());
    const double l1 = lambda(n - 1), l2 = lambda(n - 2);
    if (!(l2 > 1e-12 * std::max(1.0, variance)))
        throw std::invalid_argument("the saved weights lie on a line (or do not move): there is no plane to project "
                                    "the training path on");
    // Principal direction k: d_k = C u_k / sqrt(λ_k), unit length; C = D H.
    const Eigen::VectorXd w1 = centring * eigen.eigenvectors().col(n - 1) / std::sqrt(l1);
    const Eigen::VectorXd w2 = centring * eigen.eigenvectors().col(n - 2) / std::sqrt(l2);

    TrajectoryProjection result;
    result.explained1 = variance > 0 ? l1 / variance : 0.0;
    result.explained2 = variance > 0 ? l2 / variance : 0.0;
    Eigen::VectorXd alpha = Eigen::VectorXd::Zero(n), beta = Eigen::VectorXd::Zero(n);
    for (std::size_t k = 0; k < params.size(); ++k) {
        const Eigen::MatrixXd d = differences(k);
        const Eigen::VectorXd d1 = d * w1, d2 = d * w2;
        alpha.noalias() += d.transpose() * d1;   // ⟨θ_i - θ*, d1⟩
        beta.noalias() += d.transpose() * d2;
        result.d1.push_back(d1.cast<float>());
        result.d2.push_back(d2.cast<float>());
    }
    // The sign of an eigenvector is arbitrary: orient both axes so the path starts at >= 0.
    auto orient = [](ParameterDirection& dir, Eigen::VectorXd& coord) {
        if (coord(0) >= 0)
            return;
        coord = -coord;
        for (Vector& v : dir)
            v = -v;
    };
    orient(result.d1, alpha);
    orient(result.d2, beta);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (Eigen::Index i = 0; i < n; ++i)
        result.points.push_back({checkpoints[std::size_t(i)].step, alpha(i) + 0.0, beta(i) + 0.0, nan, nan});   // no -0
    return result;
}

void evaluateTrajectory(const NetworkSpec& spec, const std::vector<Checkpoint>& checkpoints, const Split& data,
                        const LandscapeConfig& config, TrajectoryProjection& projection) {
    CORE_EXPECTS(projection.points.size() == checkpoints.size());
    const std::unique_ptr<Network> net = buildNetwork(spec);
    for (std::size_t i = 0; i < checkpoints.size(); ++i) {
        restoreCheckpoint(*net, checkpoints[i]);
        const LandscapeValue v = landscapeValue(*net, data, config);
        projection.points[i].loss = v.loss;
        projection.points[i].error = v.error;
    }
}

PlaneRequest trajectoryPlaneRequest(const std::string& label, const NetworkSpec& spec, Network& trained,
                                    const TrajectoryProjection& projection, int points, double margin) {
    CORE_EXPECTS(points >= 2);
    double a0 = 0, a1 = 0, b0 = 0, b1 = 0;   // the path's extent, θ* included
    for (const TrajectoryPoint& p : projection.points) {
        a0 = std::min(a0, p.alpha);
        a1 = std::max(a1, p.alpha);
        b0 = std::min(b0, p.beta);
        b1 = std::max(b1, p.beta);
    }
    auto axis = [&](double lo, double hi) {
        const double pad = margin * std::max(hi - lo, 1e-6);
        lo -= pad;
        hi += pad;
        std::vector<double> v(std::size_t(points), 0.0);
        for (int i = 0; i < points; ++i)
            v[std::size_t(i)] = lo + (hi - lo) * double(i) / double(points - 1);
        return v;
    };
    PlaneRequest r;
    r.label = label;
    r.spec = &spec;
    r.net = &trained;
    r.a = projection.d1;
    r.b = projection.d2;
    r.alphas = axis(a0, a1);
    r.betas = axis(b0, b1);
    return r;
}

LandscapeStudy runLandscapeStudy(std::vector<TrainedNetwork>& nets,
                                 const std::vector<std::vector<Checkpoint>>& checkpoints, const Split& data,
                                 const LandscapeConfig& config, int pathGrid, std::stop_token stop,
                                 const LandscapeProgressFn& onProgress) {
    if (!checkpoints.empty() && checkpoints.size() != nets.size())
        throw std::invalid_argument("give one list of checkpoints per network, or none");
    if (pathGrid < 3 || pathGrid > 1001)
        throw std::invalid_argument("the path plane's grid is " + std::to_string(pathGrid) +
                                    " points; it must be between 3 and 1001");
    using Clock = std::chrono::steady_clock;
    LandscapeStudy study;
    // The paths first (cheap, and they decide how many points the second phase has).
    std::vector<std::size_t> withPath;
    for (std::size_t i = 0; i < checkpoints.size(); ++i) {
        if (checkpoints[i].empty()) {
            study.notes.push_back(nets[i].family + ": no saved weights, so no training path");
            continue;
        }
        try {
            study.paths.push_back(projectTrajectory(*nets[i].net, checkpoints[i]));
            withPath.push_back(i);
        } catch (const std::invalid_argument& e) {
            study.notes.push_back(nets[i].family + ": " + e.what());
        }
    }
    const int randomPoints = int(nets.size()) * config.grid * config.grid;
    const int total = randomPoints + int(withPath.size()) * pathGrid * pathGrid;
    auto phase = [&](int offset) -> LandscapeProgressFn {
        if (!onProgress)
            return {};
        return [&, offset](const LandscapeProgress& p) { onProgress({offset + p.done, total}); };
    };

    const auto t0 = Clock::now();
    study.random = computeLandscapes(nets, data, config, stop, phase(0));
    study.randomSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    bool complete = std::all_of(study.random.begin(), study.random.end(), [](const auto& s) { return s.complete; });
    if (!complete || withPath.empty()) {
        study.complete = complete;
        return study;
    }

    const auto t1 = Clock::now();
    std::vector<PlaneRequest> requests;
    for (std::size_t p = 0; p < withPath.size(); ++p) {
        TrainedNetwork& n = nets[withPath[p]];
        evaluateTrajectory(n.spec, checkpoints[withPath[p]], data, config, study.paths[p]);
        requests.push_back(trajectoryPlaneRequest(n.family, n.spec, *n.net, study.paths[p], pathGrid));
    }
    study.pathPlane = evaluatePlanes(requests, data, config, stop, phase(randomPoints));
    study.pathSeconds = std::chrono::duration<double>(Clock::now() - t1).count();
    complete = std::all_of(study.pathPlane.begin(), study.pathPlane.end(), [](const auto& s) { return s.complete; });
    study.complete = complete;
    return study;
}

}  // namespace core
