#include "core/layers/conv2d.h"

#include "core/check.h"
#include "core/layers/scratch.h"

#include <Eigen/Core>

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
    setAlgorithm(in.channels >= kWinogradMinChannels ? Algorithm::Winograd : Algorithm::Im2col);
}

void Conv2d::setAlgorithm(Algorithm algorithm) {
    if (algorithm == Algorithm::Winograd && WinogradConv::supports(inputShape(), m_opt.kernel, m_opt.stride, m_opt.padding))
        m_winograd = std::make_unique<WinogradConv>(inputShape(), m_opt.outChannels, m_opt.padding, kWinogradTile);
    else
        m_winograd.reset();
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

// The scratch of a pass, shared by every layer on the same thread (layers run one after the
// other), instead of each layer keeping its own: per thread of the parallel region, a chunk's
// receptive fields and products; per calling thread, the chunks' weight gradients.
struct ThreadScratch {
    std::vector<float> cols;    // (n P x C_in k k) receptive fields
    std::vector<float> outT;    // (n P x C_out) outputs, or the output gradient in backward
    std::vector<float> dcols;   // (n P x C_in k k) their gradient
};
struct PassScratch {
    std::vector<std::vector<float>> chunkdW;   // (C_out x C_in k k) per chunk of the batch
    std::vector<std::vector<float>> chunkdb;   // (C_out) per chunk
};

ThreadScratch& threadScratch() { return core::threadScratch<ThreadScratch>(); }
PassScratch& passScratch() { return core::threadScratch<PassScratch>(); }

}  // namespace

BatchChunks Conv2d::chunksFor(Eigen::Index batch) const {
    // About 1 MB of receptive fields per chunk, so im2col, packing and the GEMM stay in L2;
    // shared evenly by two threads (splitBatch).
    constexpr std::int64_t kChunkFloats = std::int64_t(1) << 18;
    const std::int64_t perSample = std::int64_t(m_outPixels) * m_W.cols();
    return splitBatch(batch, std::max<std::int64_t>(1, kChunkFloats / perSample));
}

void Conv2d::im2col(const Matrix& x, Eigen::Index b0, Eigen::Index b1, float* cols) const {
    const Shape in = inputShape();
    const int k = m_opt.kernel, s = m_opt.stride, p = m_opt.padding;
    const int outH = outputShape().height, outW = outputShape().width;
    const int fields = int(m_W.cols());
    const Eigen::Index rows = (b1 - b0) * m_outPixels;
    for (int f = 0; f < fields; ++f) {
        const int c = f / (k * k), u = (f / k) % k, v = f % k;
        const ValidRange r = validColumns(v, s, p, in.width, outW);
        float* out = cols + f * rows;
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

void Conv2d::col2im(const float* dcols, Eigen::Index b0, Eigen::Index b1, Matrix& dx) const {
    const Shape in = inputShape();
    const int k = m_opt.kernel, s = m_opt.stride, p = m_opt.padding;
    const int outH = outputShape().height, outW = outputShape().width;
    for (int c = 0; c < in.channels; ++c) {
        for (int u = 0; u < k; ++u) {
            for (int v = 0; v < k; ++v) {
                const ValidRange r = validColumns(v, s, p, in.width, outW);
                const float* src = dcols + Eigen::Index((c * k + u) * k + v) * (b1 - b0) * m_outPixels;
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
// inside the parallel region (Eigen detects it), also when there is a single chunk, so Eigen
// never starts threads of its own inside a step. The chunk size depends on the shapes and the
// batch size only, and the weight gradient is summed chunk by chunk in order, so results do not
// depend on the number of threads.
const Matrix& Conv2d::forward(const Matrix& x) {
    CORE_EXPECTS(x.rows() == inputShape().size());
    m_x = &x;
    if (m_winograd) {
        m_winograd->forward(x, m_W, m_b, m_out);
        return m_out;
    }
    const Eigen::Index batch = x.cols(), fields = m_W.cols();
    const BatchChunks split = chunksFor(batch);
    const Eigen::Index chunks = split.count;
    const int chunk = int(split.largest()), C = m_opt.outChannels, P = m_outPixels;
    m_out.resize(outputShape().size(), batch);
#pragma omp parallel num_threads(Eigen::nbThreads())
    {
        ThreadScratch& t = threadScratch();
        float* colsData = atLeast(t.cols, std::size_t(chunk) * P * fields);
        float* outData = atLeast(t.outT, std::size_t(chunk) * P * C);
#pragma omp for schedule(dynamic, 1)
        for (Eigen::Index i = 0; i < chunks; ++i) {
            const Eigen::Index b0 = split.begin(i), b1 = split.end(i), rows = (b1 - b0) * P;
            im2col(x, b0, b1, colsData);
            const Eigen::Map<const Matrix> cols(colsData, rows, fields);   // (n P x C_in k k)
            Eigen::Map<Matrix> outT(outData, rows, C);                      // (n P x C_out)
            outT.noalias() = cols * m_W.transpose();
            if (m_opt.bias)
                outT.rowwise() += m_b.transpose();
            for (Eigen::Index b = b0; b < b1; ++b)          // (P x C) block -> sample column, channel-major
                Eigen::Map<Matrix>(m_out.col(b).data(), P, C) = outT.middleRows((b - b0) * P, P);
        }
    }
    return m_out;
}

Matrix Conv2d::backward(const Matrix& dy) {
    CORE_EXPECTS_MSG(m_x != nullptr, "backward before forward");
    const Matrix& x = *m_x;
    CORE_EXPECTS(dy.rows() == outputShape().size() && dy.cols() == x.cols() && x.rows() == inputShape().size());
    if (m_winograd) {
        Matrix dx;
        m_winograd->backward(x, dy, m_W, dx, m_dW, m_opt.bias ? &m_db : nullptr);
        return dx;
    }
    const Eigen::Index batch = dy.cols(), fields = m_W.cols();
    const BatchChunks split = chunksFor(batch);
    const Eigen::Index chunks = split.count;
    const int chunk = int(split.largest()), C = m_opt.outChannels, P = m_outPixels;
    Matrix dx(inputShape().size(), batch);
    PassScratch& shared = passScratch();
    if (shared.chunkdW.size() < std::size_t(chunks)) {
        shared.chunkdW.resize(std::size_t(chunks));
        shared.chunkdb.resize(std::size_t(chunks));
    }
#pragma omp parallel num_threads(Eigen::nbThreads())
    {
        ThreadScratch& t = threadScratch();
        float* colsData = atLeast(t.cols, std::size_t(chunk) * P * fields);
        float* dyData = atLeast(t.outT, std::size_t(chunk) * P * C);
        float* dcolsData = atLeast(t.dcols, std::size_t(chunk) * P * fields);
#pragma omp for schedule(dynamic, 1)
        for (Eigen::Index i = 0; i < chunks; ++i) {
            const Eigen::Index b0 = split.begin(i), b1 = split.end(i), rows = (b1 - b0) * P;
            Eigen::Map<Matrix> dyT(dyData, rows, C);                        // (n P x C_out)
            for (Eigen::Index b = b0; b < b1; ++b)
                dyT.middleRows((b - b0) * P, P) = Eigen::Map<const Matrix>(dy.col(b).data(), P, C);
            im2col(x, b0, b1, colsData);
            const Eigen::Map<const Matrix> cols(colsData, rows, fields);
            // This chunk's sum of dy x_field, and of dy for the bias.
            Eigen::Map<Matrix>(atLeast(shared.chunkdW[std::size_t(i)], std::size_t(C * fields)), C, fields).noalias() =
                dyT.transpose() * cols;
            if (m_opt.bias)
                Eigen::Map<Vector>(atLeast(shared.chunkdb[std::size_t(i)], std::size_t(C)), C) =
                    dyT.colwise().sum().transpose();
            Eigen::Map<Matrix>(dcolsData, rows, fields).noalias() = dyT * m_W;   // (n P x C_in k k)
            dx.middleCols(b0, b1 - b0).setZero();
            col2im(dcolsData, b0, b1, dx);
        }
    }
    for (Eigen::Index i = 0; i < chunks; ++i) {
        m_dW += Eigen::Map<const Matrix>(shared.chunkdW[std::size_t(i)].data(), C, fields);
        if (m_opt.bias)
            m_db += Eigen::Map<const Vector>(shared.chunkdb[std::size_t(i)].data(), C);
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
