// core/layers/winograd.h: a 3x3 stride-1 convolution by Winograd's minimal filtering algorithm
// F(m x m, 3 x 3) (Lavin & Gray 2016, "Fast Algorithms for Convolutional Neural Networks"):
// every m x m output tile is Y = A^T [(G g G^T) . (B^T d B)] A, where d is the input tile of
// side a = m + 2 and . the elementwise product. Summed over input channels, the a^2 products
// become a^2 independent GEMMs (tiles x C_in) (C_in x C_out), with 9 m^2 / a^2 of the direct
// convolution's multiplications: 1/2.25 for m = 2, 1/4 for m = 4.
// Same layouts as Conv2d: x is (C_in*H*W x B), y is (C_out*H_out*W_out x B), channel-major per
// column; W is (C_out x C_in*9), row o is filter o ordered (c, u, v). Padding p in 0..2 gives
// H_out = H + 2p - 2. The backward pass is exact for the Winograd forward:
//   dx is the same algorithm applied to dy with the filters rotated by 180 degrees and the
//      channels swapped, padding 2 - p (the transposed convolution);
//   dW = G^T [sum over tiles (B^T d B) . (A dy A^T)] G, the gradient of the forward formula.
// In float the transforms lose a few bits against direct summation; see tests/core/test_winograd.cpp
// for the error against a float64 reference.
#pragma once

#include "core/parallel_for.h"
#include "core/tensor.h"

#include <cstdint>

namespace core {

class WinogradConv {
public:
    // in: one input sample's shape; outputTile: m, 2 or 4.
    WinogradConv(Shape in, int outChannels, int padding, int outputTile);

    static bool supports(Shape in, int kernel, int stride, int padding);

    // y = conv(x, W) + b (b may be empty).
    void forward(const Matrix& x, const Matrix& W, const Vector& b, Matrix& y);
    // dx = dL/dx (resized); ADDS dL/dW into dW and, when db is not null, dL/db into *db.
    void backward(const Matrix& x, const Matrix& dy, const Matrix& W, Matrix& dx, Matrix& dW, Vector* db);

    int outputTile() const { return m_tile; }
    Shape outputShape() const { return m_out; }

    // The tile geometry of one direction: `channels` planes of inH x inW, padded by `pad`, into
    // planes of outH x outW covered by tilesH x tilesW tiles of m x m outputs. The padded input
    // is held channels-last in bufH x bufW pixels.
    struct Plan {
        int channels, inH, inW, pad, outH, outW, tilesH, tilesW, bufH, bufW;
        int tiles() const { return tilesH * tilesW; }
    };

private:
    template <class F>
    friend struct WinogradPasses;

    BatchChunks chunksFor(Eigen::Index batch) const;

    Shape m_in, m_out;
    int m_tile;           // m
    int m_alpha;          // a = m + 2
    Plan m_forward;       // x -> y
    Plan m_data;          // dy -> dx (padding 2 - p)
    // No buffers of its own: a pass's scratch (transformed filters and tiles, GEMM results)
    // is shared by every layer on the same thread, see winograd.cpp.
};

}  // namespace core
