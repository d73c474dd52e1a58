// Fuzz target: the IDX reader (MNIST / Fashion-MNIST), images and labels, plain files.
#include "fuzz_support.h"

#include "core/data/dataset.h"
#include "core/data/idx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".idx");
    try {
        core::readIdxImages(path);
    } catch (const core::DataError&) {
    }
    try {
        core::readIdxLabels(path);
    } catch (const core::DataError&) {
    }
    return 0;
}
