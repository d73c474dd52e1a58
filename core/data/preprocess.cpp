#include "core/data/preprocess.h"

#include "core/check.h"
#include "core/random.h"

#include <cmath>
#include <utility>

namespace core {

namespace {

// A feature vector is D groups of one row; an image is C groups of H*W rows (channel-major),
// so both cases are "statistics per group of consecutive rows".
struct Groups {
    Eigen::Index count;
    Eigen::Index rows;
};

Groups groupsOf(const Shape& shape) {
    if (shape.spatial)
        return {shape.channels, shape.pixels()};
    return {Eigen::Index(shape.size()), 1};
}

// Below this the training data is treated as constant and left unscaled.
constexpr double kMinStddev = 1e-8;

}  // namespace

namespace {

// The statistics of N columns, column(j) giving a pointer to column j's D floats.
template <class Column>
Normalization fitColumns(Eigen::Index rows, Eigen::Index cols, const Shape& shape, Column&& column) {
    const Groups g = groupsOf(shape);
    CORE_EXPECTS(rows == g.count * g.rows);

    Normalization n;
    n.shape = shape;
    n.mean = Vector::Zero(g.count);
    n.stddev = Vector::Ones(g.count);
    const double count = double(cols) * double(g.rows);
    if (cols == 0)
        return n;

    // Two passes (mean, then squared deviations): stable where E[x^2] - E[x]^2 is not.
    // Each column's group is summed in float (at most H*W values), the columns in double.
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(g.count);
    for (Eigen::Index j = 0; j < cols; ++j) {
        const Eigen::Map<const Vector> x(column(j), rows);
        for (Eigen::Index c = 0; c < g.count; ++c)
            sum(c) += double(x.segment(c * g.rows, g.rows).sum());
    }
    const Eigen::VectorXd mean = sum / count;

    Eigen::VectorXd squares = Eigen::VectorXd::Zero(g.count);
    for (Eigen::Index j = 0; j < cols; ++j) {
        const Eigen::Map<const Vector> x(column(j), rows);
        for (Eigen::Index c = 0; c < g.count; ++c) {
            const float m = float(mean(c));
            squares(c) += double((x.segment(c * g.rows, g.rows).array() - m).square().sum());
        }
    }

    for (Eigen::Index c = 0; c < g.count; ++c) {
        const double sd = std::sqrt(squares(c) / count);
        n.mean(c) = float(mean(c));
        n.stddev(c) = sd > kMinStddev ? float(sd) : 1.0f;
    }
    return n;
}

}  // namespace

Normalization fitNormalization(const Matrix& x, const Shape& shape) {
    return fitColumns(x.rows(), x.cols(), shape, [&](Eigen::Index j) { return x.col(j).data(); });
}

Normalization fitNormalization(const Split& split, const Shape& shape) {
    if (!split.holdsBytes())
        return fitNormalization(split.x, shape);
    // One decoded column at a time (an aligned vector, like a column of the float matrix, so
    // the sums group their terms the same way).
    Vector column(split.features());
    return fitColumns(split.features(), split.size(), shape, [&](Eigen::Index j) {
        column = split.columns(j, 1);
        return column.data();
    });
}

void Normalization::apply(Split& split) const {
    if (!split.holdsBytes()) {
        if (split.x.size() > 0)
            apply(split.x);
        return;
    }
    const Groups g = groupsOf(shape);
    CORE_EXPECTS(mean.size() == g.count && split.features() == g.count * g.rows);
    CORE_EXPECTS_MSG(split.bytes.mean.size() == 0, "the bytes are standardised already");
    split.bytes.groupRows = g.rows;
    split.bytes.mean = mean;
    split.bytes.stddev = stddev;
}

void Normalization::apply(Matrix& x) const {
    const Groups g = groupsOf(shape);
    CORE_EXPECTS(mean.size() == g.count && stddev.size() == g.count);
    CORE_EXPECTS(x.rows() == g.count * g.rows);
    for (Eigen::Index c = 0; c < g.count; ++c) {
        auto rows = x.middleRows(c * g.rows, g.rows).array();
        rows = (rows - mean(c)) / stddev(c);
    }
}

Normalization normalize(Dataset& data) {
    Normalization n = fitNormalization(data.train, data.shape);
    n.apply(data.train);
    n.apply(data.test);
    return n;
}

namespace {

void keepFirst(Split& split, Eigen::Index max) {
    if (max <= 0 || max >= split.size())
        return;
    if (split.holdsBytes())
        split.bytes.values.conservativeResize(Eigen::NoChange, max);
    else
        split.x.conservativeResize(Eigen::NoChange, max);
    split.y.conservativeResize(max);
}

}  // namespace

void takeSubset(Dataset& data, Eigen::Index maxTrain, Eigen::Index maxTest) {
    keepFirst(data.train, maxTrain);
    keepFirst(data.test, maxTest);
}

std::vector<Eigen::Index> shuffledIndices(Eigen::Index n, std::uint64_t seed) {
    CORE_EXPECTS(n >= 0);
    std::vector<Eigen::Index> idx(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i)
        idx[std::size_t(i)] = i;
    // Fisher-Yates (Knuth, TAOCP vol. 2, algorithm P): swap each position with a uniformly
    // chosen one at or before it, so every permutation is equally likely.
    Rng rng(seed);
    for (Eigen::Index i = n - 1; i > 0; --i) {
        const auto j = Eigen::Index(rng.below(std::uint64_t(i) + 1));
        std::swap(idx[std::size_t(i)], idx[std::size_t(j)]);
    }
    return idx;
}

Eigen::Index testCount(Eigen::Index n, double testFraction) {
    CORE_EXPECTS(testFraction >= 0.0 && testFraction < 1.0);
    return Eigen::Index(std::floor(double(n) * testFraction));
}

void splitTrainTest(const Split& all, double testFraction, std::uint64_t seed, Dataset& data) {
    CORE_EXPECTS(all.y.size() == all.size());
    const Eigen::Index n = all.size();
    const Eigen::Index nTest = testCount(n, testFraction);
    const std::vector<Eigen::Index> order = shuffledIndices(n, seed);
    const std::span<const Eigen::Index> trainIdx(order.data(), std::size_t(n - nTest));
    const std::span<const Eigen::Index> testIdx(order.data() + (n - nTest), std::size_t(nTest));
    const auto take = [&](std::span<const Eigen::Index> idx, Split& part) {
        part.y = gatherLabels(all.y, idx);
        if (!all.holdsBytes()) {
            part.x = gatherColumns(all.x, idx);
            return;
        }
        part.bytes = ImageBytes{{}, all.bytes.groupRows, all.bytes.mean, all.bytes.stddev};
        part.bytes.values.resize(all.features(), Eigen::Index(idx.size()));
        for (std::size_t j = 0; j < idx.size(); ++j)
            part.bytes.values.col(Eigen::Index(j)) = all.bytes.values.col(idx[j]);
    };
    take(trainIdx, data.train);
    take(testIdx, data.test);
}

Matrix gatherColumns(const Matrix& x, std::span<const Eigen::Index> idx) {
    Matrix out;
    gatherColumns(x, idx, out);
    return out;
}

void gatherColumns(const Matrix& x, std::span<const Eigen::Index> idx, Matrix& out) {
    const auto b = Eigen::Index(idx.size());
    if (out.rows() != x.rows() || out.cols() != b)
        out.resize(x.rows(), b);
    for (Eigen::Index j = 0; j < b; ++j) {
        const Eigen::Index src = idx[std::size_t(j)];
        CORE_EXPECTS(src >= 0 && src < x.cols());
        out.col(j) = x.col(src);
    }
}

Labels gatherLabels(const Labels& y, std::span<const Eigen::Index> idx) {
    Labels out;
    gatherLabels(y, idx, out);
    return out;
}

void gatherLabels(const Labels& y, std::span<const Eigen::Index> idx, Labels& out) {
    const auto b = Eigen::Index(idx.size());
    if (out.size() != b)
        out.resize(b);
    for (Eigen::Index j = 0; j < b; ++j) {
        const Eigen::Index src = idx[std::size_t(j)];
        CORE_EXPECTS(src >= 0 && src < y.size());
        out(j) = y(src);
    }
}

}  // namespace core
