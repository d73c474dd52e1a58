// app/cli/train_options.h: the training and data options shared by train, sweep, ablate, lesion,
// paths, predict and export-torch:
//   --data NAME --size N --noise X --data-seed S --test-fraction X --max-train N --max-test N
//   --image-size N --epochs N --batch N --lr X --optimizer sgd|adam --momentum X
//   --weight-decay X --schedule constant|step|cosine --warmup EPOCHS --init he|xavier --zero-gamma
// A data option that does nothing for the data set named is refused with a message saying why
// and what to use instead (--size on fashion-mnist, --noise on images, ...), before any data is
// loaded.
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
