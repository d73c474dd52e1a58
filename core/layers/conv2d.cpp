#include "core/layers/conv2d.h"

#include "core/check.h"

#include <Eigen/Core>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <algorithm>
#include <cstdint>

namespace core {

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

namespace {

// The output columns ow whose input column iw = ow s - p + v lies inside [0, W): [lo, hi).
struct ValidRange { int lo, hi; };
ValidRange validColumns(int v, int stride, int pad, int inW, int outW) {
    const int first = v >= pad ? 0 : (pad - v + stride - 1) / stride;
    const int last = (inW - 1 + pad - v) >= 0 ? (inW - 1 + pad - v) / stride + 1 : 0;
    const int lo = std::min(first, outW);
    return {lo, std::max(lo, std::min(last, outW))};
}

int threadIndex() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

}  // namespace

int Conv2d::samplesPerChunk() const {
    // About 1 MB of receptive fields per chunk, so im2col, packing and the GEMM stay in L2.
    constexpr std::int64_t kChunkFloats = std::int64_t(1) << 18;
    const std::int64_t perSample = std::int64_t(m_outPixels) * m_W.cols();
    return int(std::max<std::int64_t>(1, kChunkFloats / perSample));
}

void Conv2d::im2col(const Matrix& x, Eigen::Index b0, Eigen::Index b1, Matrix& cols) const {
    const Shape in = inputShape();
    const int k = m_opt.kernel, s = m_opt.stride, p = m_opt.padding;
    const int outH = outputShape().height, outW = outputShape().width;
    const int fields = int(m_W.cols());
    cols.resize((b1 - b0) * m_outPixels, fields);
    for (int f = 0; f < fields; ++f) {
        const int c = f / (k * k), u = (f / k) % k, v = f % k;
        const ValidRange r = validColumns(v, s, p, in.width, outW);
        float* out = cols.col(f).data();
        for (Eigen::Index b = b0; b < b1; ++b) {
            const float* plane = x.col(b).data() + Eigen::Index(c) * in.height * in.width;
            for (int oh = 0; oh < outH; ++oh, out += outW) {
                const int ih = oh * s - p + u;
                if (ih < 0 || ih >= in.height) {
                    for (int ow = 0; ow < outW; ++ow)
                        out[ow] = 0.0f;
                    continue;
                }
                const float* row = plane + Eigen::Index(ih) * in.width - p + v;
                for (int ow = 0; ow < r.lo; ++ow)
                    out[ow] = 0.0f;
                if (s == 1)
                    for (int ow = r.lo; ow < r.hi; ++ow)
                        out[ow] = row[ow];
                else
                    for (int ow = r.lo; ow < r.hi; ++ow)
                        out[ow] = row[ow * s];
                for (int ow = r.hi; ow < outW; ++ow)
                    out[ow] = 0.0f;
            }
        }
    }
}

void Conv2d::col2im(const Matrix& dcols, Eigen::Index b0, Eigen::Index b1, Matrix& dx) const {
    const Shape in = inputShape();
    const int k = m_opt.kernel, s = m_opt.stride, p = m_opt.padding;
    const int outH = outputShape().height, outW = outputShape().width;
    for (int c = 0; c < in.channels; ++c) {
        for (int u = 0; u < k; ++u) {
            for (int v = 0; v < k; ++v) {
                const ValidRange r = validColumns(v, s, p, in.width, outW);
                const float* src = dcols.col((c * k + u) * k + v).data();
                for (Eigen::Index b = b0; b < b1; ++b) {
                    float* plane = dx.col(b).data() + Eigen::Index(c) * in.height * in.width;
                    for (int oh = 0; oh < outH; ++oh, src += outW) {
                        const int ih = oh * s - p + u;
                        if (ih < 0 || ih >= in.height)
                            continue;
                        float* row = plane + Eigen::Index(ih) * in.width - p + v;
                        if (s == 1)
                            for (int ow = r.lo; ow < r.hi; ++ow)
                                row[ow] += src[ow];
                        else
                            for (int ow = r.lo; ow < r.hi; ++ow)
                                row[ow * s] += src[ow];
                    }
                }
            }
        }
    }
}

// The batch runs in chunks of a few samples so that a chunk's receptive fields, their packing
// and the GEMM stay in L2. Threads take whole chunks; each GEMM then runs single-threaded
// inside the parallel region (Eigen detects it). The chunk size depends on the shapes only, and
// the weight gradient is summed chunk by chunk in order, so results do not depend on the
// number of threads.
const Matrix& Conv2d::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    m_x = x;
    const Eigen::Index batch = x.cols();
    const int chunk = samplesPerChunk(), C = m_opt.outChannels, P = m_outPixels;
    const Eigen::Index chunks = (batch + chunk - 1) / chunk;
    m_out.resize(outputShape().size(), batch);
    m_scratch.resize(std::max<std::size_t>(m_scratch.size(), std::size_t(Eigen::nbThreads())));
#pragma omp parallel num_threads(Eigen::nbThreads()) if (chunks > 1)
    {
        Scratch& t = m_scratch[threadIndex()];
#pragma omp for schedule(dynamic, 1)
        for (Eigen::Index i = 0; i < chunks; ++i) {
            const Eigen::Index b0 = i * chunk, b1 = std::min(batch, b0 + chunk);
            im2col(x, b0, b1, t.cols);                      // (n P x C_in k k)
            t.outT.noalias() = t.cols * m_W.transpose();    // (n P x C_out)
            if (m_opt.bias)
                t.outT.rowwise() += m_b.transpose();
            for (Eigen::Index b = b0; b < b1; ++b)          // (P x C) block -> sample column, channel-major
                Eigen::Map<Matrix>(m_out.col(b).data(), P, C) = t.outT.middleRows((b - b0) * P, P);
        }
    }
    return m_out;
}

Matrix Conv2d::backward(const Matrix& dy) {
    CORE_EXPECTS(dy.rows() == outputShape().size() && dy.cols() == m_x.cols());
    const Eigen::Index batch = dy.cols();
    const int chunk = samplesPerChunk(), C = m_opt.outChannels, P = m_outPixels;
    const Eigen::Index chunks = (batch + chunk - 1) / chunk;
    Matrix dx(inputShape().size(), batch);
    m_scratch.resize(std::max<std::size_t>(m_scratch.size(), std::size_t(Eigen::nbThreads())));
    if (m_chunkdW.size() < std::size_t(chunks)) {
        m_chunkdW.resize(std::size_t(chunks));
        m_chunkdb.resize(std::size_t(chunks));
    }
#pragma omp parallel num_threads(Eigen::nbThreads()) if (chunks > 1)
    {
        Scratch& t = m_scratch[threadIndex()];
#pragma omp for schedule(dynamic, 1)
        for (Eigen::Index i = 0; i < chunks; ++i) {
            const Eigen::Index b0 = i * chunk, b1 = std::min(batch, b0 + chunk);
            t.dyT.resize((b1 - b0) * P, C);
            for (Eigen::Index b = b0; b < b1; ++b)
                t.dyT.middleRows((b - b0) * P, P) = Eigen::Map<const Matrix>(dy.col(b).data(), P, C);
            im2col(m_x, b0, b1, t.cols);
            m_chunkdW[i].noalias() = t.dyT.transpose() * t.cols;   // this chunk's sum of dy x_field
            if (m_opt.bias)
                m_chunkdb[i] = t.dyT.colwise().sum().transpose();
            t.dcols.noalias() = t.dyT * m_W;                      // (n P x C_in k k)
            dx.middleCols(b0, b1 - b0).setZero();
            col2im(t.dcols, b0, b1, dx);
        }
    }
    for (Eigen::Index i = 0; i < chunks; ++i) {
        m_dW += m_chunkdW[i];
        if (m_opt.bias)
            m_db += m_chunkdb[i];
    }
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
