// core/data/cifar10_reader.h: the CIFAR-10 binary version (Krizhevsky 2009): a directory with
// data_batch_1.bin .. data_batch_5.bin (training) and test_batch.bin, each a run of 3073-byte
// records: 1 label byte (0..9), then 3 x 32 x 32 pixel bytes, channel-major (all red, all green,
// all blue), which is exactly our column layout. Images become 3 x 32 x 32 columns in [0, 1],
// held as bytes (Split::bytes) and read as floats through Split::columns and Split::gather.
// Each file's size must be a whole number of records; this is checked before allocating.
#pragma once

#include "core/data/dataset.h"

#include <string>
#include <vector>

namespace core {

inline constexpr int kCifar10Side = 32;
inline constexpr int kCifar10Classes = 10;
inline constexpr int kCifar10RecordBytes = 1 + 3 * kCifar10Side * kCifar10Side;  // 3073

// "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck".
const std::vector<std::string>& cifar10ClassNames();

// The first maxSamples records (0 = all) of the given batch files, read in order.
// Throws DataError naming the file (and the record, for a bad label).
Split readCifar10Batches(const std::vector<std::string>& files, int maxSamples = 0);

// The set in dir (or in dir/cifar-10-batches-bin, as the archive unpacks): the first maxTrain
// training and maxTest test images (0 = all).
Dataset loadCifar10(const std::string& dir, int maxTrain = 0, int maxTest = 0);

}  // namespace core
