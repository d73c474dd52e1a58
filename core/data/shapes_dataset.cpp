#include "core/data/shapes_dataset.h"

#include "core/data/preprocess.h"
#include "core/random.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <sstream>

namespace core {

namespace {

constexpr int kMinSize = 4;
constexpr int kMaxSize = 1'000'000;
constexpr double kMaxTestFraction = 0.9;

constexpr std::uint64_t kImagesStream = 0x736861706573;  // "shapes"
constexpr std::uint64_t kSplitStream = 0x73706c6974;     // "split"

constexpr double kPi = std::numbers::pi;
constexpr double kCentre = kShapesSide / 2.0;

struct Point {
    double x;
    double y;
};

// Distance from p to the segment a-b.
double segmentDistance(Point p, Point a, Point b) {
    const double vx = b.x - a.x, vy = b.y - a.y;
    const double wx = p.x - a.x, wy = p.y - a.y;
    const double t = std::clamp((wx * vx + wy * vy) / (vx * vx + vy * vy), 0.0, 1.0);
    return std::hypot(wx - t * vx, wy - t * vy);
}

// One random instance of class k, drawn from its signed distance (pixels; negative inside,
// positive outside), with its half extent around the centre, which bounds how far the centre
// may move without the shape leaving the image.
struct Drawing {
    std::function<double(Point, Point)> sd;  // (pixel, centre) -> signed distance
    double extent;
};

// A stroke of the given thickness through the centre at angle a with half-length h.
Drawing stroke(double a, double h, double thickness) {
    const double dx = std::cos(a) * h, dy = std::sin(a) * h;
    return {[=](Point p, Point c) {
                return segmentDistance(p, {c.x - dx, c.y - dy}, {c.x + dx, c.y + dy}) -
                       thickness / 2;
            },
            std::max(std::abs(dx), std::abs(dy)) + thickness / 2};
}

Drawing drawing(int k, Rng& rng) {
    const double tilt = rng.uniform(-0.15, 0.15);  // radians: no shape is perfectly axis aligned
    // A stroke's thickness is drawn before its half-length. The order is spelled out (it once
    // hid in a call's argument list, where C++ leaves it unspecified) so that every compiler
    // and the exported PyTorch script (core/export) draw the same images from a seed.
    auto strokeAt = [&](double angle, double minHalf, double maxHalf, double minThick, double maxThick) {
        const double thickness = rng.uniform(minThick, maxThick);
        const double half = rng.uniform(minHalf, maxHalf);
        return stroke(angle, half, thickness);
    };
    switch (k) {
    case 0:  // horizontal bar
        return strokeAt(tilt, 3.0, 6.5, 1.2, 3.0);
    case 1:  // vertical bar
        return strokeAt(kPi / 2 + tilt, 3.0, 6.5, 1.2, 3.0);
    case 2:  // diagonal "\": image rows grow downwards, so +45 degrees
        return strokeAt(kPi / 4 + tilt, 3.5, 7.0, 1.2, 2.5);
    case 3:  // anti-diagonal "/"
        return strokeAt(-kPi / 4 + tilt, 3.5, 7.0, 1.2, 2.5);
    case 4: {  // square outline
        const double s = rng.uniform(3.0, 6.0), t = rng.uniform(1.0, 2.0);
        return {[=](Point p, Point c) {
                    return std::abs(std::max(std::abs(p.x - c.x), std::abs(p.y - c.y)) - s) - t / 2;
                },
                s + t / 2};
    }
    case 5: {  // filled disc
        const double r = rng.uniform(2.5, 5.5);
        return {[=](Point p, Point c) { return std::hypot(p.x - c.x, p.y - c.y) - r; }, r};
    }
    case 6: {  // cross: two perpendicular strokes
        const double h = rng.uniform(3.0, 6.0), t = rng.uniform(1.2, 2.5);
        const Drawing a = stroke(tilt, h, t), b = stroke(kPi / 2 + tilt, h, t);
        return {[=](Point p, Point c) { return std::min(a.sd(p, c), b.sd(p, c)); },
                std::max(a.extent, b.extent)};
    }
    default: {  // ring: hole radius at least 2.5 px, so it never fills into a disc
        const double r = rng.uniform(3.5, 6.0), t = rng.uniform(1.0, 2.0);
        return {[=](Point p, Point c) { return std::abs(std::hypot(p.x - c.x, p.y - c.y) - r) - t / 2; },
                r + t / 2};
    }
    }
}

// One image of class k into `column` (256 values, row-major 16 x 16).
void render(int k, Rng& rng, Eigen::Ref<Vector> column) {
    const Drawing d = drawing(k, rng);
    const double room = std::max(0.0, kCentre - 0.5 - d.extent);
    const Point centre{kCentre + rng.uniform(-room, room), kCentre + rng.uniform(-room, room)};
    const double background = rng.uniform(0.0, 0.2);
    const double ink = rng.uniform(0.55, 1.0);
    const double noise = rng.uniform(0.05, 0.15);
    for (int row = 0; row < kShapesSide; ++row)
        for (int col = 0; col < kShapesSide; ++col) {
            // Anti-aliased coverage: 1 well inside, 0 well outside, linear across the edge pixel.
            const double sd = d.sd({col + 0.5, row + 0.5}, centre);
            const double coverage = std::clamp(0.5 - sd, 0.0, 1.0);
            const double v = background + coverage * (ink - background) + rng.normal() * noise;
            column(row * kShapesSide + col) = float(std::clamp(v, 0.0, 1.0));
        }
}

[[noreturn]] void fail(const std::string& message) {
    throw DataError("shapes data: " + message);
}

}  // namespace

const std::vector<std::string>& shapeClassNames() {
    static const std::vector<std::string> names = {"horizontal bar", "vertical bar", "diagonal",
                                                   "anti-diagonal",  "square",       "disc",
                                                   "cross",          "ring"};
    return names;
}

Dataset makeShapes(int size, double testFraction, std::uint64_t seed, int classes) {
    if (size < kMinSize || size > kMaxSize)
        fail("size must be in " + std::to_string(kMinSize) + ".." + std::to_string(kMaxSize) +
             ", got " + std::to_string(size));
    if (!(testFraction >= 0.0 && testFraction <= kMaxTestFraction)) {
        std::ostringstream s;
        s << "testFraction must be in [0, " << kMaxTestFraction << "], got " << testFraction;
        fail(s.str());
    }
    if (classes < 2 || classes > kShapesMaxClasses)
        fail("classes must be in 2.." + std::to_string(kShapesMaxClasses) + ", got " +
             std::to_string(classes));

    Split all;
    all.x.resize(kShapesSide * kShapesSide, size);
    all.y.resize(size);
    Rng rng(Rng::derive(seed, kImagesStream));
    for (int i = 0; i < size; ++i) {
        const int k = i % classes;
        render(k, rng, all.x.col(i));
        all.y(i) = k;
    }

    Dataset data;
    data.name = "shapes";
    data.shape = Shape::image(1, kShapesSide, kShapesSide);
    data.classes = classes;
    data.classNames.assign(shapeClassNames().begin(), shapeClassNames().begin() + classes);
    splitTrainTest(all, testFraction, Rng::derive(seed, kSplitStream), data);
    return data;
}

}  // namespace core
