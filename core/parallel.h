// core/parallel.h: how many threads one training run uses inside its matrix products.
// Eigen's GEMM runs on OpenMP threads; for small products (the MLPs of the depth sweep) the
// synchronisation costs more than the product, so small networks run on one thread and only
// networks with large products (conv nets on images) use every core.
#pragma once

#include "core/network/network.h"

namespace core {

// Forward FLOPs of one batch of `batch` samples through `net` (dense and conv layers).
double forwardFlops(Network& net, int batch);
// 1 below `kParallelFlops` forward FLOPs per batch, otherwise the number of cores.
int computeThreadsFor(Network& net, int batch);
constexpr double kParallelFlops = 50e6;

// Sets Eigen's thread count for its lifetime and restores the previous one. Eigen's count is
// global: two runs in parallel must want the same count (the depth sweep sets it first).
class ComputeThreads {
public:
    explicit ComputeThreads(int threads);
    ~ComputeThreads();
    ComputeThreads(const ComputeThreads&) = delete;
    ComputeThreads& operator=(const ComputeThreads&) = delete;

private:
    int m_previous;
};

}  // namespace core
