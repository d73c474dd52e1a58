#include "app/cli/network_source.h"

#include "app/cli/input_option.h"
#include "app/cli/train_options.h"

#include "core/io/file_io.h"
#include "core/io/run_bundle.h"
#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <filesystem>

namespace cli {

namespace {

// The bundle run whose weights to use: --run LABEL, else the run of the bundle's network,
// else the first run with weights; nullptr when no run saved any.
const core::BundleRun* chooseRun(const core::RunBundle& bundle, const Args& args, const std::string& source) {
    if (args.has("run")) {
        const core::BundleRun* run = bundle.run(args.value("run"));
        if (!run)
            throw UsageError("--run: " + source + " has no run labelled '" + args.value("run") + "'");
        return run;
    }
    for (const core::BundleRun& run : bundle.runs)
        if (run.weights && run.spec == bundle.spec)
            return &run;
    for (const core::BundleRun& run : bundle.runs)
        if (run.weights)
            return &run;
    return nullptr;
}

}  // namespace

std::set<std::string> networkSourceOptions() {
    std::set<std::string> options = trainValueOptions();
    options.insert({"weights", "run", "seed", "input"});
    return options;
}

std::set<std::string> networkSourceFlags() { return trainFlags(); }

NetworkSource loadNetworkSource(const Args& args, const std::string& command) {
    if (args.positional().size() != 1)
        throw UsageError(command + " needs exactly one SPEC_OR_BUNDLE (a spec file, a run bundle or a preset name)");
    NetworkSource s;
    s.source = args.positional()[0];
    std::optional<core::RunBundle> bundle;
    if (isFileArgument(s.source)) {
        const std::string text = readSourceFile(s.source);
        if (core::looksLikeBundle(text)) {
            bundle = core::bundleFromJson(text, s.source);
        } else {
            try {
                s.spec = core::specFromJson(text);
            } catch (const core::SpecError& e) {
                throw core::SpecError(s.source + ": " + e.what());
            }
        }
    } else {
        s.spec = core::presetByName(s.source);
    }

    if (bundle && args.has("input"))
        throw UsageError("--input re-shapes a network spec or preset; " + s.source +
                         " is a run bundle, whose networks keep the shape they were trained for");
    applyInputOption(args, s.spec, s.source);
    if (bundle) {
        s.fromBundle = true;
        s.spec = bundle->spec;
        s.dataName = bundle->data;
        s.dataOptions = bundle->dataOptions;
        s.training = bundle->training;
        if (args.has("run") && args.has("weights"))
            throw UsageError("give --run or --weights, not both");
        if (!args.has("weights"))
            if (const core::BundleRun* run = chooseRun(*bundle, args, s.source)) {
                s.spec = run->spec;
                s.net = core::restoreNetwork(*run, s.source);
                s.weightsFrom = s.source + " (run '" + run->label + "')";
            }
    } else {
        if (args.has("run"))
            throw UsageError("--run needs a run bundle, and " + s.source + " is a network spec");
        s.dataName = s.spec.input.kind == core::InputKind::Image ? "shapes" : "spiral";
    }
    const std::vector<core::SpecIssue> issues = core::validate(s.spec);
    if (!issues.empty()) {
        std::string message = s.source + ": the network is not valid:";
        for (const core::SpecIssue& issue : issues)
            message += "\n  " + issue.message;
        throw core::SpecError(message);
    }
    if (args.has("weights")) {
        s.net = core::buildNetwork(s.spec);
        core::loadWeights(*s.net, args.value("weights"));
        s.weightsFrom = args.value("weights");
    }
    readTrainOptions(args, s.training);
    if (args.has("seed"))
        s.training.seed = std::uint64_t(args.integer("seed", 0, 0, 1 << 30));
    readDataOptions(args, s.dataName, s.dataOptions);
    return s;
}

bool isFileArgument(const std::string& source) {
    std::error_code ec;
    return std::filesystem::exists(source, ec) || source.find('/') != std::string::npos || source.ends_with(".json");
}

std::string readSourceFile(const std::string& path) {
    return core::readFileBounded<core::SpecError>(path, {"network or bundle file", core::BundleLimits::kMaxFileBytes});
}

}  // namespace cli
