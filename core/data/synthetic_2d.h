// core/data/synthetic_2d.h: seeded 2-D classification sets generated in code (spiral, circles,
// xor, gaussians, moons, checkerboard), the data of the depth-sweep lessons. Each sample is a
// point (2 x 1 column); the points are standardised per coordinate with the statistics of the
// training split, and the same options and seed always give the same data.
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace core {

struct Synthetic2dOptions {
    std::string kind = "spiral";   // one of synthetic2dKinds()
    int size = 2000;               // total points, train + test (4..10,000,000)
    double testFraction = 0.25;    // in [0, 0.9]; the test split gets floor(size * testFraction)
    int classes = 3;               // spiral arms, circles rings, gaussian blobs (2..64);
                                   // moons, xor and checkerboard always have 2
    double turns = 2.0;            // spiral: turns of each arm (0..20)
    // Gaussian jitter, 0 = clean (0..10). What it perturbs, at the default 0.1:
    //   spiral: the angle, in radians (the reference t += N(0,1) * noise);
    //   circles: the radius, std 0.4 * noise (rings at radius (k+1)/K);
    //   gaussians: the blob std, 2 * noise (blob centres on the unit circle);
    //   moons: each coordinate, std noise (as scikit-learn's make_moons);
    //   xor, checkerboard: each coordinate, std noise / cells (points drawn in [-1, 1]^2).
    double noise = 0.1;
    int cells = 4;                 // checkerboard: cells per side (2..64); xor is cells = 2
    std::uint64_t seed = 0;
};

// "spiral", "circles", "xor", "gaussians", "moons", "checkerboard".
const std::vector<std::string>& synthetic2dKinds();

// Throws DataError naming the field and its limit when an option is out of range.
void validate(const Synthetic2dOptions& options);

// The data set described by options: shape {2}, classes balanced to within one point,
// train/test split by a shuffle drawn from options.seed. Throws DataError on invalid options.
Dataset makeSynthetic2d(const Synthetic2dOptions& options);

}  // namespace core
