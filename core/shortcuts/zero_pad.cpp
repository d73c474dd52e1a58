#include "core/shortcuts/zero_pad.h"

#include "core/check.h"
#include "core/parallel_for.h"

namespace core {

Shape ZeroPad::outputShapeFor(Shape in, int outChannels, int stride) {
    if (!in.spatial)
        return Shape::vector(outChannels);
    return Shape::image(outChannels, (in.height + stride - 1) / stride, (in.width + stride - 1) / stride);
}

ZeroPad::ZeroPad(Shape in, int outChannels, int stride)
    : Layer(in, outputShapeFor(in, outChannels, stride)), m_stride(stride) {
    CORE_EXPECTS(outChannels >= in.channels && stride >= 1);
    CORE_EXPECTS(in.spatial || stride == 1);
}

namespace {

// Calls keep(outIndex, inIndex, b) for every value the shortcut carries over, for samples
// [b0, b1): channel c of the output at (i, j) is channel c of the input at (i, j) * stride.
template <class Keep>
void forEachKept(Shape in, Shape out, int stride, Eigen::Index b0, Eigen::Index b1, Keep&& keep) {
    for (Eigen::Index b = b0; b < b1; ++b)
        for (int c = 0; c < in.channels; ++c)
            for (int i = 0; i < out.height; ++i)
                for (int j = 0; j < out.width; ++j)
                    keep((Eigen::Index(c) * out.height + i) * out.width + j,
                         (Eigen::Index(c) * in.height + i * stride) * in.width + j * stride, b);
}

}  // namespace

// Both passes run over the samples on the layer's threads (core/parallel_for.h): each column
// is written by one thread, so the result does not depend on their number.
const Matrix& ZeroPad::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    m_out.resize(outputShape().size(), x.cols());
    forEachColumnBlock(x.cols(), m_out.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        m_out.middleCols(b0, b1 - b0).setZero();
        forEachKept(inputShape(), outputShape(), m_stride, b0, b1,
                    [&](Eigen::Index o, Eigen::Index i, Eigen::Index b) { m_out(o, b) = x(i, b); });
    });
    return m_out;
}

Matrix ZeroPad::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == outputShape().size());
    Matrix dx(inputShape().size(), dy.cols());
    forEachColumnBlock(dy.cols(), dx.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        dx.middleCols(b0, b1 - b0).setZero();
        forEachKept(inputShape(), outputShape(), m_stride, b0, b1,
                    [&](Eigen::Index o, Eigen::Index i, Eigen::Index b) { dx(i, b) = dy(o, b); });
    });
    return dx;
}

}  // namespace core
