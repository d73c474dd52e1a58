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

// For a program with a window: OpenMP's threads (libgomp) spin at every barrier until work
// comes, and libgomp reads OMP_WAIT_POLICY once, when it is loaded, before main(). Beside a
// window that repaints, the spinning threads hold the cores the window needs and the window
// holds the thread a barrier waits for: a ResNet-20 step on 28x28 images took 2.0 s instead of
// 0.32 s with the passive policy (bench/live_images.cpp, bench/RESULTS.md). Unless the user
// chose a policy, this sets OMP_WAIT_POLICY=PASSIVE and runs the program again in its place
// (execv of /proc/self/exe, same arguments); it returns only when the policy is already set or
// the new start failed, and the program goes on as it is. The command line, which has no
// window, keeps the default: spinning is faster there.
void relaunchWithPassiveOpenMp(char** argv);

}  // namespace core
