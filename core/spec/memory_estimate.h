// core/spec/memory_estimate.h: about how much memory training a network takes, before it is
// allocated: every layer's kept tensors (core/layer.h: a layer keeps its output, and layers
// that need their input for backward keep a reference to it, not a copy), the gradients alive
// during backward, the optimizer's state and the engine's scratch, for one batch. An estimate
// within about 25%, used to refuse a run that cannot fit with a message instead of letting it
// die in the middle of an allocation.
#pragma once

#include "core/format.h"   // formatBytes, for the messages about memory
#include "core/network/network.h"
#include "core/spec/network_spec.h"

#include <cstdint>
#include <string>

namespace core {

// From the spec, before anything is built: parameters with gradients and optimizer state, and
// the activations of a training step at `batch`.
std::int64_t estimateTrainingBytes(const NetworkSpec& spec, int batch);

// From a built network, what training adds to what it already holds (parameters and their
// gradients): the tensors of a step at `batch` and of an evaluation at `evalBatch` (the
// larger of the two), the optimizer's state and the scratch of `threads` threads.
std::int64_t estimateTrainingBytes(Network& net, int batch, int evalBatch, int threads);

}  // namespace core
