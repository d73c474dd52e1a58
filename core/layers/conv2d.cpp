#include "core/layers/conv2d.h"

#include "core/check.h"

#include <Eigen/Core>

namespace core {

namespace {

// (B*P x C) <-> (C*P x B): the GEMM produces pixel rows per sample and channel columns;
// the engine's layout wants each sample's C x P values contiguous in one column.
void pixelRowsToColumns(const Matrix& rows, int channels, int pixels, Matrix& columns) {
    const Eigen::Index batch = rows.rows() / pixels;
    columns.resize(Eigen::Index(channels) * pixels, batch);
    for (Eigen::Index b = 0; b < batch; ++b)
        for (int c = 0; c < channels; ++c)
            columns.col(b).segment(Eigen::Index(c) * pixels, pixels) =
                rows.col(c).segment(b * pixels, pixels);
}

void columnsToPixelRows(const Matrix& columns, int channels, int pixels, Matrix& rows) {
    const Eigen::Index batch = columns.cols();
    rows.resize(batch * pixels, channels);
    for (Eigen::Index b = 0; b < batch; ++b)
        for (int c = 0; c < channels; ++c)
            rows.col(c).segment(b * pixels, pixels) =
                columns.col(b).segment(Eigen::Index(c) * pixels, pixels);
}

}  // namespace

Shape Conv2d::outputShapeFor(Shape in, const Conv2dOptions& o) {
    const int h = (in.height + 2 * o.padding - o.kernel) / o.stride + 1;
    const int w = (in.width + 2 * o.padding - o.kernel) / o.stride + 1;
    return Shape::image(o.outChannels, h, w);
}

Conv2d::Conv2d(Shape in, const Conv2dOptions& options)
    : Layer(in, outputShapeFor(in, options)),
      m_opt(options),
      m_outPixels(outputShape().pixels()),
      m_W(Matrix::Zero(options.outChannels, Eigen::Index(in.channels) * options.kernel * options.kernel)),
      m_b(Vector::Zero(options.bias ? options.outChannels : 0)),
      m_dW(Matrix::Zero(m_W.rows(), m_W.cols())),
      m_db(Vector::Zero(m_b.size())) {
    CORE_EXPECTS(in.spatial && options.kernel >= 1 && options.stride >= 1 && options.padding >= 0);
    CORE_EXPECTS(outputShape().height >= 1 && outputShape().width >= 1);
}

void Conv2d::im2col(const Matrix& x) {
    const Shape in = inputShape();
    const int k = m_opt.kernel, s = m_opt.stride, p = m_opt.padding;
    const int outH = outputShape().height, outW = outputShape().width;
    const Eigen::Index batch = x.cols();
    const int fields = int(m_W.cols());
    m_cols.resize(batch * m_outPixels, fields);
    // Column (c, u, v) of m_cols holds, for every sample and output pixel (oh, ow), the input
    // value x[c, oh s - p + u, ow s - p + v] (0 outside the image).
#pragma omp parallel for schedule(static) num_threads(Eigen::nbThreads()) if (batch * m_outPixels * fields > (1 << 16))
    for (int f = 0; f < fields; ++f) {
        const int c = f / (k * k), u = (f / k) % k, v = f % k;
        float* out = m_cols.col(f).data();
        for (Eigen::Index b = 0; b < batch; ++b) {
            const float* plane = x.col(b).data() + Eigen::Index(c) * in.height * in.width;
            for (int oh = 0; oh < outH; ++oh) {
                const int ih = oh * s - p + u;
                if (ih < 0 || ih >= in.height) {
                    std::fill(out, out + outW, 0.0f);
                    out += outW;
                    continue;
                }
                const float* row = plane + Eigen::Index(ih) * in.width;
                for (int ow = 0; ow < outW; ++ow) {
                    const int iw = ow * s - p + v;
                    *out++ = (iw >= 0 && iw < in.width) ? row[iw] : 0.0f;
                }
            }
        }
    }
}

void Conv2d::col2im(const Matrix& dcols, Matrix& dx) const {
    const Shape in = inputShape();
    const int k = m_opt.kernel, s = m_opt.stride, p = m_opt.padding;
    const int outH = outputShape().height, outW = outputShape().width;
    const Eigen::Index batch = dx.cols();
    // Each input channel receives only from its own k*k columns, so channels run in parallel.
#pragma omp parallel for schedule(static) num_threads(Eigen::nbThreads()) if (dcols.size() > (1 << 16))
    for (int c = 0; c < in.channels; ++c) {
        for (int u = 0; u < k; ++u) {
            for (int v = 0; v < k; ++v) {
                const float* src = dcols.col((c * k + u) * k + v).data();
                for (Eigen::Index b = 0; b < batch; ++b) {
                    float* plane = dx.col(b).data() + Eigen::Index(c) * in.height * in.width;
                    for (int oh = 0; oh < outH; ++oh) {
                        const int ih = oh * s - p + u;
                        if (ih < 0 || ih >= in.height) {
                            src += outW;
                            continue;
                        }
                        float* row = plane + Eigen::Index(ih) * in.width;
                        for (int ow = 0; ow < outW; ++ow, ++src) {
                            const int iw = ow * s - p + v;
                            if (iw >= 0 && iw < in.width)
                                row[iw] += *src;
                        }
                    }
                }
            }
        }
    }
}

const Matrix& Conv2d::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    im2col(x);
    m_outT.noalias() = m_cols * m_W.transpose();
    if (m_opt.bias)
        m_outT.rowwise() += m_b.transpose();
    pixelRowsToColumns(m_outT, m_opt.outChannels, m_outPixels, m_out);
    return m_out;
}

Matrix Conv2d::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == outputShape().size() && dy.cols() * m_outPixels == m_cols.rows());
    Matrix dyT;                                   // (B P x C_out)
    columnsToPixelRows(dy, m_opt.outChannels, m_outPixels, dyT);
    m_dW.noalias() += dyT.transpose() * m_cols;   // dL/dW = sum over fields of dy x_field
    if (m_opt.bias)
        m_db += dyT.colwise().sum().transpose();
    const Matrix dcols = dyT * m_W;               // (B P x C_in k k)
    Matrix dx = Matrix::Zero(inputShape().size(), dy.cols());
    col2im(dcols, dx);
    return dx;
}

std::vector<ParamView> Conv2d::params() {
    std::vector<ParamView> views;
    views.push_back({"W", {m_W.data(), m_W.size()}, {m_dW.data(), m_dW.size()}});
    if (m_opt.bias)
        views.push_back({"b", {m_b.data(), m_b.size()}, {m_db.data(), m_db.size()}});
    return views;
}

}  // namespace core
