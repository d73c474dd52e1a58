// core/io/weights_file.h: a network's trained state (parameters and BN running statistics) in
// a small versioned binary file, checked on load against the network it is loaded into.
// Layout (little-endian): "RNLWEIGHTS" magic (10 bytes), u32 version = 1, u32 tensor count,
// then per tensor: u32 name length, the name, u8 kind (0 parameter, 1 buffer), u64 value
// count, the float32 values in the engine's flat order (weights column-major, out x in).
#pragma once

#include "core/network/network.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace core {

class WeightsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

void saveWeights(Network& net, const std::string& path);   // atomic (temp + rename)
// Every tensor of `net` must be in the file with the right size, and nothing else; the
// network is changed only when the whole file is valid.
void loadWeights(Network& net, const std::string& path);

// The same format in memory (a run bundle embeds it): the bytes saveWeights would write, and
// loading from such bytes with the same checks; `source` names them in messages.
std::string weightsToBytes(Network& net);
void loadWeightsFromBytes(Network& net, std::string_view bytes, const std::string& source);

}  // namespace core
