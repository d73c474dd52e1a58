// core/export/torch_data_source.h: the data set an exported train.py loads, by the name
// loadDataset() knows it: which names it can load, the name with its file paths made absolute
// (so train.py finds the files from anywhere), the sample size of the sets whose shape is known
// without reading a file, and the set in words for the README.
#pragma once

#include "core/data/dataset_registry.h"

#include <cstdint>
#include <optional>
#include <string>

namespace core {

// Throws DataError for a name train.py cannot load, listing the ones it can.
std::string absoluteDataName(const std::string& name);
std::optional<std::int64_t> knownSampleSize(const std::string& name);
// The built-in set whose samples have `values` values, for a network exported without a data
// set: spiral (2), shapes (1x16x16), fashion-mnist (1x28x28); empty when none has (CIFAR-10 and
// the file formats need a path).
std::string fittingDataName(std::int64_t values);
// "spiral (generated: 2000 samples, 25% for testing, seed 0)", or the name itself; for no name,
// what train.py then needs.
std::string dataWords(const std::string& name, const DataOptions& d);

}  // namespace core
