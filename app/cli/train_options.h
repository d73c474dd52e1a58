// app/cli/train_options.h: the training and data options shared by train and sweep:
//   --data NAME --size N --noise X --epochs N --batch N --lr X --optimizer sgd|adam
//   --momentum X --weight-decay X --schedule constant|step|cosine --init he|xavier --zero-gamma
#pragma once

#include "app/cli/cli_args.h"

#include "core/data/dataset_registry.h"
#include "core/train/train_config.h"

#include <set>
#include <string>

namespace cli {

std::set<std::string> trainValueOptions();
std::set<std::string> trainFlags();
// Applies the options found in `args` on top of `config` and `data`.
void readTrainOptions(const Args& args, core::TrainConfig& config);
void readDataOptions(const Args& args, std::string& dataName, core::DataOptions& data);

}  // namespace cli
