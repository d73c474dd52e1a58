#include "core/data/synthetic_2d.h"

#include "core/data/preprocess.h"
#include "core/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

namespace core {

namespace {

constexpr int kMinSize = 4;
constexpr int kMaxSize = 10'000'000;
constexpr double kMaxTestFraction = 0.9;
constexpr int kMinClasses = 2;
constexpr int kMaxClasses = 64;
constexpr double kMaxTurns = 20.0;
constexpr double kMaxNoise = 10.0;
constexpr int kMinCells = 2;
constexpr int kMaxCells = 64;

// Independent random streams of one seed: the points, and the train/test shuffle.
constexpr std::uint64_t kPointsStream = 0x706f696e7473;  // "points"
constexpr std::uint64_t kSplitStream = 0x73706c6974;     // "split"

constexpr double kPi = std::numbers::pi;

[[noreturn]] void fail(const std::string& message) {
    throw DataError("synthetic 2-D data: " + message);
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool hasClassesOption(const std::string& kind) {
    return kind == "spiral" || kind == "circles" || kind == "gaussians";
}

int classesOf(const Synthetic2dOptions& o) {
    return hasClassesOption(o.kind) ? o.classes : 2;
}

// The points of one generator, in class order: x (2 x N), y (N).
struct Points {
    Split all;
    std::vector<std::string> classNames;
};

// How many of `size` points class k of K gets: size / K, plus one for the first size % K
// classes, so the classes are balanced to within one point and the total is exactly size.
int classCount(int size, int classes, int k) {
    return size / classes + (k < size % classes ? 1 : 0);
}

// Calls emit(k, i, m) for point i of m in class k, for every point in class order.
template <class Emit>
void forEachPoint(int size, int classes, Emit emit) {
    for (int k = 0; k < classes; ++k) {
        const int m = classCount(size, classes, k);
        for (int i = 0; i < m; ++i)
            emit(k, i, m);
    }
}

// linspace(lo, hi, m)[i], as numpy: lo when m == 1.
double linspace(double lo, double hi, int m, int i) {
    return m <= 1 ? lo : lo + (hi - lo) * double(i) / double(m - 1);
}

Points spiral(const Synthetic2dOptions& o, Rng& rng) {
    // The reference (shared/bench/toy.py): for class k of K with m points,
    // r = linspace(0.05, 1, m), t = 2 pi (turns r + k / K) + N(0, 1) noise, x = (r sin t, r cos t).
    const int K = o.classes;
    Points p;
    p.all.x.resize(2, o.size);
    p.all.y.resize(o.size);
    Eigen::Index j = 0;
    forEachPoint(o.size, K, [&](int k, int i, int m) {
        const double r = linspace(0.05, 1.0, m, i);
        const double t = 2.0 * kPi * (o.turns * r + double(k) / K) + rng.normal() * o.noise;
        p.all.x(0, j) = float(r * std::sin(t));
        p.all.x(1, j) = float(r * std::cos(t));
        p.all.y(j++) = k;
    });
    for (int k = 0; k < K; ++k)
        p.classNames.push_back("arm " + std::to_string(k + 1));
    return p;
}

Points circles(const Synthetic2dOptions& o, Rng& rng) {
    // Class k lies on the ring of radius (k + 1) / K, jittered radially.
    const int K = o.classes;
    Points p;
    p.all.x.resize(2, o.size);
    p.all.y.resize(o.size);
    Eigen::Index j = 0;
    forEachPoint(o.size, K, [&](int k, int, int) {
        const double r = double(k + 1) / K + rng.normal() * 0.4 * o.noise;
        const double t = rng.uniform(0.0, 2.0 * kPi);
        p.all.x(0, j) = float(r * std::cos(t));
        p.all.x(1, j) = float(r * std::sin(t));
        p.all.y(j++) = k;
    });
    for (int k = 0; k < K; ++k)
        p.classNames.push_back("ring " + std::to_string(k + 1));
    return p;
}

Points gaussians(const Synthetic2dOptions& o, Rng& rng) {
    // Class k is an isotropic Gaussian blob centred at angle 2 pi k / K on the unit circle.
    const int K = o.classes;
    const double sd = 2.0 * o.noise;
    Points p;
    p.all.x.resize(2, o.size);
    p.all.y.resize(o.size);
    Eigen::Index j = 0;
    forEachPoint(o.size, K, [&](int k, int, int) {
        const double a = 2.0 * kPi * k / K;
        p.all.x(0, j) = float(std::cos(a) + rng.normal() * sd);
        p.all.x(1, j) = float(std::sin(a) + rng.normal() * sd);
        p.all.y(j++) = k;
    });
    for (int k = 0; k < K; ++k)
        p.classNames.push_back("blob " + std::to_string(k + 1));
    return p;
}

Points moons(const Synthetic2dOptions& o, Rng& rng) {
    // scikit-learn's make_moons: the upper half circle (cos t, sin t) and the lower one shifted
    // to (1 - cos t, 1/2 - sin t), t = linspace(0, pi, m), interleaved like two hooks.
    Points p;
    p.all.x.resize(2, o.size);
    p.all.y.resize(o.size);
    Eigen::Index j = 0;
    forEachPoint(o.size, 2, [&](int k, int i, int m) {
        const double t = linspace(0.0, kPi, m, i);
        const double x = k == 0 ? std::cos(t) : 1.0 - std::cos(t);
        const double y = k == 0 ? std::sin(t) : 0.5 - std::sin(t);
        p.all.x(0, j) = float(x + rng.normal() * o.noise);
        p.all.x(1, j) = float(y + rng.normal() * o.noise);
        p.all.y(j++) = k;
    });
    p.classNames = {"upper moon", "lower moon"};
    return p;
}

Points checkerboard(const Synthetic2dOptions& o, int cells, Rng& rng) {
    // [-1, 1]^2 cut into cells x cells squares; a point's class is the parity of its cell
    // (column + row) % 2. Each point first picks a cell of its class's colour, then a uniform
    // position in it, so the classes stay balanced; the jitter comes after the label.
    std::vector<std::pair<int, int>> cellsOf[2];
    for (int row = 0; row < cells; ++row)
        for (int col = 0; col < cells; ++col)
            cellsOf[(row + col) % 2].push_back({col, row});
    const double width = 2.0 / cells;
    const double sd = o.noise / cells;
    Points p;
    p.all.x.resize(2, o.size);
    p.all.y.resize(o.size);
    Eigen::Index j = 0;
    forEachPoint(o.size, 2, [&](int k, int, int) {
        const auto& choices = cellsOf[k];
        const auto [col, row] = choices[std::size_t(rng.below(choices.size()))];
        const double x = -1.0 + (col + rng.uniform()) * width;
        const double y = -1.0 + (row + rng.uniform()) * width;
        p.all.x(0, j) = float(x + rng.normal() * sd);
        p.all.x(1, j) = float(y + rng.normal() * sd);
        p.all.y(j++) = k;
    });
    if (cells == 2)
        p.classNames = {"x*y > 0", "x*y < 0"};
    else
        p.classNames = {"even cell", "odd cell"};
    return p;
}

Points generate(const Synthetic2dOptions& o, Rng& rng) {
    if (o.kind == "spiral")
        return spiral(o, rng);
    if (o.kind == "circles")
        return circles(o, rng);
    if (o.kind == "gaussians")
        return gaussians(o, rng);
    if (o.kind == "moons")
        return moons(o, rng);
    if (o.kind == "xor")
        return checkerboard(o, 2, rng);
    return checkerboard(o, o.cells, rng);
}

}  // namespace

const std::vector<std::string>& synthetic2dKinds() {
    static const std::vector<std::string> kinds = {"spiral", "circles",   "xor",
                                                   "gaussians", "moons", "checkerboard"};
    return kinds;
}

void validate(const Synthetic2dOptions& o) {
    const auto& kinds = synthetic2dKinds();
    if (std::find(kinds.begin(), kinds.end(), o.kind) == kinds.end())
        fail("unknown kind '" + o.kind + "'; known kinds: " + joined(kinds));
    if (o.size < kMinSize || o.size > kMaxSize)
        fail("size must be in " + std::to_string(kMinSize) + ".." + std::to_string(kMaxSize) +
             ", got " + std::to_string(o.size));
    if (!(o.testFraction >= 0.0 && o.testFraction <= kMaxTestFraction)) {
        std::ostringstream s;
        s << "testFraction must be in [0, " << kMaxTestFraction << "], got " << o.testFraction;
        fail(s.str());
    }
    if (hasClassesOption(o.kind)) {
        if (o.classes < kMinClasses || o.classes > kMaxClasses)
            fail("classes must be in " + std::to_string(kMinClasses) + ".." +
                 std::to_string(kMaxClasses) + " for " + o.kind + ", got " +
                 std::to_string(o.classes));
        if (o.size < o.classes)
            fail("size " + std::to_string(o.size) + " is smaller than classes " +
                 std::to_string(o.classes) + ": every class needs at least one point");
    }
    if (!(std::isfinite(o.noise) && o.noise >= 0.0 && o.noise <= kMaxNoise)) {
        std::ostringstream s;
        s << "noise must be a finite number in [0, " << kMaxNoise << "], got " << o.noise;
        fail(s.str());
    }
    if (o.kind == "spiral" && !(std::isfinite(o.turns) && o.turns >= 0.0 && o.turns <= kMaxTurns)) {
        std::ostringstream s;
        s << "turns must be a finite number in [0, " << kMaxTurns << "], got " << o.turns;
        fail(s.str());
    }
    if (o.kind == "checkerboard" && (o.cells < kMinCells || o.cells > kMaxCells))
        fail("cells must be in " + std::to_string(kMinCells) + ".." + std::to_string(kMaxCells) +
             ", got " + std::to_string(o.cells));
}

Dataset makeSynthetic2d(const Synthetic2dOptions& options) {
    validate(options);
    Rng rng(Rng::derive(options.seed, kPointsStream));
    Points points = generate(options, rng);

    Dataset data;
    data.name = options.kind;
    data.shape = Shape::vector(2);
    data.classes = classesOf(options);
    data.classNames = std::move(points.classNames);
    splitTrainTest(points.all, options.testFraction, Rng::derive(options.seed, kSplitStream), data);
    // Standardise with the training statistics only: the test points must not leak into the
    // transform the network is trained under.
    normalize(data);
    return data;
}

}  // namespace core
