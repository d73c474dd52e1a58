// core/export/torch_export_options.h: the training run an exported train.py reproduces: the
// data set and its options, and the training settings.
#pragma once

#include "core/data/dataset_registry.h"
#include "core/train/train_config.h"

#include <string>

namespace core {

struct ExportOptions {
    // A loadDataset() name (file paths are made absolute), or empty for none: train.py then
    // asks for --data NAME. The model itself never depends on a data set.
    std::string dataName = "spiral";
    DataOptions data;
    TrainConfig train;
};

}  // namespace core
