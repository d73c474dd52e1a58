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

// Both passes run over the samples on the layer's threads (core/parallel_for.h): each column
// is written by one thread, so the result does not depend on their number.
const Matrix& ZeroPad::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    const Shape in = inputShape(), out = outputShape();
    m_out.resize(out.size(), x.cols());
    forEachColumnBlock(x.cols(), m_out.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        m_out.middleCols(b0, b1 - b0).setZero();
        for (Eigen::Index b = b0; b < b1; ++b)
            for (int c = 0; c < in.channels; ++c)
                for (int i = 0; i < out.height; ++i)
                    for (int j = 0; j < out.width; ++j)
                        m_out((Eigen::Index(c) * out.height + i) * out.width + j, b) =
                            x((Eigen::Index(c) * in.height + i * m_stride) * in.width + j * m_stride, b);
    });
    return m_out;
}

Matrix ZeroPad::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == outputShape().size());
    const Shape in = inputShape(), out = outputShape();
    Matrix dx(in.size(), dy.cols());
    forEachColumnBlock(dy.cols(), dx.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        dx.middleCols(b0, b1 - b0).setZero();
        for (Eigen::Index b = b0; b < b1; ++b)
            for (int c = 0; c < in.channels; ++c)
                for (int i = 0; i < out.height; ++i)
                    for (int j = 0; j < out.width; ++j)
                        dx((Eigen::Index(c) * in.height + i * m_stride) * in.width + j * m_stride, b) =
                            dy((Eigen::Index(c) * out.height + i) * out.width + j, b);
    });
    return dx;
}

}  // namespace core
