// app/cli/network_source.h: what export-torch and predict start from. SPEC_OR_BUNDLE is a
// preset name, a network spec file or a run bundle (core/io/run_bundle.h). The network comes
// with trained weights when --weights FILE is given (a weights file of that spec) or when the
// bundle saved them (--run LABEL picks the run; by default the run of the bundle's own network,
// else the first run with weights). The data set and training settings are the bundle's (or
// train's defaults for a spec), with the command-line options on top.
#pragma once

#include "app/cli/cli_args.h"

#include "core/data/dataset_registry.h"
#include "core/network/network.h"
#include "core/spec/network_spec.h"
#include "core/train/train_config.h"

#include <memory>
#include <set>
#include <string>

namespace cli {

struct NetworkSource {
    std::string source;                  // the SPEC_OR_BUNDLE argument
    core::NetworkSpec spec;
    std::unique_ptr<core::Network> net;  // built with its trained weights, or nullptr
    std::string weightsFrom;             // where the weights came from, for messages
    bool fromBundle = false;             // the data set and settings are a bundle's
    std::string dataName;
    core::DataOptions dataOptions;
    core::TrainConfig training;
};

// --weights, --run, --seed and --input (re-shape an image spec or preset), plus the training and
// data options of train.
std::set<std::string> networkSourceOptions();
std::set<std::string> networkSourceFlags();

// Reads the one positional SPEC_OR_BUNDLE and the options. Throws UsageError, SpecError
// (BundleError), WeightsError or DataError.
NetworkSource loadNetworkSource(const Args& args, const std::string& command);

// A command-line source names a file (it exists, has a '/' or ends in .json) rather than a preset.
bool isFileArgument(const std::string& source);
// A network or bundle file's text, refusing directories and files above the bundle size limit.
std::string readSourceFile(const std::string& path);

}  // namespace cli
