#include "core/layers/small_gemm.h"

#include "core/check.h"

#include <algorithm>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"   // packet types as template arguments

namespace core::smallgemm {
namespace {

using Eigen::Index;
using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int kLanes = Eigen::internal::unpacket_traits<Packet>::size;

// The register tile: kPanels packets of rows by kColumns columns of C held in accumulators,
// plus kPanels packets of A and one broadcast of B per step of k. 2 x 8 (19 registers) on
// targets with 32 vector registers (AVX-512), 2 x 6 (15) on those with 16 (AVX2, SSE, NEON).
// Measured on one core (64 x 64 x 128, GFLOP/s, Eigen's GEMM alongside): AVX-512 2 x 8 111-113,
// 2 x 6 111, 2 x 12 106, Eigen 83-85; AVX2 2 x 6 104-113, 2 x 4 69-71, Eigen 68-70.
constexpr int kPanels = 2;
constexpr int kColumns = EIGEN_ARCH_DEFAULT_NUMBER_OF_REGISTERS >= 32 ? 8 : 6;

// A fits in half of a 256 KB L2 cache: it is read once for every kColumns columns of C.
constexpr Index kMaxAFloats = Index(1) << 15;
// Products of fewer multiply-adds stay on one thread: starting the second costs more.
constexpr double kParallelMacs = double(1 << 22);

// C[0:P*kLanes, 0:N] (op)= A[0:P*kLanes, 0:k] B[0:k, 0:N] for one register tile, k >= 1. The
// first step multiplies instead of adding to zero (the same value). The loops over the tile are
// unrolled by pragma: left to GCC 12's later unrolling, the accumulators lived on the stack
// between the loops (110 stack accesses per tile, 6-7% of its time; none with the pragmas).
template <int P, int N>
inline void tile(Index k, const float* a, Index lda, const float* b, Index strideK, Index strideN, float* c,
                 Index ldc, Write write, const float* rowBias) {
    Packet acc[P][N];
    Packet av[P];
    #pragma GCC unroll 16
    for (int i = 0; i < P; ++i)
        av[i] = Eigen::internal::ploadu<Packet>(a + i * kLanes);
    #pragma GCC unroll 16
    for (int j = 0; j < N; ++j) {
        const Packet bv = Eigen::internal::pset1<Packet>(b[j * strideN]);
        #pragma GCC unroll 16
        for (int i = 0; i < P; ++i)
            acc[i][j] = Eigen::internal::pmul(av[i], bv);
    }
    for (Index p = 1; p < k; ++p) {
        #pragma GCC unroll 16
        for (int i = 0; i < P; ++i)
            av[i] = Eigen::internal::ploadu<Packet>(a + p * lda + i * kLanes);
        const float* bp = b + p * strideK;
        #pragma GCC unroll 16
        for (int j = 0; j < N; ++j) {
            const Packet bv = Eigen::internal::pset1<Packet>(bp[j * strideN]);
            #pragma GCC unroll 16
            for (int i = 0; i < P; ++i)
                acc[i][j] = Eigen::internal::pmadd(av[i], bv, acc[i][j]);
        }
    }
    if (write == Write::Accumulate) {
        #pragma GCC unroll 16
        for (int j = 0; j < N; ++j)
            #pragma GCC unroll 16
            for (int i = 0; i < P; ++i) {
                float* cp = c + j * ldc + i * kLanes;
                Eigen::internal::pstoreu(cp, Eigen::internal::padd(Eigen::internal::ploadu<Packet>(cp), acc[i][j]));
            }
    } else if (rowBias) {
        #pragma GCC unroll 16
        for (int i = 0; i < P; ++i) {
            const Packet bias = Eigen::internal::ploadu<Packet>(rowBias + i * kLanes);
            #pragma GCC unroll 16
            for (int j = 0; j < N; ++j)
                Eigen::internal::pstoreu(c + j * ldc + i * kLanes, Eigen::internal::padd(bias, acc[i][j]));
        }
    } else {
        #pragma GCC unroll 16
        for (int j = 0; j < N; ++j)
            #pragma GCC unroll 16
            for (int i = 0; i < P; ++i)
                Eigen::internal::pstoreu(c + j * ldc + i * kLanes, acc[i][j]);
    }
}

// One block of columns of C, of width N, over all its rows.
template <int N>
void columnBlock(Index m, Index k, const float* a, Index lda, const float* b, Index strideK, Index strideN,
                 float* c, Index ldc, Write write, const float* rowBias) {
    Index i = 0;
    for (; i + kPanels * kLanes <= m; i += kPanels * kLanes)
        tile<kPanels, N>(k, a + i, lda, b, strideK, strideN, c + i, ldc, write, rowBias ? rowBias + i : nullptr);
    for (; i < m; i += kLanes)
        tile<1, N>(k, a + i, lda, b, strideK, strideN, c + i, ldc, write, rowBias ? rowBias + i : nullptr);
}

template <int N>
void lastColumns(Index width, Index m, Index k, const float* a, Index lda, const float* b, Index strideK,
                 Index strideN, float* c, Index ldc, Write write, const float* rowBias) {
    if constexpr (N > 0) {
        if (width == N)
            columnBlock<N>(m, k, a, lda, b, strideK, strideN, c, ldc, write, rowBias);
        else
            lastColumns<N - 1>(width, m, k, a, lda, b, strideK, strideN, c, ldc, write, rowBias);
    }
}

// Columns [j0, j1) of C.
void columns(Index j0, Index j1, Index m, Index k, const float* a, Index lda, Operand b, float* c, Index ldc,
             Write write, const float* rowBias) {
    Index j = j0;
    for (; j + kColumns <= j1; j += kColumns)
        columnBlock<kColumns>(m, k, a, lda, b.data + j * b.strideN, b.strideK, b.strideN, c + j * ldc, ldc, write,
                              rowBias);
    if (j < j1)
        lastColumns<kColumns - 1>(j1 - j, m, k, a, lda, b.data + j * b.strideN, b.strideK, b.strideN, c + j * ldc,
                                  ldc, write, rowBias);
}

}  // namespace

bool supports(Index rows, Index depth) {
    return rows > 0 && rows % kLanes == 0 && depth > 0 && rows * depth <= kMaxAFloats;
}

void multiply(Index m, Index n, Index k, const float* a, Index lda, Operand b, float* c, Index ldc, Write write,
              const float* rowBias) {
    CORE_EXPECTS(supports(m, k) && lda >= m && ldc >= m && (!rowBias || write == Write::Overwrite));
    if (n <= 0)
        return;
    const int threads = double(m) * double(n) * double(k) >= kParallelMacs ? Eigen::nbThreads() : 1;
    if (threads <= 1 || n < 2 * kColumns) {
        columns(0, n, m, k, a, lda, b, c, ldc, write, rowBias);
        return;
    }
    // Whole register tiles per thread, so each thread's part is as fast as the whole.
    const Index blocks = (n + kColumns - 1) / kColumns;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int t = 0; t < threads; ++t) {
        const Index j0 = std::min(n, blocks * t / threads * kColumns);
        const Index j1 = std::min(n, blocks * (t + 1) / threads * kColumns);
        if (j1 > j0)
            columns(j0, j1, m, k, a, lda, b, c, ldc, write, rowBias);
    }
}

void transpose(const float* src, Index rows, Index cols, float* dst) {
    Index r = 0;
    for (; r + kLanes <= rows; r += kLanes) {
        Index c = 0;
        for (; c + kLanes <= cols; c += kLanes) {
            Eigen::internal::PacketBlock<Packet, kLanes> block;
            for (int i = 0; i < kLanes; ++i)
                block.packet[i] = Eigen::internal::ploadu<Packet>(src + (c + i) * rows + r);
            Eigen::internal::ptranspose(block);
            for (int i = 0; i < kLanes; ++i)
                Eigen::internal::pstoreu(dst + (r + i) * cols + c, block.packet[i]);
        }
        for (; c < cols; ++c)
            for (Index i = r; i < r + kLanes; ++i)
                dst[i * cols + c] = src[c * rows + i];
    }
    for (; r < rows; ++r)
        for (Index c = 0; c < cols; ++c)
            dst[r * cols + c] = src[c * rows + r];
}

}  // namespace core::smallgemm

#pragma GCC diagnostic pop
