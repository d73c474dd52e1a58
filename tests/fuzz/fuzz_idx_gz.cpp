// Fuzz target: the IDX reader on gzip-compressed files (the input is the .gz file itself).
#include "fuzz_support.h"

#include "core/data/dataset.h"
#include "core/data/idx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".idx.gz");
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
