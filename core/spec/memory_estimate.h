// core/spec/memory_estimate.h: about how much memory training a network takes, before any of
// it is allocated: parameters with their gradients and optimizer state, plus every layer's
// output, its gradient and the caches backward needs, for one batch. An estimate within a
// factor of about 2, used to refuse a run that cannot fit a memory budget with a message
// instead of letting it die in the middle of an allocation.
#pragma once

#include "core/spec/network_spec.h"

#include <cstdint>
#include <string>

namespace core {

std::int64_t estimateTrainingBytes(const NetworkSpec& spec, int batch);
// "1.5 GiB", "320 MiB", ...
std::string formatBytes(std::int64_t bytes);

}  // namespace core
