// core/layers/small_gemm.h: the products of a dense layer whose weights fit in the core's cache,
// computed straight from the matrices, register tile by register tile, with Eigen's SIMD packets.
//
// Eigen's GEMM copies both operands into packed panels before every product and, for C = A B,
// clears C first. For the 64 x 64 layers of the residual MLPs (A 16 KB, B 32 KB, one product
// about 1 MFLOP) those copies and the kernel's 48-row panels (64 rows = 48 + a 16-row remainder
// on its narrowest path) held a step at 80 GFLOP/s on a core that reaches 116; reading the
// operands where they are, in tiles of 2 packets x 8 columns (16 accumulators), the same
// products run at 105-115 GFLOP/s (bench/RESULTS.md, "Dense products without packing").
//
// Every element of C is computed the same way whatever the tile, the split over threads or the
// matrix sizes: a sum over k in order, acc = fma(a_ik, b_kj, acc) from zero, then added to C
// (Accumulate) or to the row's bias (Overwrite with a bias), as Eigen's C += A B and a bias
// written before the product do. Results therefore never depend on the number of threads.
#pragma once

#include <Eigen/Core>

namespace core::smallgemm {

// B (k x n) read in place: B(p, j) = data[p * strideK + j * strideN]. A column-major matrix
// has strideK 1 and strideN its row count; the transpose of a column-major matrix M has
// strideK = M.rows() and strideN 1.
struct Operand {
    const float* data;
    Eigen::Index strideK;
    Eigen::Index strideN;
};

enum class Write { Overwrite, Accumulate };

// Whether A (rows x depth, column-major) suits these products: rows a whole number of SIMD
// packets and A small enough to stay in cache while every column of B goes past it. Other
// products belong to Eigen's GEMM.
bool supports(Eigen::Index rows, Eigen::Index depth);

// C (m x n, column-major, leading dimension ldc) = A B, or += A B with Accumulate;
// A is m x k, column-major with leading dimension lda; with `rowBias` (m values, Overwrite
// only) C = rowBias + A B. Needs supports(m, k). Splits the columns over Eigen's thread count
// when the product is large enough to pay for it.
void multiply(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, Operand b,
              float* c, Eigen::Index ldc, Write write, const float* rowBias = nullptr);

// dst (cols x rows, column-major) = the transpose of src (rows x cols, column-major), in
// blocks of packet x packet values transposed in registers.
void transpose(const float* src, Eigen::Index rows, Eigen::Index cols, float* dst);

}  // namespace core::smallgemm
