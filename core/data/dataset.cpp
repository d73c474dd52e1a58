#include "core/data/dataset.h"

#include "core/check.h"

namespace core {

namespace {

// Column j of the bytes as floats: byte / 255, then standardised per group when set.
void decode(const ImageBytes& b, Eigen::Index j, float* out) {
    const Eigen::Index rows = b.values.rows();
    const std::uint8_t* src = b.values.col(j).data();
    if (b.mean.size() == 0) {
        for (Eigen::Index i = 0; i < rows; ++i)
            out[i] = float(src[i]) / 255.0f;
        return;
    }
    for (Eigen::Index g = 0; g < b.mean.size(); ++g) {
        const float mean = b.mean(g), stddev = b.stddev(g);
        for (Eigen::Index i = g * b.groupRows; i < (g + 1) * b.groupRows; ++i)
            out[i] = (float(src[i]) / 255.0f - mean) / stddev;
    }
}

}  // namespace

Matrix Split::columns(Eigen::Index first, Eigen::Index count) const {
    CORE_EXPECTS(first >= 0 && count >= 0 && first + count <= size());
    if (!holdsBytes())
        return x.middleCols(first, count);
    Matrix out(features(), count);
    for (Eigen::Index j = 0; j < count; ++j)
        decode(bytes, first + j, out.col(j).data());
    return out;
}

void Split::gather(std::span<const Eigen::Index> idx, Matrix& out) const {
    const auto count = Eigen::Index(idx.size());
    if (out.rows() != features() || out.cols() != count)
        out.resize(features(), count);
    for (Eigen::Index j = 0; j < count; ++j) {
        const Eigen::Index src = idx[std::size_t(j)];
        CORE_EXPECTS(src >= 0 && src < size());
        if (holdsBytes())
            decode(bytes, src, out.col(j).data());
        else
            out.col(j) = x.col(src);
    }
}

}  // namespace core
