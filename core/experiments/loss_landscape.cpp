#include "core/experiments/loss_landscape.h"

#include "core/experiments/loss_landscape_folded.h"
#include "core/experiments/task_pool.h"
#include "core/check.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/random.h"
#include "core/spec/build_network.h"
#include "core/train/trainer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>

namespace core {

namespace {

constexpr int kMaxGrid = 1001;
constexpr double kMaxRange = 1000.0;

// The stream of one tensor of one direction: FNV-1a of its name, derived with the seed and
// the direction's index, so it does not depend on which other tensors the network has.
std::uint64_t streamFor(std::uint64_t seed, int stream, const std::string& name) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : name)
        h = (h ^ c) * 1099511628211ull;
    return Rng::derive(Rng::derive(seed, 7000 + std::uint64_t(stream)), h);
}

double nan() { return std::numeric_limits<double>::quiet_NaN(); }

// The evaluation set cut once into the chunks every forward pass uses: (D x B_c) and (B_c).
struct Chunks {
    std::vector<Matrix> x;
    std::vector<Labels> y;
    Eigen::Index samples = 0;
};

// Chunks of `batch` columns; a last chunk of one sample joins the one before (batch norm
// with batch statistics cannot normalise a single sample).
Chunks cut(const Split& data, int batch) {
    Chunks c;
    c.samples = data.size();
    for (Eigen::Index start = 0; start < c.samples;) {
        Eigen::Index count = std::min<Eigen::Index>(batch, c.samples - start);
        if (c.samples - start - count == 1)
            ++count;
        c.x.push_back(data.columns(start, count));
        c.y.push_back(data.y.segment(start, count));
        start += count;
    }
    return c;
}

// Loss and error of `net` over the chunks, in the mode its layers are set to; through its
// folded form when there is one (evaluation mode only).
LandscapeValue lossOver(Network& net, FoldedNetwork* folded, const Chunks& chunks) {
    if (folded)
        folded->refold();
    SoftmaxCrossEntropy loss;
    double total = 0.0;
    long long errors = 0;
    for (std::size_t c = 0; c < chunks.x.size(); ++c) {
        const Eigen::Index count = chunks.x[c].cols();
        const Matrix& logits = folded ? folded->forward(chunks.x[c]) : net.forward(chunks.x[c]);
        total += double(loss.forward(logits, chunks.y[c])) * double(count);
        errors += loss.errors();
    }
    return {total / double(chunks.samples), double(errors) / double(chunks.samples)};
}

// The folded form of `net` for evaluation mode, or nullptr (batch statistics, config.fold off,
// or a layer the folding does not know: then the engine's own forward pass is used).
std::unique_ptr<FoldedNetwork> foldFor(Network& net, const LandscapeConfig& config) {
    if (!config.fold || config.batchNorm != LandscapeBatchNorm::RunningStatistics)
        return nullptr;
    return FoldedNetwork::fold(net);
}

int chunkSize(Network& net, const LandscapeConfig& config) {
    return config.batchNorm == LandscapeBatchNorm::BatchStatistics ? config.batch
                                                                   : std::min(config.batch, evaluationBatch(net));
}

std::vector<Vector> copyParams(Network& net) {
    std::vector<Vector> values;
    for (const ParamView& p : net.params())
        values.emplace_back(p.value);
    return values;
}

std::vector<Vector> copyBuffers(Network& net) {
    std::vector<Vector> values;
    for (const BufferView& b : net.buffers())
        values.emplace_back(b.value);
    return values;
}

// One thread's copy of one request's network, with its parameter views kept.
struct Replica {
    std::unique_ptr<Network> net;
    std::unique_ptr<FoldedNetwork> folded;   // null: the engine's forward pass
    std::vector<ParamView> params;
    Chunks chunks;
};

// What every thread needs of one request, copied once in the calling thread.
struct PreparedRequest {
    const PlaneRequest* request = nullptr;
    std::vector<Vector> origin;
    std::vector<Vector> buffers;
    int points = 0;
    int first = 0;                 // index of its first point among all points
};

std::unique_ptr<Replica> makeReplica(const PreparedRequest& p, const Split& data, const LandscapeConfig& config) {
    auto r = std::make_unique<Replica>();
    r->net = buildNetwork(*p.request->spec);
    r->params = r->net->params();
    std::vector<BufferView> buffers = r->net->buffers();
    for (std::size_t k = 0; k < buffers.size(); ++k)
        buffers[k].value = p.buffers[k];
    r->net->setTraining(config.batchNorm == LandscapeBatchNorm::BatchStatistics);
    r->folded = foldFor(*r->net, config);
    r->chunks = cut(data, chunkSize(*r->net, config));
    return r;
}

void checkRequest(const PlaneRequest& r, const Split& data) {
    const std::string who = "landscape of " + (r.label.empty() ? std::string("a network") : r.label);
    if (!r.spec || !r.net)
        throw std::invalid_argument(who + ": no network given");
    if (data.features() != r.net->inputShape().size())
        throw std::invalid_argument(who + ": the data has " + std::to_string(data.features()) +
                                    " values per sample but the network expects " +
                                    std::to_string(r.net->inputShape().size()));
    if (data.y.size() > 0 && data.y.maxCoeff() >= r.net->outputShape().size())
        throw std::invalid_argument(who + ": the data has more classes than the network outputs");
    if (r.alphas.empty() || r.betas.empty())
        throw std::invalid_argument(who + ": the grid has no points");
    const std::vector<ParamView> params = r.net->params();
    auto fits = [&](const ParameterDirection& d) {
        if (d.size() != params.size())
            return false;
        for (std::size_t k = 0; k < d.size(); ++k)
            if (d[k].size() != params[k].value.size())
                return false;
        return true;
    };
    if (!fits(r.a) || !fits(r.b) || (!r.origin.empty() && !fits(r.origin)))
        throw std::invalid_argument(who + ": a direction does not have the network's parameter shapes");
}

}  // namespace

std::vector<ParameterFilters> parameterFilters(Network& net) {
    std::map<const float*, int> weightRows;   // a weight matrix's storage -> its rows (filters)
    forEachLayer(net, "", [&](const std::string&, Layer& layer) {
        if (auto* dense = dynamic_cast<Dense*>(&layer))
            weightRows[dense->weight().data()] = int(dense->weight().rows());
        else if (auto* conv = dynamic_cast<Conv2d*>(&layer))
            weightRows[conv->weight().data()] = int(conv->weight().rows());
    });
    std::vector<ParameterFilters> list;
    for (const ParamView& p : net.params()) {
        const auto it = weightRows.find(p.value.data());
        list.push_back({p.name, it == weightRows.end() ? 0 : it->second});
    }
    return list;
}

ParameterDirection gaussianDirection(Network& net, std::uint64_t seed, int stream) {
    ParameterDirection d;
    for (const ParamView& p : net.params()) {
        Rng rng(streamFor(seed, stream, p.name));
        Vector v(p.value.size());
        for (Eigen::Index i = 0; i < v.size(); ++i)
            v(i) = float(rng.normal());
        d.push_back(std::move(v));
    }
    return d;
}

void normalizeFilters(Network& net, ParameterDirection& direction) {
    const std::vector<ParamView> params = net.params();
    const std::vector<ParameterFilters> filters = parameterFilters(net);
    CORE_EXPECTS(direction.size() == params.size());
    for (std::size_t k = 0; k < params.size(); ++k) {
        Vector& d = direction[k];
        CORE_EXPECTS(d.size() == params[k].value.size());
        const int rows = filters[k].filters;
        if (rows == 0) {
            d.setZero();   // biases and batch-norm parameters stay where θ* has them
            continue;
        }
        // W is (rows x cols), column-major: a filter is one row (the weights into one unit or
        // one output channel), d_row <- d_row ||w_row|| / ||d_row|| (Li et al. eq. after (1)).
        const Eigen::Index cols = d.size() / rows;
        Eigen::Map<Matrix> dm(d.data(), rows, cols);
        const Eigen::Map<const Matrix> wm(params[k].value.data(), rows, cols);
        for (Eigen::Index r = 0; r < rows; ++r) {
            const double wn = wm.row(r).cast<double>().norm();
            const double dn = dm.row(r).cast<double>().norm();
            dm.row(r) *= float(wn / (dn + 1e-10));
        }
    }
}

ParameterDirection filterNormalizedDirection(Network& net, std::uint64_t seed, int stream) {
    ParameterDirection d = gaussianDirection(net, seed, stream);
    normalizeFilters(net, d);
    return d;
}

std::vector<double> symmetricAxis(int points, double range) {
    std::vector<double> axis(std::size_t(std::max(points, 0)));
    if (points == 1)
        axis[0] = 0.0;
    // range (2i - (n-1)) / (n-1): the numerator changes sign exactly under i -> n-1-i.
    for (int i = 0; i < points && points > 1; ++i)
        axis[std::size_t(i)] = range * double(2 * i - (points - 1)) / double(points - 1);
    return axis;
}

std::string_view landscapeBatchNormName(LandscapeBatchNorm mode) {
    return mode == LandscapeBatchNorm::BatchStatistics ? "batch" : "running";
}

std::vector<std::string> checkLandscapeConfig(const LandscapeConfig& c) {
    std::vector<std::string> problems;
    if (c.grid < 3 || c.grid > kMaxGrid || c.grid % 2 == 0)
        problems.push_back("grid is " + std::to_string(c.grid) + "; it must be odd (so that the trained weights, " +
                           "alpha = beta = 0, are on the grid) and between 3 and " + std::to_string(kMaxGrid));
    if (!(c.range > 0.0) || !(c.range <= kMaxRange))
        problems.push_back("range is " + std::to_string(c.range) + "; it must be above 0 and at most " +
                           std::to_string(int(kMaxRange)) + " (1 is a filter's own norm)");
    if (c.samples < 0)
        problems.push_back("samples is " + std::to_string(c.samples) + "; use 0 for the whole split or a count");
    if (c.batch < 2 || c.batch > 1 << 20)
        problems.push_back("batch is " + std::to_string(c.batch) +
                           "; it must be between 2 (batch norm needs two samples to normalise) and 1048576");
    if (c.threads < 0 || c.threads > 256)
        problems.push_back("threads is " + std::to_string(c.threads) + "; use 0 (one per core) or 1 to 256");
    return problems;
}

Split landscapeSubset(const Split& data, int samples) {
    if (samples <= 0 || samples >= data.size())
        return data;
    Split subset;
    subset.y = data.y.head(samples);
    if (data.holdsBytes()) {
        subset.bytes = data.bytes;
        subset.bytes.values.conservativeResize(Eigen::NoChange, samples);
    } else {
        subset.x = data.x.leftCols(samples);
    }
    return subset;
}

LandscapeValue landscapeValue(Network& net, const Split& fullData, const LandscapeConfig& config) {
    const Split data = landscapeSubset(fullData, config.samples);
    if (data.size() < 2)
        throw std::invalid_argument("the landscape needs at least 2 samples to evaluate on");
    keepFreedMemory();
    const ComputeThreads single(1);   // small products: threads inside them only wait on each other
    const bool wasTraining = net.training();
    const std::vector<Vector> statistics = copyBuffers(net);
    net.setTraining(config.batchNorm == LandscapeBatchNorm::BatchStatistics);
    const std::unique_ptr<FoldedNetwork> folded = foldFor(net, config);
    const LandscapeValue v = lossOver(net, folded.get(), cut(data, chunkSize(net, config)));
    net.setTraining(wasTraining);
    std::vector<BufferView> buffers = net.buffers();
    for (std::size_t k = 0; k < buffers.size(); ++k)
        buffers[k].value = statistics[k];
    return v;
}

std::vector<PlaneSurface> evaluatePlanes(const std::vector<PlaneRequest>& requests, const Split& fullData,
                                         const LandscapeConfig& config, std::stop_token stop,
                                         const LandscapeProgressFn& onProgress) {
    const std::vector<std::string> problems = checkLandscapeConfig(config);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());
    const Split data = landscapeSubset(fullData, config.samples);
    if (data.size() < 2)
        throw std::invalid_argument("the landscape needs at least 2 samples to evaluate on, and the split has " +
                                    std::to_string(data.size()));

    keepFreedMemory();   // the same buffers are freed and allocated again at every point
    std::vector<PreparedRequest> prepared;
    int total = 0;
    for (const PlaneRequest& r : requests) {
        checkRequest(r, data);
        PreparedRequest p;
        p.request = &r;
        p.origin = r.origin.empty() ? copyParams(*r.net) : r.origin;
        p.buffers = copyBuffers(*r.net);
        p.points = int(r.alphas.size() * r.betas.size());
        p.first = total;
        total += p.points;
        prepared.push_back(std::move(p));
    }

    std::vector<PlaneSurface> surfaces;
    for (const PlaneRequest& r : requests) {
        PlaneSurface s;
        s.label = r.label;
        s.alphas = r.alphas;
        s.betas = r.betas;
        s.loss = Eigen::MatrixXd::Constant(Eigen::Index(r.alphas.size()), Eigen::Index(r.betas.size()), nan());
        s.error = s.loss;
        surfaces.push_back(std::move(s));
    }

    const int threads = taskThreads(config.threads, total);
    // Each thread runs its own small products: Eigen's own threads would only contend.
    const ComputeThreads single(1);
    const auto doneIn = std::make_unique<std::atomic<int>[]>(prepared.size());   // per request
    // replicas[thread][request]: each thread's own copy of each request's network.
    std::vector<std::vector<std::unique_ptr<Replica>>> replicas(static_cast<std::size_t>(threads));
    for (auto& perThread : replicas)
        perThread.resize(prepared.size());
    int lastReported = -1;
    auto point = [&](int index, int thread) {
        std::size_t r = 0;
        while (r + 1 < prepared.size() && index >= prepared[r + 1].first)
            ++r;
        const PreparedRequest& p = prepared[r];
        std::unique_ptr<Replica>& slot = replicas[std::size_t(thread)][r];
        if (!slot)
            slot = makeReplica(p, data, config);
        Replica& rep = *slot;
        const int local = index - p.first;
        const Eigen::Index nb = Eigen::Index(p.request->betas.size());
        const Eigen::Index i = local / nb, j = local % nb;
        // θ = origin + α a + β b, parameter by parameter, in float as the network stores it.
        const float alpha = float(p.request->alphas[std::size_t(i)]);
        const float beta = float(p.request->betas[std::size_t(j)]);
        for (std::size_t k = 0; k < rep.params.size(); ++k)
            rep.params[k].value = p.origin[k] + alpha * p.request->a[k] + beta * p.request->b[k];
        const LandscapeValue v = lossOver(*rep.net, rep.folded.get(), rep.chunks);
        surfaces[r].loss(i, j) = v.loss;
        surfaces[r].error(i, j) = v.error;
        ++doneIn[r];
    };
    const int finished = runTasks(total, threads, stop, point, [&](int count) {
        if (onProgress && count != lastReported) {
            lastReported = count;
            onProgress({count, total});
        }
    });
    if (onProgress)
        onProgress({finished, total});
    // Completeness by points evaluated, not by values: a NaN loss can be a result too (logits
    // that overflowed to inf - inf).
    for (std::size_t r = 0; r < surfaces.size(); ++r)
        surfaces[r].complete = doneIn[r].load() == prepared[r].points;
    return surfaces;
}

std::vector<PlaneSurface> computeLandscapes(std::vector<TrainedNetwork>& nets, const Split& data,
                                            const LandscapeConfig& config, std::stop_token stop,
                                            const LandscapeProgressFn& onProgress) {
    const std::vector<std::string> problems = checkLandscapeConfig(config);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());
    std::vector<PlaneRequest> requests;
    const std::vector<double> axis = symmetricAxis(config.grid, config.range);
    for (TrainedNetwork& n : nets) {
        PlaneRequest r;
        r.label = n.family;
        r.spec = &n.spec;
        r.net = n.net.get();
        r.a = filterNormalizedDirection(*n.net, config.directionSeed, 0);
        r.b = filterNormalizedDirection(*n.net, config.directionSeed, 1);
        r.alphas = axis;
        r.betas = axis;
        requests.push_back(std::move(r));
    }
    return evaluatePlanes(requests, data, config, stop, onProgress);
}

PlaneSurface computeSlice(const NetworkSpec& spec, Network& net, const Split& data, const LandscapeConfig& config,
                          int points, std::stop_token stop, const LandscapeProgressFn& onProgress) {
    if (points < 2 || points > 100 * kMaxGrid)
        throw std::invalid_argument("a slice needs between 2 and " + std::to_string(100 * kMaxGrid) + " points, not " +
                                    std::to_string(points));
    PlaneRequest r;
    r.label = "slice";
    r.spec = &spec;
    r.net = &net;
    r.a = filterNormalizedDirection(net, config.directionSeed, 0);
    r.b = r.a;                      // β = 0: the second direction is never used
    r.alphas = symmetricAxis(points, config.range);
    r.betas = {0.0};
    return evaluatePlanes({r}, data, config, stop, onProgress).front();
}

int countLocalMinima(const Eigen::MatrixXd& loss) {
    int minima = 0;
    for (Eigen::Index i = 1; i + 1 < loss.rows(); ++i)
        for (Eigen::Index j = 1; j + 1 < loss.cols(); ++j) {
            const double v = loss(i, j);
            if (!std::isfinite(v))
                continue;
            bool lowest = true;
            for (int di = -1; di <= 1 && lowest; ++di)
                for (int dj = -1; dj <= 1 && lowest; ++dj)
                    if ((di || dj) && loss(i + di, j + dj) <= v)   // NaN compares false: higher
                        lowest = false;
            minima += lowest ? 1 : 0;
        }
    return minima;
}

namespace {

// log10 of the loss with NaN and infinities clamped to the largest finite value, so walls
// the network cannot represent count as the highest ground there is.
Eigen::MatrixXd clampedLog(const Eigen::MatrixXd& loss) {
    double top = -std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < loss.size(); ++i)
        if (std::isfinite(loss.data()[i]))
            top = std::max(top, loss.data()[i]);
    if (!std::isfinite(top))
        top = 1.0;
    Eigen::MatrixXd out(loss.rows(), loss.cols());
    for (Eigen::Index i = 0; i < loss.size(); ++i) {
        const double v = std::isfinite(loss.data()[i]) ? loss.data()[i] : top;
        out.data()[i] = std::log10(std::max(v, 1e-30));
    }
    return out;
}

}  // namespace

double excessVariation(const Eigen::MatrixXd& loss) {
    if (loss.size() == 0)
        return 0.0;
    const Eigen::MatrixXd f = clampedLog(loss);
    double variation = 0.0, valley = 0.0;
    auto line = [&](const Eigen::VectorXd& v) {
        if (v.size() < 2)
            return;
        for (Eigen::Index k = 1; k < v.size(); ++k)
            variation += std::abs(v(k) - v(k - 1));
        valley += (v(0) - v.minCoeff()) + (v(v.size() - 1) - v.minCoeff());
    };
    for (Eigen::Index i = 0; i < f.rows(); ++i)
        line(f.row(i).transpose());
    for (Eigen::Index j = 0; j < f.cols(); ++j)
        line(f.col(j));
    return valley > 0.0 ? variation / valley - 1.0 : 0.0;
}

double risingShare(const Eigen::MatrixXd& loss) {
    if (loss.size() < 2)
        return 0.0;
    const Eigen::MatrixXd f = clampedLog(loss);
    const Eigen::Index ci = f.rows() / 2, cj = f.cols() / 2;
    long long steps = 0, rising = 0;
    for (Eigen::Index i = 0; i < f.rows(); ++i)
        for (Eigen::Index j = 0; j < f.cols(); ++j) {
            // The step that reaches (i, j) from one point nearer the centre, along j and along i.
            if (j != cj) {
                const Eigen::Index from = j > cj ? j - 1 : j + 1;
                ++steps;
                rising += f(i, j) > f(i, from) ? 1 : 0;
            }
            if (i != ci) {
                const Eigen::Index from = i > ci ? i - 1 : i + 1;
                ++steps;
                rising += f(i, j) > f(from, j) ? 1 : 0;
            }
        }
    return steps > 0 ? double(rising) / double(steps) : 0.0;
}

SurfaceStats surfaceStats(const Eigen::MatrixXd& loss) {
    SurfaceStats s;
    s.localMinima = countLocalMinima(loss);
    s.minLoss = std::numeric_limits<double>::infinity();
    s.maxLoss = -s.minLoss;
    for (Eigen::Index i = 0; i < loss.size(); ++i) {
        const double v = loss.data()[i];
        if (!std::isfinite(v)) {
            ++s.nonFinite;
            continue;
        }
        s.minLoss = std::min(s.minLoss, v);
        s.maxLoss = std::max(s.maxLoss, v);
    }
    if (s.nonFinite == loss.size())
        s.minLoss = s.maxLoss = nan();
    s.roughness = excessVariation(loss);
    s.risingShare = risingShare(loss);
    return s;
}

}  // namespace core
