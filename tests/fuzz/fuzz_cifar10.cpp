// Fuzz target: the CIFAR-10 binary batch reader.
#include "fuzz_support.h"

#include "core/data/cifar10_reader.h"
#include "core/data/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".bin");
    try {
        core::readCifar10Batches({path});
    } catch (const core::DataError&) {
    }
    return 0;
}
