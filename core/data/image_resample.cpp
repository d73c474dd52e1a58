#include "core/data/image_resample.h"

#include "core/check.h"

#include <string>

namespace core {

Matrix averageBlocks(const Matrix& x, const Shape& shape, int k) {
    CORE_EXPECTS(shape.spatial && k >= 1 && shape.height % k == 0 && shape.width % k == 0);
    CORE_EXPECTS(x.rows() == shape.size());
    const int h = shape.height / k, w = shape.width / k;
    const Eigen::Index outPixels = Eigen::Index(h) * w;
    Matrix out = Matrix::Zero(Eigen::Index(shape.channels) * outPixels, x.cols());
    const float scale = 1.0f / float(k * k);
    for (Eigen::Index n = 0; n < x.cols(); ++n)
        for (int c = 0; c < shape.channels; ++c) {
            const float* in = x.col(n).data() + Eigen::Index(c) * shape.pixels();
            float* o = out.col(n).data() + Eigen::Index(c) * outPixels;
            for (int row = 0; row < shape.height; ++row)
                for (int col = 0; col < shape.width; ++col)
                    o[(row / k) * w + col / k] += in[row * shape.width + col];
        }
    out *= scale;
    return out;
}

std::string imageSizeProblem(int side, int size) {
    if (size >= 1 && size <= side && side % size == 0)
        return {};
    std::string sizes;
    for (int d = side; d >= 1; --d)
        if (side % d == 0)
            sizes += (sizes.empty() ? "" : d == 1 ? " or " : ", ") + std::to_string(d);
    return "image size " + std::to_string(size) + " does not divide " + std::to_string(side) +
           " (images are resampled by averaging blocks of pixels); use " + sizes;
}

void resampleImages(Dataset& data, int size) {
    const Shape& s = data.shape;
    if (size == 0 || (s.spatial && size == s.height && size == s.width))
        return;
    if (!s.spatial)
        throw DataError(data.name + ": image size " + std::to_string(size) + " applies to image sets only; " +
                        data.name + " has vectors of " + std::to_string(s.size()) + " values");
    if (s.height != s.width)
        throw DataError(data.name + ": image size " + std::to_string(size) + ": the images are " + s.str() +
                        ", not square");
    if (const std::string problem = imageSizeProblem(s.height, size); !problem.empty())
        throw DataError(data.name + ": " + problem);
    const int k = s.height / size;
    // Averages are no longer bytes: a split held as bytes becomes (smaller) floats.
    for (Split* split : {&data.train, &data.test}) {
        if (split->holdsBytes()) {
            split->x = averageBlocks(split->columns(0, split->size()), s, k);
            split->bytes = ImageBytes{};
        } else {
            split->x = averageBlocks(split->x, s, k);
        }
    }
    data.shape = Shape::image(s.channels, size, size);
}

}  // namespace core
