#include "core/tensor.h"

#include <algorithm>
#include <cmath>

namespace core {

std::string Shape::str() const {
    if (!spatial)
        return std::to_string(channels);
    return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

Moments momentsOf(const Matrix& m, bool countZeros) {
    Moments r;
    const Eigen::Index n = m.size();
    if (n == 0)
        return r;
    constexpr Eigen::Index kChunk = 4096;
    const Eigen::Map<const Eigen::ArrayXf> a(m.data(), n);
    double sum = 0, squares = 0;
    Eigen::Index zeros = 0;
    for (Eigen::Index i = 0; i < n; i += kChunk) {
        const auto chunk = a.segment(i, std::min(kChunk, n - i));
        sum += double(chunk.sum());
        squares += double(chunk.square().sum());
        if (countZeros)
            zeros += (chunk == 0.0f).count();
    }
    const double mean = sum / double(n);
    r.mean = float(mean);
    r.stddev = float(std::sqrt(std::max(0.0, squares / double(n) - mean * mean)));
    r.norm = float(std::sqrt(squares / double(m.cols())));
    if (countZeros)
        r.zeroFraction = float(double(zeros) / double(n));
    return r;
}

}  // namespace core
