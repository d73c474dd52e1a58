#include "core/layers/winograd.h"

#include "core/check.h"
#include "core/layers/scratch.h"
#include "core/parallel_for.h"

#include <Eigen/Core>

#include <algorithm>
#include <cstdint>

namespace core {

namespace {

// The one-dimensional transforms of F(m, 3) (Lavin & Gray 2016, section 4): inputTransform is
// B^T d (a values), outputTransform A^T M (m values from a), gradTransform A g (a values from
// m), the adjoint of outputTransform. G (a x 3) is the filter transform. T is float or Lanes.

// F(2, 3): interpolation points 0, 1, -1 and infinity.
struct F2 {
    static constexpr int m = 2, a = 4;
    static constexpr double G[a][3] = {{1.0, 0.0, 0.0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0.0, 0.0, 1.0}};

    // B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
    template <class T>
    static void inputTransform(const T d[a], T o[a]) {
        o[0] = d[0] - d[2];
        o[1] = d[1] + d[2];
        o[2] = d[2] - d[1];
        o[3] = d[1] - d[3];
    }
    // A^T = [1 1 1 0; 0 1 -1 -1]
    template <class T>
    static void outputTransform(const T M[a], T y[m]) {
        y[0] = M[0] + M[1] + M[2];
        y[1] = M[1] - M[2] - M[3];
    }
    template <class T>
    static void gradTransform(const T g[m], T z[a]) {
        z[0] = g[0];
        z[1] = g[0] + g[1];
        z[2] = g[0] - g[1];
        z[3] = -g[1];
    }
};

// F(4, 3): interpolation points 0, 1, -1, 2, -2 and infinity.
struct F4 {
    static constexpr int m = 4, a = 6;
    static constexpr double G[a][3] = {{1.0 / 4, 0.0, 0.0},
                                       {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                       {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                                       {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                       {1.0 / 24, -1.0 / 12, 1.0 / 6},
                                       {0.0, 0.0, 1.0}};

    // B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
    template <class T>
    static void inputTransform(const T d[a], T o[a]) {
        const T p = d[4] - 4.0f * d[2], q = d[3] - 4.0f * d[1];
        const T r = d[4] - d[2], s = 2.0f * (d[3] - d[1]);
        o[0] = 4.0f * d[0] - 5.0f * d[2] + d[4];
        o[1] = p + q;
        o[2] = p - q;
        o[3] = r + s;
        o[4] = r - s;
        o[5] = 4.0f * d[1] - 5.0f * d[3] + d[5];
    }
    // A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
    template <class T>
    static void outputTransform(const T M[a], T y[m]) {
        const T p = M[1] + M[2], q = M[1] - M[2], r = M[3] + M[4], s = M[3] - M[4];
        y[0] = M[0] + p + r;
        y[1] = q + 2.0f * s;
        y[2] = p + 4.0f * r;
        y[3] = q + 8.0f * s + M[5];
    }
    // A = (A^T)^T
    template <class T>
    static void gradTransform(const T g[m], T z[a]) {
        const T e = g[0] + g[2], o = g[1] + g[3];
        const T e4 = g[0] + 4.0f * g[2], o4 = 2.0f * g[1] + 8.0f * g[3];
        z[0] = g[0];
        z[1] = e + o;
        z[2] = e - o;
        z[3] = e4 + o4;
        z[4] = e4 - o4;
        z[5] = g[3];
    }
};

// One SIMD register of consecutive channels, with Eigen's packet math (SSE, AVX, AVX-512 or
// NEON as built; a single float without vectorisation).
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"   // packet types as template arguments
#endif
using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int kLanes = Eigen::internal::unpacket_traits<Packet>::size;
struct Lanes {
    Packet v;
};
inline Lanes operator+(Lanes x, Lanes y) { return {Eigen::internal::padd(x.v, y.v)}; }
inline Lanes operator-(Lanes x, Lanes y) { return {Eigen::internal::psub(x.v, y.v)}; }
inline Lanes operator-(Lanes x) { return {Eigen::internal::pnegate(x.v)}; }
inline Lanes operator*(float k, Lanes x) { return {Eigen::internal::pmul(Eigen::internal::pset1<Packet>(k), x.v)}; }

template <class T>
T load(const float* p);
template <>
inline float load<float>(const float* p) { return *p; }
template <>
inline Lanes load<Lanes>(const float* p) { return {Eigen::internal::ploadu<Packet>(p)}; }
inline void store(float* p, float x) { *p = x; }
inline void store(float* p, Lanes x) { Eigen::internal::pstoreu(p, x.v); }

// The two-dimensional transforms of one tile for all its C channels: images are channels-last
// inside this file, so the transforms run on registers of consecutive channels (then single
// channels for the rest of C).
template <class F>
struct Tile {
    static constexpr int m = F::m, a = F::a;

    // V = B^T d B. d: element (r, q) of channel c at in[r rowStride + q C + c];
    // V: point (k, l) of channel c at out[(k a + l) pointStride + c].
    static void input(const float* in, Eigen::Index rowStride, int C, float* out, Eigen::Index pointStride) {
        int c = 0;
        for (; c + kLanes <= C; c += kLanes)
            inputAt<Lanes>(in + c, rowStride, C, out + c, pointStride);
        for (; c < C; ++c)
            inputAt<float>(in + c, rowStride, C, out + c, pointStride);
    }

    // y = A^T M A + bias. M: point (k, l) of channel c at M[(k a + l) pointStride + c];
    // y: element (i, j) of channel c at out[i rowStride + j C + c].
    static void output(const float* M, Eigen::Index pointStride, int C, const float* bias, float* out,
                       Eigen::Index rowStride) {
        int c = 0;
        for (; c + kLanes <= C; c += kLanes)
            outputAt<Lanes>(M + c, pointStride, bias + c, out + c, rowStride, C);
        for (; c < C; ++c)
            outputAt<float>(M + c, pointStride, bias + c, out + c, rowStride, C);
    }

    // D = A g A^T for an m x m output-gradient tile g laid out like input's d; D like input's V.
    static void gradient(const float* g, Eigen::Index rowStride, int C, float* out, Eigen::Index pointStride) {
        int c = 0;
        for (; c + kLanes <= C; c += kLanes)
            gradientAt<Lanes>(g + c, rowStride, C, out + c, pointStride);
        for (; c < C; ++c)
            gradientAt<float>(g + c, rowStride, C, out + c, pointStride);
    }

private:
    // The same for the channels of one T (a register of channels, or one channel) at in, out.
    template <class T>
    static void inputAt(const float* in, Eigen::Index rowStride, Eigen::Index pixelStride, float* out,
                        Eigen::Index pointStride) {
        T t[a][a];   // B^T d, column by column
        for (int q = 0; q < a; ++q) {
            T col[a], res[a];
            for (int r = 0; r < a; ++r)
                col[r] = load<T>(in + r * rowStride + q * pixelStride);
            F::inputTransform(col, res);
            for (int r = 0; r < a; ++r)
                t[r][q] = res[r];
        }
        for (int k = 0; k < a; ++k) {
            T res[a];
            F::inputTransform(t[k], res);
            for (int l = 0; l < a; ++l)
                store(out + (k * a + l) * pointStride, res[l]);
        }
    }

    template <class T>
    static void outputAt(const float* M, Eigen::Index pointStride, const float* bias, float* out,
                         Eigen::Index rowStride, Eigen::Index pixelStride) {
        T z[m][a];   // A^T M, column by column
        for (int l = 0; l < a; ++l) {
            T col[a], res[m];
            for (int k = 0; k < a; ++k)
                col[k] = load<T>(M + (k * a + l) * pointStride);
            F::outputTransform(col, res);
            for (int i = 0; i < m; ++i)
                z[i][l] = res[i];
        }
        const T b = load<T>(bias);
        for (int i = 0; i < m; ++i) {
            T res[m];
            F::outputTransform(z[i], res);
            for (int j = 0; j < m; ++j)
                store(out + i * rowStride + j * pixelStride, res[j] + b);
        }
    }

    template <class T>
    static void gradientAt(const float* g, Eigen::Index rowStride, Eigen::Index pixelStride, float* out,
                           Eigen::Index pointStride) {
        T z[a][m];   // A g, column by column
        for (int j = 0; j < m; ++j) {
            T col[m], res[a];
            for (int i = 0; i < m; ++i)
                col[i] = load<T>(g + i * rowStride + j * pixelStride);
            F::gradTransform(col, res);
            for (int k = 0; k < a; ++k)
                z[k][j] = res[k];
        }
        for (int k = 0; k < a; ++k) {
            T res[a];
            F::gradTransform(z[k], res);
            for (int l = 0; l < a; ++l)
                store(out + (k * a + l) * pointStride, res[l]);
        }
    }
};

// Channel-major planes to channels-last pixels and back: plane c of P = H W pixels at
// planes + c P; pixel p = (h, w) at pixels + h rowFloats + w C, its C channels consecutive.
// Blocks of N channels x N consecutive pixels are transposed in registers, N the packet size.
template <class P>
struct Transposer {
    static constexpr int N = Eigen::internal::unpacket_traits<P>::size;

    static void toPixels(const float* planes, int C, int H, int W, float* pixels, Eigen::Index rowFloats) {
        const int count = H * W;
        int c = 0;
        for (; c + N <= C; c += N) {
            int p = 0;
            for (; p + N <= count; p += N) {
                Eigen::internal::PacketBlock<P, N> block;
                for (int r = 0; r < N; ++r)
                    block.packet[r] = Eigen::internal::ploadu<P>(planes + Eigen::Index(c + r) * count + p);
                Eigen::internal::ptranspose(block);
                int h = p / W, w = p % W;
                for (int r = 0; r < N; ++r) {
                    Eigen::internal::pstoreu(pixels + h * rowFloats + Eigen::Index(w) * C + c, block.packet[r]);
                    if (++w == W) {
                        w = 0;
                        ++h;
                    }
                }
            }
            for (; p < count; ++p)
                for (int r = 0; r < N; ++r)
                    pixels[(p / W) * rowFloats + Eigen::Index(p % W) * C + c + r] = planes[Eigen::Index(c + r) * count + p];
        }
        for (; c < C; ++c)
            for (int p = 0; p < count; ++p)
                pixels[(p / W) * rowFloats + Eigen::Index(p % W) * C + c] = planes[Eigen::Index(c) * count + p];
    }

    static void toPlanes(const float* pixels, Eigen::Index rowFloats, int C, int H, int W, float* planes) {
        const int count = H * W;
        int c = 0;
        for (; c + N <= C; c += N) {
            int p = 0;
            for (; p + N <= count; p += N) {
                Eigen::internal::PacketBlock<P, N> block;
                int h = p / W, w = p % W;
                for (int r = 0; r < N; ++r) {
                    block.packet[r] = Eigen::internal::ploadu<P>(pixels + h * rowFloats + Eigen::Index(w) * C + c);
                    if (++w == W) {
                        w = 0;
                        ++h;
                    }
                }
                Eigen::internal::ptranspose(block);
                for (int r = 0; r < N; ++r)
                    Eigen::internal::pstoreu(planes + Eigen::Index(c + r) * count + p, block.packet[r]);
            }
            for (; p < count; ++p)
                for (int r = 0; r < N; ++r)
                    planes[Eigen::Index(c + r) * count + p] = pixels[(p / W) * rowFloats + Eigen::Index(p % W) * C + c + r];
        }
        for (; c < C; ++c)
            for (int p = 0; p < count; ++p)
                planes[Eigen::Index(c) * count + p] = pixels[(p / W) * rowFloats + Eigen::Index(p % W) * C + c];
    }
};

// Full packets when the channels fill one, else half packets (8 or 4 channels).
using HalfPacket = Eigen::internal::packet_traits<float>::half;
bool fullPackets(int C) { return C >= kLanes; }

// The image of each sample b0 + s (channel-major, C x H x W) into X as a zero-padded
// channels-last image of bufH x bufW pixels: pixel (h, w) at (pad + h, pad + w).
void toChannelsLast(const Matrix& x, Eigen::Index b0, int n, int C, int H, int W, int pad, int bufH, int bufW,
                    float* X) {
    const Eigen::Index rowFloats = Eigen::Index(bufW) * C;
    for (int s = 0; s < n; ++s) {
        float* image = X + Eigen::Index(s) * bufH * rowFloats;
        std::fill(image, image + pad * rowFloats, 0.0f);
        for (int h = 0; h < H; ++h) {
            float* row = image + (pad + h) * rowFloats;
            std::fill(row, row + pad * C, 0.0f);
            std::fill(row + Eigen::Index(pad + W) * C, row + rowFloats, 0.0f);
        }
        std::fill(image + (pad + H) * rowFloats, image + bufH * rowFloats, 0.0f);
        float* first = image + pad * rowFloats + Eigen::Index(pad) * C;
        if (fullPackets(C))
            Transposer<Packet>::toPixels(x.col(b0 + s).data(), C, H, W, first, rowFloats);
        else
            Transposer<HalfPacket>::toPixels(x.col(b0 + s).data(), C, H, W, first, rowFloats);
    }
}

// The inverse for outputs: the top-left H x W pixels of each channels-last image in Y
// (bufH x bufW pixels of C channels) into column b0 + s of y, channel-major.
void fromChannelsLast(const float* Y, int n, int C, int bufH, int bufW, int H, int W, Matrix& y, Eigen::Index b0) {
    const Eigen::Index rowFloats = Eigen::Index(bufW) * C;
    for (int s = 0; s < n; ++s) {
        const float* image = Y + Eigen::Index(s) * bufH * rowFloats;
        if (fullPackets(C))
            Transposer<Packet>::toPlanes(image, rowFloats, C, H, W, y.col(b0 + s).data());
        else
            Transposer<HalfPacket>::toPlanes(image, rowFloats, C, H, W, y.col(b0 + s).data());
    }
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

// The transform matrix kron(G, G) (a^2 x 9): U[(i, j)] = sum_(u, v) G[i][u] G[j][v] g[u][v].
template <class F>
Matrix filterTransform() {
    Matrix K(F::a * F::a, 9);
    for (int i = 0; i < F::a; ++i)
        for (int j = 0; j < F::a; ++j)
            for (int u = 0; u < 3; ++u)
                for (int v = 0; v < 3; ++v)
                    K(i * F::a + j, u * 3 + v) = float(F::G[i][u] * F::G[j][v]);
    return K;
}

template <class F>
const Matrix& transformMatrix() {
    static const Matrix K = filterTransform<F>();
    return K;
}

// Pairs (output channel, input channel) per task of the filter transform and of the weight
// gradient's final reduction. Fixed, so the blocks (and their products) are the same whatever
// the number of threads.
constexpr Eigen::Index kPairsPerTask = 256;

// The filters, transformed for every point x, as one product U (pairs x a^2) = Wr (pairs x 9) K^T:
// forward, U[x] (C_out x C_in) with Wr(o + c C_out, k) = W(o, 9 c + k); for dx (`rotated`),
// U[x] (C_in x C_out) of the filters turned by 180 degrees, Wr(c + o C_in, k) = W(o, 9 c + 8 - k).
// Blocks of pairs run in parallel, each product single-threaded.
void transformFilters(const Matrix& W, const Matrix& K, int inChannels, bool rotated, std::vector<float>& U) {
    const int outChannels = int(W.rows());
    const Eigen::Index pairs = Eigen::Index(inChannels) * outChannels;
    const Eigen::Index tasks = (pairs + kPairsPerTask - 1) / kPairsPerTask;
    U.resize(std::size_t(pairs * K.rows()));
    Eigen::Map<Matrix> all(U.data(), pairs, K.rows());
#pragma omp parallel for schedule(static) num_threads(Eigen::nbThreads()) if (tasks > 1)
    for (Eigen::Index task = 0; task < tasks; ++task) {
        const Eigen::Index p0 = task * kPairsPerTask, n = std::min(kPairsPerTask, pairs - p0);
        Matrix Wr(n, 9);
        for (Eigen::Index r = 0; r < n; ++r) {
            const Eigen::Index pair = p0 + r;
            if (rotated) {
                const Eigen::Index c = pair % inChannels, o = pair / inChannels;
                for (int k = 0; k < 9; ++k)
                    Wr(r, k) = W(o, 9 * c + 8 - k);
            } else {
                const Eigen::Index o = pair % outChannels, c = pair / outChannels;
                for (int k = 0; k < 9; ++k)
                    Wr(r, k) = W(o, 9 * c + k);
            }
        }
        all.middleRows(p0, n).noalias() = Wr * K.transpose();
    }
}

WinogradConv::Plan makePlan(int channels, int inH, int inW, int pad, int m) {
    WinogradConv::Plan p;
    p.channels = channels;
    p.inH = inH;
    p.inW = inW;
    p.pad = pad;
    p.outH = inH + 2 * pad - 2;
    p.outW = inW + 2 * pad - 2;
    p.tilesH = (p.outH + m - 1) / m;
    p.tilesW = (p.outW + m - 1) / m;
    p.bufH = m * p.tilesH + 2;
    p.bufW = m * p.tilesW + 2;
    return p;
}

}  // namespace

bool WinogradConv::supports(Shape in, int kernel, int stride, int padding) {
    return in.spatial && kernel == 3 && stride == 1 && padding >= 0 && padding <= 2 &&
           in.height + 2 * padding - 2 >= 1 && in.width + 2 * padding - 2 >= 1;
}

WinogradConv::WinogradConv(Shape in, int outChannels, int padding, int outputTile)
    : m_in(in),
      m_tile(outputTile),
      m_alpha(outputTile + 2) {
    CORE_EXPECTS(supports(in, 3, 1, padding) && outChannels >= 1 && (outputTile == 2 || outputTile == 4));
    m_forward = makePlan(in.channels, in.height, in.width, padding, m_tile);
    m_out = Shape::image(outChannels, m_forward.outH, m_forward.outW);
    m_data = makePlan(outChannels, m_out.height, m_out.width, 2 - padding, m_tile);
    CORE_EXPECTS(m_data.outH == in.height && m_data.outW == in.width);
    // dy is read by the dx pass (padded by 2 - p) and, at the same offset, on the forward tiles
    // for dW, which may reach beyond the dx pass's buffer when p = 2.
    m_data.bufH = std::max(m_data.bufH, m_data.pad + m_tile * m_forward.tilesH);
    m_data.bufW = std::max(m_data.bufW, m_data.pad + m_tile * m_forward.tilesW);
}

BatchChunks WinogradConv::chunksFor(Eigen::Index batch) const {
    // About 1 MB of transformed inputs and GEMM results per chunk, so that the transforms, the
    // packing and the GEMMs of a chunk stay in L2; shared evenly by two threads (splitBatch).
    // Shapes and batch size decide, never the number of threads: dW is summed chunk by chunk in
    // order.
    constexpr std::int64_t kChunkFloats = std::int64_t(1) << 18;
    const std::int64_t tiles = std::max(m_forward.tiles(), m_data.tiles());
    const std::int64_t perSample = std::int64_t(m_alpha) * m_alpha * tiles * (m_in.channels + m_out.channels);
    return splitBatch(batch, std::max<std::int64_t>(1, kChunkFloats / perSample));
}

namespace {

// The scratch of a pass. Layers run one after the other, so one set of buffers per thread
// serves them all (it grows to the largest layer) instead of one set per layer: for a deep
// network that is the difference between megabytes and hundreds of megabytes.
// Per thread of the parallel region: the chunk's images and tiles.
struct ThreadScratch {
    std::vector<float> x;    // (n x bufH x bufW x C_in) the chunk's padded input, channels-last
    std::vector<float> dy;   // (n x bufH x bufW x C_out) its padded output gradient, likewise
    std::vector<float> V;    // (a^2 x C x T) transformed inputs: one GEMM operand per point
    std::vector<float> M;    // (a^2 x C x T) GEMM results (or the transformed dy for dW)
    std::vector<float> y;    // (n x m tilesH x m tilesW x C) output tiles, channels-last
};
// Per calling thread (the one that runs the layer): what the pass's threads share.
struct PassScratch {
    std::vector<float> U;                        // (a^2 x C_out x C_in) transformed filters
    std::vector<float> zeros;                    // (C) the bias of a convolution without one
    std::vector<std::vector<float>> chunkdU;     // (a^2 x C_in x C_out) per chunk of the batch
    std::vector<std::vector<float>> chunkdb;     // (C_out) per chunk
};

ThreadScratch& threadScratch() { return core::threadScratch<ThreadScratch>(); }
PassScratch& passScratch() { return core::threadScratch<PassScratch>(); }

// The distance between two points' operands (C x T floats each) in the V and M buffers. The
// transforms write (or read) the a^2 points of one tile at once; were the operands packed
// back to back, with C T a multiple of 1024 floats the a^2 addresses of a tile would fall in
// the same L1 cache set (4 KiB apart) and evict each other. Rounded up to 4 KiB plus one cache
// line, consecutive points land in consecutive sets.
Eigen::Index pointStride(Eigen::Index floats) {
    return (floats + 1023) / 1024 * 1024 + 16;
}

}  // namespace

// The three passes for one tile size, on chunks of samples. Within a chunk the T tiles are
// numbered sample by sample, row by row; V[x] (C x T) holds the transformed input of point x,
// one column per tile. Chunks are independent in forward and in dx; dW is summed per chunk and
// the chunks are added in order, so every result has the same bits whatever the number of
// threads.
template <class F>
struct WinogradPasses {
    static constexpr int m = F::m, a = F::a, points = F::a * F::a;
    using Plan = WinogradConv::Plan;

    // This thread's buffers, large enough for chunks of n samples.
    struct Buffers {
        float *x, *dy, *V, *M, *y;
    };
    static Buffers buffers(const WinogradConv& w, int n) {
        const Plan &p = w.m_forward, &d = w.m_data;
        const std::size_t samples = std::size_t(n), Cin = std::size_t(w.m_in.channels);
        const std::size_t Cout = std::size_t(w.m_out.channels), C = std::max(Cin, Cout);
        const std::size_t tiles = samples * std::size_t(std::max(p.tiles(), d.tiles()));
        const std::size_t outputs = samples * std::size_t(m * m) *
                                    std::size_t(std::max(p.tiles() * Cout, d.tiles() * Cin));
        ThreadScratch& s = threadScratch();
        return {atLeast(s.x, samples * std::size_t(p.bufH * p.bufW) * Cin),
                atLeast(s.dy, samples * std::size_t(d.bufH * d.bufW) * Cout),
                atLeast(s.V, points * std::size_t(pointStride(Eigen::Index(C * tiles)))),
                atLeast(s.M, points * std::size_t(pointStride(Eigen::Index(C * tiles)))), atLeast(s.y, outputs)};
    }

    // V[x] (C x T) for the tiles of plan p over the channels-last images X.
    static void transformInputs(const Plan& p, const float* X, int n, int C, float* V) {
        const Eigen::Index T = Eigen::Index(n) * p.tiles(), rowFloats = Eigen::Index(p.bufW) * C;
        for (int s = 0; s < n; ++s)
            for (int i = 0; i < p.tilesH; ++i)
                for (int j = 0; j < p.tilesW; ++j) {
                    const Eigen::Index t = (Eigen::Index(s) * p.tilesH + i) * p.tilesW + j;
                    const float* tile = X + (Eigen::Index(s) * p.bufH + m * i) * rowFloats + Eigen::Index(m * j) * C;
                    Tile<F>::input(tile, rowFloats, C, V + t * C, pointStride(C * T));
                }
    }

    // The m x m output tiles of plan p from M[x] (C x T), plus bias, into channels-last images
    // of (m tilesH) x (m tilesW) pixels.
    static void transformOutputs(const Plan& p, const float* M, int n, int C, const float* bias, float* Y) {
        const Eigen::Index T = Eigen::Index(n) * p.tiles(), rowFloats = Eigen::Index(m) * p.tilesW * C;
        for (int s = 0; s < n; ++s)
            for (int i = 0; i < p.tilesH; ++i)
                for (int j = 0; j < p.tilesW; ++j) {
                    const Eigen::Index t = (Eigen::Index(s) * p.tilesH + i) * p.tilesW + j;
                    float* tile = Y + (Eigen::Index(s) * m * p.tilesH + m * i) * rowFloats + Eigen::Index(m * j) * C;
                    Tile<F>::output(M + t * C, pointStride(C * T), C, bias, tile, rowFloats);
                }
    }

    static void forward(WinogradConv& w, const Matrix& x, const Matrix& W, const Vector& b, Matrix& y) {
        const Plan& p = w.m_forward;
        const int Cin = w.m_in.channels, Cout = w.m_out.channels;
        const Eigen::Index batch = x.cols();
        CORE_EXPECTS(x.rows() == w.m_in.size() && W.rows() == Cout && W.cols() == 9 * Cin);
        CORE_EXPECTS(b.size() == 0 || b.size() == Cout);
        PassScratch& shared = passScratch();
        transformFilters(W, transformMatrix<F>(), Cin, false, shared.U);
        y.resize(w.m_out.size(), batch);
        const BatchChunks split = w.chunksFor(batch);
        const Eigen::Index chunks = split.count;
        const int chunk = int(split.largest());
        const float* bias = b.size() ? b.data() : atLeast(shared.zeros, std::size_t(Cout));
        const float* U = shared.U.data();
#pragma omp parallel num_threads(Eigen::nbThreads())
        {
            const Buffers buf = buffers(w, chunk);
#pragma omp for schedule(dynamic, 1)
            for (Eigen::Index i = 0; i < chunks; ++i) {
                const Eigen::Index b0 = split.begin(i);
                const int n = int(split.end(i) - b0);
                const Eigen::Index T = Eigen::Index(n) * p.tiles();
                toChannelsLast(x, b0, n, Cin, p.inH, p.inW, p.pad, p.bufH, p.bufW, buf.x);
                transformInputs(p, buf.x, n, Cin, buf.V);
                for (int xi = 0; xi < points; ++xi) {
                    const Eigen::Map<const Matrix> Ux(U + Eigen::Index(xi) * Cout * Cin, Cout, Cin);
                    const Eigen::Map<const Matrix> V(buf.V + xi * pointStride(Cin * T), Cin, T);
                    Eigen::Map<Matrix>(buf.M + xi * pointStride(Cout * T), Cout, T).noalias() = Ux * V;
                }
                transformOutputs(p, buf.M, n, Cout, bias, buf.y);
                fromChannelsLast(buf.y, n, Cout, m * p.tilesH, m * p.tilesW, p.outH, p.outW, y, b0);
            }
        }
    }

    static void backward(WinogradConv& w, const Matrix& x, const Matrix& dy, const Matrix& W, Matrix& dx,
                         Matrix& dW, Vector* db) {
        const Plan& p = w.m_forward;
        const Plan& d = w.m_data;
        const int Cin = w.m_in.channels, Cout = w.m_out.channels;
        const Eigen::Index batch = dy.cols();
        CORE_EXPECTS(dy.rows() == w.m_out.size() && x.rows() == w.m_in.size() && x.cols() == batch);
        CORE_EXPECTS(W.rows() == Cout && W.cols() == 9 * Cin && dW.rows() == Cout && dW.cols() == 9 * Cin);
        CORE_EXPECTS(db == nullptr || db->size() == Cout);
        const Matrix& K = transformMatrix<F>();
        PassScratch& shared = passScratch();
        transformFilters(W, K, Cin, true, shared.U);
        dx.resize(w.m_in.size(), batch);
        const BatchChunks split = w.chunksFor(batch);
        const Eigen::Index chunks = split.count;
        const int chunk = int(split.largest());
        const Eigen::Index pairs = Eigen::Index(Cin) * Cout;
        if (shared.chunkdU.size() < std::size_t(chunks)) {
            shared.chunkdU.resize(std::size_t(chunks));
            shared.chunkdb.resize(std::size_t(chunks));
        }
        const float* Urot = shared.U.data();
        const float* zeros = atLeast(shared.zeros, std::size_t(Cin));
#pragma omp parallel num_threads(Eigen::nbThreads())
        {
            const Buffers buf = buffers(w, chunk);
#pragma omp for schedule(dynamic, 1)
            for (Eigen::Index i = 0; i < chunks; ++i) {
                const Eigen::Index b0 = split.begin(i);
                const int n = int(split.end(i) - b0);
                toChannelsLast(dy, b0, n, Cout, d.inH, d.inW, d.pad, d.bufH, d.bufW, buf.dy);
                // dx: the same algorithm on dy with the rotated filters (the transposed convolution).
                const Eigen::Index Td = Eigen::Index(n) * d.tiles();
                transformInputs(d, buf.dy, n, Cout, buf.V);
                for (int xi = 0; xi < points; ++xi) {
                    const Eigen::Map<const Matrix> Ut(Urot + xi * pairs, Cin, Cout);
                    const Eigen::Map<const Matrix> V(buf.V + xi * pointStride(Cout * Td), Cout, Td);
                    Eigen::Map<Matrix>(buf.M + xi * pointStride(Cin * Td), Cin, Td).noalias() = Ut * V;
                }
                transformOutputs(d, buf.M, n, Cin, zeros, buf.y);
                fromChannelsLast(buf.y, n, Cin, m * d.tilesH, m * d.tilesW, d.outH, d.outW, dx, b0);
                // dW: per point, dU[x] (C_in x C_out) = V[x] D[x]^T summed over this chunk's tiles,
                // D = A g A^T for the m x m tiles g of dy on the forward grid.
                const Eigen::Index T = Eigen::Index(n) * p.tiles();
                toChannelsLast(x, b0, n, Cin, p.inH, p.inW, p.pad, p.bufH, p.bufW, buf.x);
                transformInputs(p, buf.x, n, Cin, buf.V);
                const Eigen::Index dyRow = Eigen::Index(d.bufW) * Cout;
                for (int k = 0; k < n; ++k)
                    for (int ti = 0; ti < p.tilesH; ++ti)
                        for (int tj = 0; tj < p.tilesW; ++tj) {
                            const Eigen::Index t = (Eigen::Index(k) * p.tilesH + ti) * p.tilesW + tj;
                            const float* tile = buf.dy + (Eigen::Index(k) * d.bufH + d.pad + m * ti) * dyRow +
                                                Eigen::Index(d.pad + m * tj) * Cout;
                            Tile<F>::gradient(tile, dyRow, Cout, buf.M + t * Cout, pointStride(Cout * T));
                        }
                float* dU = atLeast(shared.chunkdU[std::size_t(i)], std::size_t(pairs * points));
                for (int xi = 0; xi < points; ++xi) {
                    const Eigen::Map<const Matrix> V(buf.V + xi * pointStride(Cin * T), Cin, T);
                    const Eigen::Map<const Matrix> D(buf.M + xi * pointStride(Cout * T), Cout, T);
                    Eigen::Map<Matrix>(dU + xi * pairs, Cin, Cout).noalias() = V * D.transpose();
                }
                if (db) {
                    float* sums = atLeast(shared.chunkdb[std::size_t(i)], std::size_t(Cout));
                    const Eigen::Index plane = Eigen::Index(p.outH) * p.outW;
                    for (int o = 0; o < Cout; ++o) {
                        sums[o] = 0.0f;
                        for (int k = 0; k < n; ++k)
                            sums[o] += dy.col(b0 + k).segment(o * plane, plane).sum();
                    }
                }
            }
        }
        // dW(o, 9 c + k) += sum_x K[x][k] dU[x](c, o), with dU summed over the chunks in order;
        // blocks of pairs in parallel, each product single-threaded.
        const Eigen::Index tasks = (pairs + kPairsPerTask - 1) / kPairsPerTask;
#pragma omp parallel for schedule(static) num_threads(Eigen::nbThreads()) if (tasks > 1)
        for (Eigen::Index task = 0; task < tasks; ++task) {
            const Eigen::Index p0 = task * kPairsPerTask, n = std::min(kPairsPerTask, pairs - p0);
            Matrix total = Eigen::Map<const Matrix>(shared.chunkdU[0].data(), pairs, points).middleRows(p0, n);
            for (Eigen::Index i = 1; i < chunks; ++i)
                total += Eigen::Map<const Matrix>(shared.chunkdU[std::size_t(i)].data(), pairs, points).middleRows(p0, n);
            const Matrix dWr = total * K;   // (n x 9), row r for the pair c + o C_in = p0 + r
            for (Eigen::Index r = 0; r < n; ++r) {
                const Eigen::Index c = (p0 + r) % Cin, o = (p0 + r) / Cin;
                for (int k = 0; k < 9; ++k)
                    dW(o, 9 * c + k) += dWr(r, k);
            }
        }
        if (db)
            for (Eigen::Index i = 0; i < chunks; ++i)
                *db += Eigen::Map<const Vector>(shared.chunkdb[std::size_t(i)].data(), Cout);
    }
};

void WinogradConv::forward(const Matrix& x, const Matrix& W, const Vector& b, Matrix& y) {
    if (m_tile == 2)
        WinogradPasses<F2>::forward(*this, x, W, b, y);
    else
        WinogradPasses<F4>::forward(*this, x, W, b, y);
}

void WinogradConv::backward(const Matrix& x, const Matrix& dy, const Matrix& W, Matrix& dx, Matrix& dW, Vector* db) {
    if (m_tile == 2)
        WinogradPasses<F2>::backward(*this, x, dy, W, dx, dW, db);
    else
        WinogradPasses<F4>::backward(*this, x, dy, W, dx, dW, db);
}

}  // namespace core
