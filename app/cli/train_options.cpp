#include "app/cli/train_options.h"

namespace cli {

std::set<std::string> trainValueOptions() {
    return {"data", "size", "noise", "epochs", "batch", "lr", "optimizer", "momentum",
            "weight-decay", "schedule", "init", "data-seed"};
}

std::set<std::string> trainFlags() { return {"zero-gamma", "quiet"}; }

void readTrainOptions(const Args& args, core::TrainConfig& c) {
    c.epochs = args.integer("epochs", c.epochs, 1, 100000);
    c.batchSize = args.integer("batch", c.batchSize, 2, 65536);
    c.learningRate = args.number("lr", c.learningRate, 1e-12, 100.0);
    if (args.has("optimizer")) {
        const auto kind = core::optimizerFromName(args.value("optimizer"));
        if (!kind)
            throw UsageError("--optimizer: '" + args.value("optimizer") + "' is not sgd or adam");
        c.optimizer = *kind;
    }
    c.sgd.momentum = float(args.number("momentum", c.sgd.momentum, 0.0, 0.999));
    const float wd = float(args.number("weight-decay", c.sgd.weightDecay, 0.0, 1.0));
    c.sgd.weightDecay = c.adam.weightDecay = wd;
    if (args.has("schedule")) {
        const auto kind = core::scheduleFromName(args.value("schedule"));
        if (!kind)
            throw UsageError("--schedule: '" + args.value("schedule") + "' is not constant, step or cosine");
        c.schedule = *kind;
    }
    if (args.has("init")) {
        const auto scheme = core::initSchemeFromName(args.value("init"));
        if (!scheme)
            throw UsageError("--init: '" + args.value("init") + "' is not he or xavier");
        c.init.scheme = *scheme;
    }
    if (args.flag("zero-gamma"))
        c.init.zeroLastBnGamma = true;
}

void readDataOptions(const Args& args, std::string& dataName, core::DataOptions& d) {
    dataName = args.value("data", dataName);
    d.size = args.integer("size", d.size, 4, 10'000'000);
    d.noise = args.number("noise", d.noise, 0.0, 10.0);
    d.seed = std::uint64_t(args.integer("data-seed", int(d.seed), 0, 1 << 30));
}

}  // namespace cli
