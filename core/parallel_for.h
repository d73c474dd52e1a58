// core/parallel_for.h: an elementwise pass over a batch, split over its samples (columns).
// Conv nets on images spend a few percent of a step in passes that touch every value once (the
// rectifier and its gradient); run on one thread they cap what a second core can gain. Each
// column's values are computed the same way whatever the split, so results never depend on the
// number of threads.
#pragma once

#include "core/tensor.h"

#include <Eigen/Core>

#include <algorithm>

namespace core {

// Passes over fewer values than this run on one thread (the MLPs' layers: starting threads
// would cost more than the pass).
constexpr Eigen::Index kParallelPassValues = Eigen::Index(1) << 16;

// Calls fn(b0, b1) for blocks of columns [b0, b1) covering [0, columns), on Eigen's thread
// count when `values` (the pass's size) reaches kParallelPassValues, else once on this thread.
// fn must only write results of its own columns.
template <class Fn>
void forEachColumnBlock(Eigen::Index columns, Eigen::Index values, Fn&& fn) {
    const int threads = values >= kParallelPassValues && columns > 1 ? Eigen::nbThreads() : 1;
    if (threads <= 1) {
        fn(Eigen::Index(0), columns);
        return;
    }
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int t = 0; t < threads; ++t) {
        const Eigen::Index b0 = columns * t / threads, b1 = columns * (t + 1) / threads;
        if (b1 > b0)
            fn(b0, b1);
    }
}

// Elementwise passes of the residual join, over the samples: dst = a + b, dst += a, dst = a.
// A conv net's blocks add and copy megabytes per step; on one thread these passes were the
// largest part of the step that a second core could not share.
inline void parallelSum(Matrix& dst, const Matrix& a, const Matrix& b) {
    dst.resize(a.rows(), a.cols());
    forEachColumnBlock(a.cols(), a.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        dst.middleCols(b0, b1 - b0) = a.middleCols(b0, b1 - b0) + b.middleCols(b0, b1 - b0);
    });
}
inline void parallelAddTo(Matrix& dst, const Matrix& a) {
    forEachColumnBlock(a.cols(), a.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        dst.middleCols(b0, b1 - b0) += a.middleCols(b0, b1 - b0);
    });
}
inline void parallelCopy(Matrix& dst, const Matrix& a) {
    dst.resize(a.rows(), a.cols());
    forEachColumnBlock(a.cols(), a.size(), [&](Eigen::Index b0, Eigen::Index b1) {
        dst.middleCols(b0, b1 - b0) = a.middleCols(b0, b1 - b0);
    });
}

// A batch cut into `count` chunks of consecutive samples for the threads of a layer's pass
// (chunk i holds samples [begin(i), end(i))), sizes differing by at most one.
struct BatchChunks {
    Eigen::Index batch = 0;
    Eigen::Index count = 0;
    Eigen::Index begin(Eigen::Index i) const { return batch * i / count; }
    Eigen::Index end(Eigen::Index i) const { return batch * (i + 1) / count; }
    Eigen::Index largest() const { return count ? (batch + count - 1) / count : 0; }
};

// At most `maxSamples` per chunk (what fits the layer's cache budget), at least four chunks when
// the batch allows, and an even count: two threads taking chunks in turn then get the same
// number of chunks and samples within one per chunk. (Equal chunks of the largest size that fits
// left 32 samples as 3 x 10 + 2, or 7 x 4 + 4: one thread then worked 20% more than the other.)
// Depends on the batch and the budget only, never on the number of threads, so layers that sum
// per-chunk results in chunk order give the same bits on any number of threads.
inline BatchChunks splitBatch(Eigen::Index batch, Eigen::Index maxSamples) {
    if (batch <= 0)
        return {0, 0};
    Eigen::Index count = (batch + std::max<Eigen::Index>(1, maxSamples) - 1) / std::max<Eigen::Index>(1, maxSamples);
    count = std::max(count, std::min<Eigen::Index>(batch, 4));
    if (count % 2 == 1 && count < batch)
        ++count;
    return {batch, count};
}

}  // namespace core
