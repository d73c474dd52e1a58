// core/data/image_resample.h: smaller images for faster lessons. Resampling an image set to
// S x S averages each k x k block of pixels (k = H / S), per channel: 28x28 Fashion-MNIST
// becomes 14x14 with k = 2, a quarter of the pixels and of a conv net's work per image.
#pragma once

#include "core/data/dataset.h"

#include <string>

namespace core {

// x: (C*H*W x N) images of `shape`, channel-major; returns (C*(H/k)*(W/k) x N), each output
// pixel the mean of its k x k input block. Needs k >= 1 dividing H and W.
Matrix averageBlocks(const Matrix& x, const Shape& shape, int k);

// Why images of side `side` cannot be resampled to `size` (an empty string when they can):
// "image size 10 does not divide 28 (...); use 28, 14, 7, 4, 2 or 1".
std::string imageSizeProblem(int side, int size);

// Resamples both splits of an image set to size x size (size 0 or the stored size: unchanged).
// Throws DataError when the set holds no images, is not square, or size does not divide its
// side ("fashion-mnist: image size 10 does not divide 28; use 28, 14, 7, 4, 2 or 1").
void resampleImages(Dataset& data, int size);

}  // namespace core
