#include "core/experiments/path_lengths.h"

#include "core/blocks/residual_block.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/random.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace core {

namespace {

constexpr int kMaxSamples = 100000;

void checkRange(int n, int k, int maxN) {
    if (n < 0 || n > maxN || k < 0 || k > n)
        throw std::invalid_argument("C(" + std::to_string(n) + ", " + std::to_string(k) + ") is outside 0 <= k <= n <= " +
                                    std::to_string(maxN));
}

// The next k-subset of {0..n-1} in lexicographic order; false after the last one.
bool nextCombination(std::vector<int>& c, int n) {
    const int k = int(c.size());
    int i = k - 1;
    while (i >= 0 && c[std::size_t(i)] == n - k + i)
        --i;
    if (i < 0)
        return false;
    ++c[std::size_t(i)];
    for (int j = i + 1; j < k; ++j)
        c[std::size_t(j)] = c[std::size_t(j) - 1] + 1;
    return true;
}

// Per-sample gradient norms: column b of dx is dL/dx_b of the batch-mean loss, so B * column
// is the gradient of sample b's own loss. Returns the mean of ||B dx_b|| over the batch.
double meanSampleNorm(const Matrix& dx) {
    const double batch = double(dx.cols());
    return dx.colwise().norm().cast<double>().mean() * batch;
}

struct SavedState {
    bool training = true;
    std::vector<Vector> buffers;
};

SavedState save(Network& net) {
    SavedState s;
    s.training = net.training();
    for (const BufferView& b : net.buffers())
        s.buffers.push_back(b.value);
    return s;
}

void restore(Network& net, const SavedState& s) {
    std::vector<BufferView> buffers = net.buffers();
    for (std::size_t i = 0; i < buffers.size() && i < s.buffers.size(); ++i)
        buffers[i].value = s.buffers[i];
    net.setTraining(s.training);
}

}  // namespace

std::uint64_t binomialExact(int n, int k) {
    checkRange(n, k, kMaxExactPathBlocks);
    k = std::min(k, n - k);
    unsigned __int128 c = 1;
    for (int i = 1; i <= k; ++i)
        c = c * unsigned(n - k + i) / unsigned(i);   // C(n-k+i, i): exact at every step
    return std::uint64_t(c);
}

long double binomial(int n, int k) {
    checkRange(n, k, kMaxPathBlocks);
    if (n <= kMaxExactPathBlocks)
        return static_cast<long double>(binomialExact(n, k));
    k = std::min(k, n - k);
    return std::exp(std::lgamma((long double)n + 1) - std::lgamma((long double)k + 1) -
                    std::lgamma((long double)(n - k) + 1));
}

PathLengthResult pathLengthDistribution(int n) {
    if (n < 0 || n > kMaxPathBlocks)
        throw std::invalid_argument("a network with " + std::to_string(n) + " residual blocks: the path-length "
                                    "distribution is computed for 0 to " + std::to_string(kMaxPathBlocks));
    PathLengthResult result;
    result.blocks = n;
    result.meanPathLength = n / 2.0;
    long double count = 1;   // C(n, 0)
    for (int k = 0; k <= n; ++k) {
        PathLengthRow row;
        row.length = k;
        if (n <= kMaxExactPathBlocks) {
            row.exactCount = binomialExact(n, k);
            row.count = static_cast<long double>(row.exactCount);
        } else {
            // C(n, k+1) = C(n, k) (n - k) / (k + 1): relative error ~k ulp, far below lgamma's.
            row.count = count;
            count = count * (n - k) / (k + 1);
        }
        row.fraction = std::ldexp(row.count, -n);   // a division by 2^n, exact
        row.gradientNorm = row.gradientSpread = std::numeric_limits<double>::quiet_NaN();
        result.rows.push_back(row);
    }
    computeContributions(result, result.effectiveShare);
    return result;
}

void computeContributions(PathLengthResult& r, double share) {
    if (!(share > 0.0 && share <= 1.0))
        throw std::invalid_argument("the effective share must be in (0, 1]");
    r.effectiveShare = share;
    long double total = 0;
    for (PathLengthRow& row : r.rows) {
        const double g = r.measured && std::isfinite(row.gradientNorm) ? row.gradientNorm : r.measured ? 0.0 : 1.0;
        row.contribution = row.count * g;
        total += row.contribution;
    }
    r.meanLength = 0;
    r.peakLength = 0;
    for (PathLengthRow& row : r.rows) {
        row.contributionShare = total > 0 ? double(row.contribution / total) : 0.0;
        r.meanLength += row.length * row.contributionShare;
        if (row.contributionShare > r.rows[std::size_t(r.peakLength)].contributionShare)
            r.peakLength = row.length;
    }
    // Drop whole lengths from each tail while the dropped share stays within (1 - share) / 2.
    const double tail = (1.0 - share) / 2.0 + 1e-12;
    const int n = int(r.rows.size()) - 1;
    int low = 0, high = n;
    double dropped = 0;
    while (low < n && dropped + r.rows[std::size_t(low)].contributionShare <= tail)
        dropped += r.rows[std::size_t(low++)].contributionShare;
    dropped = 0;
    while (high > low && dropped + r.rows[std::size_t(high)].contributionShare <= tail)
        dropped += r.rows[std::size_t(high--)].contributionShare;
    r.effectiveLow = std::max(0, low);
    r.effectiveHigh = std::max(r.effectiveLow, high);
}

std::vector<std::string> checkPathGradientOptions(const PathGradientOptions& o) {
    std::vector<std::string> problems;
    if (o.samples < 1 || o.samples > kMaxSamples)
        problems.push_back("samples is " + std::to_string(o.samples) + "; it must be between 1 and " +
                           std::to_string(kMaxSamples));
    if (o.batch < 2)
        problems.push_back("batch is " + std::to_string(o.batch) + "; it must be at least 2");
    if (!(o.effectiveShare > 0.0 && o.effectiveShare <= 1.0))
        problems.push_back("the effective share must be in (0, 1]");
    return problems;
}

PathLengthResult measurePathLengths(Network& net, const Split& data, const PathGradientOptions& options,
                                    std::stop_token stop,
                                    const std::function<void(const PathGradientProgress&)>& onProgress) {
    const std::vector<std::string> problems = checkPathGradientOptions(options);
    if (!problems.empty())
        throw std::invalid_argument(problems.front());
    std::vector<ResidualBlock*> residual;
    for (std::size_t k = 0; k < net.blockCount(); ++k)
        if (auto* block = dynamic_cast<ResidualBlock*>(&net.block(k)))
            residual.push_back(block);
    if (residual.empty())
        throw std::invalid_argument("the network has no residual block: a plain chain is a single path, "
                                    "there is no distribution of path lengths");
    if (data.features() != net.inputShape().size())
        throw std::invalid_argument("the data has " + std::to_string(data.features()) +
                                    " values per sample but the network expects " +
                                    std::to_string(net.inputShape().size()));
    const Eigen::Index batch = std::min<Eigen::Index>(options.batch, data.size());
    if (batch < 2)
        throw std::invalid_argument("the path gradients need at least 2 samples; the split has " +
                                    std::to_string(data.size()));
    for (const ResidualBlock* block : residual)
        if (block->bypassed())
            throw std::invalid_argument("a block is removed (bypassed); put it back before measuring paths");

    const int n = int(residual.size());
    PathLengthResult result = pathLengthDistribution(n);
    result.samples = options.samples;
    const SavedState saved = save(net);

    // One forward pass on real data, and the loss gradient at the last block's output.
    net.setTraining(options.batchStatistics);
    SoftmaxCrossEntropy loss;
    loss.forward(net.forward(data.columns(0, batch)), data.y.head(batch));
    const Matrix dTop = net.head().backprop(loss.backward());

    // The gradient at the first block's input along one path: k blocks through their branch,
    // the others through their skip only.
    auto pathGradient = [&](const std::vector<int>& throughBranch) {
        std::vector<bool> branch(std::size_t(n), false);
        for (int i : throughBranch)
            branch[std::size_t(i)] = true;
        for (int i = 0; i < n; ++i)
            residual[std::size_t(i)]->setGradientRoute(branch[std::size_t(i)]
                                                           ? ResidualBlock::GradientRoute::BranchOnly
                                                           : ResidualBlock::GradientRoute::ShortcutOnly);
        Matrix d = dTop;
        for (std::size_t k = net.blockCount(); k-- > 0;)
            d = net.block(k).backprop(d);
        return meanSampleNorm(d);
    };

    PathGradientProgress progress;
    for (const PathLengthRow& row : result.rows)
        progress.total += row.count <= options.samples ? int(row.count) : options.samples;
    Rng rng(Rng::derive(options.seed, 7));
    bool stopped = false;
    for (PathLengthRow& row : result.rows) {
        const int k = row.length;
        std::vector<double> norms;
        if (row.count <= options.samples) {
            // Few paths of this length: measure every one of them.
            std::vector<int> subset(static_cast<std::size_t>(k));
            for (int i = 0; i < k; ++i)
                subset[std::size_t(i)] = i;
            do {
                norms.push_back(pathGradient(subset));
                ++progress.done;
                if (onProgress)
                    onProgress(progress);
            } while (nextCombination(subset, n) && !(stopped = stop.stop_requested()));
        } else {
            std::vector<int> pool(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i)
                pool[std::size_t(i)] = i;
            for (int s = 0; s < options.samples && !(stopped = stop.stop_requested()); ++s) {
                for (int i = 0; i < k; ++i)
                    std::swap(pool[std::size_t(i)], pool[std::size_t(i) + rng.below(std::uint64_t(n - i))]);
                norms.push_back(pathGradient(std::vector<int>(pool.begin(), pool.begin() + k)));
                ++progress.done;
                if (onProgress)
                    onProgress(progress);
            }
        }
        if (!norms.empty()) {
            double sum = 0, squares = 0;
            for (double v : norms)
                sum += v;
            const double mean = sum / double(norms.size());
            for (double v : norms)
                squares += (v - mean) * (v - mean);
            row.gradientNorm = mean;
            row.gradientSpread = std::sqrt(squares / double(norms.size()));
            row.pathsSampled = int(norms.size());
        }
        if (stopped)
            break;
    }

    for (ResidualBlock* block : residual)
        block->setGradientRoute(ResidualBlock::GradientRoute::Both);
    net.zeroGrad();
    restore(net, saved);
    result.measured = true;
    computeContributions(result, options.effectiveShare);
    return result;
}

UnraveledGraph unravel(int n) {
    if (n < 0 || n > kMaxUnraveledBlocks)
        throw std::invalid_argument("the unraveled view enumerates 0 to " + std::to_string(kMaxUnraveledBlocks) +
                                    " blocks (" + std::to_string(1 << kMaxUnraveledBlocks) + " paths); got " +
                                    std::to_string(n));
    UnraveledGraph graph;
    graph.blocks = n;
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
        UnraveledPath path;
        path.mask = mask;
        path.length = std::popcount(mask);
        path.label = "x";
        for (int i = 0; i < n; ++i) {
            const bool branch = (mask >> i) & 1u;
            path.throughBranch.push_back(branch);
            if (branch)
                path.label += " → f" + std::to_string(i + 1);
        }
        path.label += " → y";
        graph.paths.push_back(std::move(path));
    }
    std::stable_sort(graph.paths.begin(), graph.paths.end(),
                     [](const UnraveledPath& a, const UnraveledPath& b) { return a.length < b.length; });
    for (int k = 0; k <= n; ++k)
        graph.pathsByLength.push_back(int(binomialExact(n, k)));
    graph.expansion = "y" + std::to_string(n) + " =";
    for (int i = n; i >= 1; --i)
        graph.expansion += std::string(" (1 + f") + std::to_string(i) + ")" + (i > 1 ? " ∘" : "");
    graph.expansion += n == 0 ? " y0" : " (y0)";
    return graph;
}

}  // namespace core
