// Fuzz target: the weights file reader, loading into a small fixed network.
#include "fuzz_support.h"

#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static auto net = core::buildNetwork(core::presetByName("spiral-residual-4"));
    const std::string path = fuzz::writeInput(data, size, ".rnlw");
    try {
        core::loadWeights(*net, path);
    } catch (const core::WeightsError&) {
    }
    return 0;
}
