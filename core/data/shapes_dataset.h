// core/data/shapes_dataset.h: a synthetic image set generated in code, so the image lessons work
// with nothing downloaded. Each sample is one 1 x 16 x 16 grey image (a 256-value column, pixels
// in [0, 1]) of a drawn shape: bars, diagonals, a square outline, a disc, a cross or a ring, with
// random position, size, thickness, tilt, contrast and pixel noise. A small conv net learns it;
// a linear classifier does not do it perfectly.
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace core {

inline constexpr int kShapesSide = 16;
inline constexpr int kShapesMaxClasses = 8;

// "horizontal bar", "vertical bar", "diagonal" (\), "anti-diagonal" (/), "square", "disc",
// "cross", "ring": class k is the k-th name.
const std::vector<std::string>& shapeClassNames();

// `size` images (4..1,000,000) of the first `classes` shapes (2..8), balanced to within one
// image; the test split gets floor(size * testFraction) (testFraction in [0, 0.9]) after a
// shuffle drawn from the seed. Throws DataError naming the field and its limit.
Dataset makeShapes(int size, double testFraction, std::uint64_t seed,
                   int classes = kShapesMaxClasses);

}  // namespace core
