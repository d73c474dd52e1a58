// resnetlab-cli train SPEC.json [--data NAME] [--epochs N] [--seed S] [--input CxHxW] [--out DIR]
// ...: trains one network, writes history.csv (one row per epoch) and weights.rnlw, prints the final
// metrics. Exit code 4 when training diverges.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/input_option.h"
#include "app/cli/network_source.h"
#include "app/cli/progress.h"
#include "app/cli/train_options.h"

#include "core/init/initializer.h"
#include "core/io/file_io.h"
#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"
#include "core/train/trainer.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cli {

core::NetworkSpec loadSpecOrPreset(const std::string& source) {
    return isFileArgument(source) ? core::loadSpecFile(source) : core::presetByName(source);
}

int runTrain(const std::vector<std::string>& argv) {
    std::set<std::string> options = trainValueOptions();
    options.insert({"seed", "out", "input"});
    const Args args(argv, options, trainFlags());
    if (args.positional().size() != 1)
        throw UsageError("train needs exactly one SPEC.json (or a preset name)");
    core::NetworkSpec spec = loadSpecOrPreset(args.positional()[0]);
    applyInputOption(args, spec, args.positional()[0]);
    const std::vector<core::SpecIssue> issues = core::validate(spec);
    if (!issues.empty()) {
        std::string message = args.positional()[0] + ": the network is not valid:";
        for (const core::SpecIssue& issue : issues)
            message += "\n  " + issue.message;
        throw core::SpecError(message);
    }
    core::TrainConfig config;
    readTrainOptions(args, config);
    config.seed = std::uint64_t(args.integer("seed", 0, 0, 1 << 30));
    std::string dataName = spec.input.kind == core::InputKind::Image ? "shapes" : "spiral";
    core::DataOptions dataOptions;
    readDataOptions(args, dataName, dataOptions);
    const std::string out = args.value("out", ".");
    std::filesystem::create_directories(out);

    const core::Dataset data = core::loadDataset(dataName, dataOptions);
    if (core::inputShapeOf(spec.input).size() != data.shape.size())
        throw core::SpecError("the network expects inputs of shape " + core::inputShapeOf(spec.input).str() +
                              " but the data set " + data.name + " has samples of shape " + data.shape.str() +
                              inputHint(spec, data.shape));
    if (data.classes > spec.classes)
        throw core::SpecError("the data set " + data.name + " has " + std::to_string(data.classes) +
                              " classes but the network has " + std::to_string(spec.classes) + " outputs");
    auto net = core::buildNetwork(spec);
    core::initialize(*net, config.init, config.seed);

    Progress progress(!args.flag("quiet"));
    core::TrainCallbacks callbacks;
    callbacks.onStep = [&](const core::StepReport& s, core::Network&) {
        char label[96];
        std::snprintf(label, sizeof label, "epoch %d, step %lld, loss %.4f", s.epoch + 1, s.step, s.loss);
        progress.update(double(s.step) / double(std::max(1LL, s.totalSteps)), label);
    };
    const core::TrainResult result = core::train(*net, data, config, {}, callbacks);
    progress.finish();

    const std::string historyPath = out + "/history.csv";
    std::ostringstream history;
    history << "epoch,step,batch_loss,batch_error,train_loss,train_error,test_loss,test_error,seconds\n";
    for (const core::EpochReport& e : result.history)
        history << e.epoch << ',' << e.step << ',' << e.batchLoss << ',' << e.batchError << ',' << e.trainLoss << ','
                << e.trainError << ',' << e.testLoss << ',' << e.testError << ',' << e.seconds << '\n';
    core::writeFileAtomically<std::runtime_error>(historyPath, history.str());
    if (result.status == core::TrainResult::Status::Diverged) {
        std::cerr << "resnetlab-cli train: " << result.message << "\n";
        return kDiverged;
    }
    const std::string weightsPath = out + "/weights.rnlw";
    core::saveWeights(*net, weightsPath);
    const core::EpochReport& last = result.history.back();
    std::printf("%s on %s: %d epochs, %lld steps in %.1f s\n", spec.name.c_str(), data.name.c_str(), last.epoch,
                result.steps, result.seconds);
    std::printf("final train loss %.4f, train error %.4f, test loss %.4f, test error %.4f\n", last.trainLoss,
                last.trainError, last.testLoss, last.testError);
    std::cerr << "wrote " << historyPath << " and " << weightsPath << "\n";
    return kOk;
}

}  // namespace cli
