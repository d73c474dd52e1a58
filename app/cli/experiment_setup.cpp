#include "app/cli/experiment_setup.h"
#include "app/cli/input_option.h"
#include "app/cli/network_source.h"
#include "app/cli/progress.h"
#include "app/cli/train_options.h"

#include "core/experiments/depth_sweep.h"
#include "core/init/initializer.h"
#include "core/spec/presets.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cli {

namespace {

bool wanted(const std::vector<std::string>& families, const std::string& family) {
    return std::find(families.begin(), families.end(), family) != families.end();
}


}  // namespace

std::set<std::string> experimentValueOptions() {
    std::set<std::string> options = trainValueOptions();
    options.insert({"depth", "seed", "save-bundle", "input"});
    return options;
}

std::set<std::string> experimentFlags() {
    std::set<std::string> flags = trainFlags();
    flags.insert("retrain");
    return flags;
}

Experiment prepareExperiment(const Args& args, const std::vector<std::string>& families, bool twins, bool train,
                             const std::function<void(int, const core::StepReport&, core::Network&)>& onStep,
                             const std::vector<core::NetworkSpec>& defaultNetworks,
                             std::optional<std::uint64_t> defaultSeed) {
    Experiment ex;
    const core::SweepConfig defaults = core::defaultSweep();
    ex.dataName = defaults.data;
    ex.dataOptions = defaults.dataOptions;
    ex.training = defaults.train;
    if (defaultSeed)
        ex.training.seed = *defaultSeed;
    std::optional<core::NetworkSpec> spec;

    if (args.positional().size() > 1)
        throw UsageError("give at most one SPEC_OR_BUNDLE (got '" + args.positional()[1] + "' as well)");
    if (args.positional().empty()) {
        ex.source = "default";
        core::MlpOptions o;
        o.depth = args.integer("depth", 56, 4, 2000);
        if (o.depth % 2 != 0)
            throw UsageError("--depth: a spiral net has an even depth (2 + 2 layers per block)");
        o.residual = true;
        spec = core::mlpNet(o);
    } else {
        ex.source = args.positional()[0];
        if (args.has("depth"))
            throw UsageError("--depth applies to the default networks only, not to " + ex.source);
        if (isFileArgument(ex.source)) {
            const std::string text = readSourceFile(ex.source);
            if (core::looksLikeBundle(text)) {
                ex.bundle = core::bundleFromJson(text, ex.source);
                ex.dataName = ex.bundle->data;
                ex.dataOptions = ex.bundle->dataOptions;
                ex.training = ex.bundle->training;
                spec = ex.bundle->spec;
            } else {
                try {
                    spec = core::specFromJson(text);
                } catch (const core::SpecError& e) {
                    throw core::SpecError(ex.source + ": " + e.what());
                }
            }
        } else {
            spec = core::presetByName(ex.source);
        }
    }
    if (args.has("input") && (ex.bundle || ex.source == "default"))
        throw UsageError("--input re-shapes an image network spec or preset; " +
                         std::string(ex.bundle ? ex.source + " is a run bundle, whose networks keep their shape"
                                               : "the default networks are spiral MLPs"));
    applyInputOption(args, *spec, ex.source);
    // An image network without a bundle trains on the generated image set unless told otherwise.
    if (!ex.bundle && spec->input.kind == core::InputKind::Image)
        ex.dataName = "shapes";
    readTrainOptions(args, ex.training);
    if (args.has("seed"))
        ex.training.seed = std::uint64_t(args.integer("seed", 0, 0, 1 << 30));
    readDataOptions(args, ex.dataName, ex.dataOptions);
    ex.data = core::loadDataset(ex.dataName, ex.dataOptions);

    // A bundle with saved weights: the trained networks themselves, no training.
    if (ex.bundle && train && !args.flag("retrain")) {
        for (const core::BundleRun& run : ex.bundle->runs) {
            const std::string family = core::familyOf(run.spec);
            if (!run.weights || !wanted(families, family))
                continue;
            core::TrainedNetwork net;
            net.family = family;
            net.spec = run.spec;
            net.result = run.result;
            net.net = core::restoreNetwork(run, ex.source);
            core::checkSpecFitsData(run.spec, ex.data);
            ex.nets.push_back(std::move(net));
        }
        if (!ex.nets.empty()) {
            std::stable_sort(ex.nets.begin(), ex.nets.end(),
                             [](const auto& a, const auto& b) { return a.family < b.family; });
            ex.restored = true;
            std::cerr << "restored " << ex.nets.size() << " trained network(s) from " << ex.source << "\n";
            return ex;
        }
    }

    std::vector<core::NetworkSpec> candidates = twins ? core::twinSpecs(*spec) : std::vector<core::NetworkSpec>{*spec};
    if (ex.source == "default" && !args.has("depth") && !defaultNetworks.empty())
        candidates = defaultNetworks;
    std::vector<core::NetworkSpec> specs;
    for (const core::NetworkSpec& s : candidates)
        if (wanted(families, core::familyOf(s)))
            specs.push_back(s);
    if (specs.empty())
        throw core::SpecError(ex.source + ": the network " + spec->name + " is " + core::familyOf(*spec) +
                              "; this command needs a " + families.front() + " network");
    for (const core::NetworkSpec& s : specs)
        try {
            core::checkSpecFitsData(s, ex.data);
        } catch (const core::SpecError& e) {
            throw core::SpecError(e.what() + inputHint(s, ex.data.shape));
        }
    if (!train) {
        core::TrainConfig init = ex.training;
        init.epochs = 0;
        ex.nets = core::trainNetworks(specs, ex.data, init);
        return ex;
    }
    Progress progress(!args.flag("quiet"));
    std::cerr << "training " << specs.size() << " network(s) (";
    for (std::size_t i = 0; i < specs.size(); ++i)
        std::cerr << (i ? ", " : "") << specs[i].name;
    std::cerr << ") on " << ex.data.name << " for " << ex.training.epochs << " epochs\n";
    int epochsDone = 0;
    const int total = ex.training.epochs * int(specs.size());
    ex.nets = core::trainNetworks(specs, ex.data, ex.training, {}, [&](int i, const core::EpochReport& e) {
        char label[128];
        std::snprintf(label, sizeof label, "%s epoch %d: train error %.3f", specs[std::size_t(i)].name.c_str(), e.epoch,
                      e.trainError);
        progress.update(double(++epochsDone) / double(std::max(1, total)), label);
    }, onStep);
    progress.finish();
    for (const core::TrainedNetwork& net : ex.nets) {
        if (net.result.status == core::TrainResult::Status::Diverged)
            throw TrainingDiverged(net.spec.name + ": " + net.result.message);
        const core::EpochReport& last = net.result.history.back();
        std::fprintf(stderr, "%-22s final train error %.4f, test error %.4f\n", net.spec.name.c_str(), last.trainError,
                     last.testError);
    }
    return ex;
}

core::RunBundle experimentBundle(const Experiment& ex, const std::string& name) {
    core::RunBundle b = ex.bundle ? *ex.bundle : core::RunBundle{};
    b.name = name;
    b.data = ex.dataName;
    b.dataOptions = ex.dataOptions;
    b.training = ex.training;
    b.seed = ex.training.seed;
    if (!ex.nets.empty())
        b.spec = ex.nets.back().spec;
    if (!ex.restored) {
        b.runs.clear();
        for (const core::TrainedNetwork& net : ex.nets) {
            core::BundleRun run;
            run.label = net.family;
            run.spec = net.spec;
            run.seed = ex.training.seed;
            run.result = net.result;
            run.weights = core::captureWeights(*net.net);
            b.runs.push_back(std::move(run));
        }
    }
    return b;
}

}  // namespace cli
