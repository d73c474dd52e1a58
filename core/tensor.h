// core/tensor.h: the engine's data layout.
// Data is features x batch, one column per sample (He et al. figures read left to right, our
// matrices read top to bottom). An image column holds C x H x W values, channel-major:
// index (c * H + h) * W + w. Shape metadata lives beside the matrix in a Shape, never inside it.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <string>

namespace core {

using Matrix = Eigen::MatrixXf;   // (D x B)
using Vector = Eigen::VectorXf;
using Labels = Eigen::VectorXi;   // (B), class index per sample

// The shape of one sample. A vector of D features is {D, 1, 1, spatial = false};
// an image is {C, H, W, spatial = true}.
struct Shape {
    int channels = 0;
    int height = 1;
    int width = 1;
    bool spatial = false;

    static Shape vector(int features) { return {features, 1, 1, false}; }
    static Shape image(int c, int h, int w) { return {c, h, w, true}; }

    std::int64_t size() const { return std::int64_t(channels) * height * width; }
    int pixels() const { return height * width; }
    // "32" for a vector, "16x32x32" for an image (C x H x W).
    std::string str() const;

    bool operator==(const Shape&) const = default;
};

// What probes read of a matrix: mean and standard deviation of its values, its per-sample norm
// ||M||_F / sqrt(columns), and the share of its values equal to 0 (-1 when not counted).
struct Moments {
    float mean = 0, stddev = 0, norm = 0, zeroFraction = -1;
};
// One pass: float sums over chunks of 4096 values (Eigen's vectorised reductions), added up in
// double. Zeros are counted when asked. An empty matrix gives zeros (and -1).
Moments momentsOf(const Matrix& m, bool countZeros = false);

}  // namespace core
