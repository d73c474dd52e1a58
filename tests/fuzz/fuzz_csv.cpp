// Fuzz target: the CSV reader (numeric columns, one label column).
#include "fuzz_support.h"

#include "core/data/csv_reader.h"
#include "core/data/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".csv");
    try {
        core::loadCsv(path);
    } catch (const core::DataError&) {
    }
    return 0;
}
