// core/parallel_for.h: an elementwise pass over a batch, split over its samples (columns).
// Conv nets on images spend a few percent of a step in passes that touch every value once (the
// rectifier and its gradient); run on one thread they cap what a second core can gain. Each
// column's values are computed the same way whatever the split, so results never depend on the
// number of threads.
#pragma once

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

}  // namespace core
