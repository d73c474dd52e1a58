// core/io/settings_json.h: the JSON form of the settings an experiment is made of, shared by
// the run bundle (every field written and required) and the lesson files (any subset of the
// fields, on top of the defaults, so a teacher writes only what differs). Unknown fields are
// errors naming their path, like everywhere else.
//   training: epochs, batch_size, optimizer ("sgd" | "adam"), learning_rate, momentum,
//     nesterov, weight_decay, adam_beta1, adam_beta2, adam_eps, schedule ("constant" | "step" |
//     "cosine"), step_size_epochs, step_gamma, warmup_epochs, init ("he" | "xavier"),
//     zero_last_bn_gamma, seed, probe_interval, max_steps_per_epoch, threads
//   data options: size, test_fraction, seed, noise, classes, turns, cells, max_train,
//     max_test, image_size (optional: files without it hold images at their stored size),
//     normalize, label_column
// Doubles are written in the shortest form that reads back to the same bits; non-finite values
// (a diverged loss) as the strings "nan", "inf" and "-inf".
#pragma once

#include "core/data/dataset_registry.h"
#include "core/experiments/depth_sweep.h"
#include "core/spec/json_fields.h"
#include "core/train/train_config.h"

#include <nlohmann/json.hpp>

#include <string>

namespace core {

enum class Fields { All, Some };   // All: every field required; Some: missing ones keep their value

nlohmann::json trainConfigToJson(const TrainConfig& config);
void readTrainConfig(const nlohmann::json& j, const std::string& path, TrainConfig& config, Fields fields);

nlohmann::json dataOptionsToJson(const DataOptions& options);
void readDataOptions(const nlohmann::json& j, const std::string& path, DataOptions& options, Fields fields);

// families, depths, seeds, data, data_options, width, batchnorm, activation, training, jobs.
nlohmann::json sweepConfigToJson(const SweepConfig& config);
void readSweepConfig(const nlohmann::json& j, const std::string& path, SweepConfig& config, Fields fields);

// A double that may be non-finite.
nlohmann::json numberToJson(double value);
double numberFromJson(const nlohmann::json& value, const std::string& path);
double readNumber(FieldReader& r, const std::string& key);   // number or "nan" / "inf" / "-inf"

}  // namespace core
