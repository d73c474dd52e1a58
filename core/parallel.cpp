#include "core/parallel.h"

#include "core/layers/conv2d.h"
#include "core/layers/dense.h"

#include <Eigen/Core>

#include <cstdlib>
#include <thread>

#include <unistd.h>

namespace core {

double forwardFlops(Network& net, int batch) {
    double flops = 0.0;
    forEachLayer(net, "", [&](const std::string&, Layer& layer) {
        if (auto* dense = dynamic_cast<Dense*>(&layer))
            flops += 2.0 * dense->fanIn() * dense->fanOut();
        else if (auto* conv = dynamic_cast<Conv2d*>(&layer))
            flops += 2.0 * conv->fanIn() * conv->options().outChannels * conv->outputShape().pixels();
    });
    return flops * batch;
}

int computeThreadsFor(Network& net, int batch) {
    if (forwardFlops(net, batch) < kParallelFlops)
        return 1;
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

// Eigen's thread count is one global: it is written only when it changes, so parallel runs
// that all want what is already set (the depth sweep sets 1 before starting them) only read it.
ComputeThreads::ComputeThreads(int threads) : m_previous(Eigen::nbThreads()) {
    if (m_previous != std::max(1, threads))
        Eigen::setNbThreads(std::max(1, threads));
}

ComputeThreads::~ComputeThreads() {
    if (Eigen::nbThreads() != m_previous)
        Eigen::setNbThreads(m_previous);
}

void relaunchWithPassiveOpenMp(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY") || !argv || !argv[0])
        return;
    if (::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0)
        return;
    ::execv("/proc/self/exe", argv);
    // Still here: the new start failed; this process goes on with the policy it loaded with.
}

}  // namespace core
