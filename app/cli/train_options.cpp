#include "app/cli/train_options.h"

#include "core/data/image_resample.h"

namespace cli {

namespace {

// Refuses the data options that would do nothing for the set `name`.
void checkDataOptionsApply(const Args& args, const std::string& name) {
    const bool images = core::isImageData(name);
    if (args.has("size") && !core::isGeneratedData(name))
        throw UsageError("--size is the number of samples of a generated set (spiral, ..., shapes); " + name +
                         " is read from files: use --max-train N and --max-test N to keep fewer samples" +
                         (images ? ", --image-size N to make the images smaller" : ""));
    if (args.has("noise") && !core::isPointData2d(name))
        throw UsageError("--noise applies to the generated 2-D point sets (spiral, circles, ...), not to " + name);
    if (args.has("test-fraction") && core::hasOwnTestSplit(name))
        throw UsageError("--test-fraction: " + name +
                         " comes with its own test split; use --max-test N to evaluate on fewer test samples");
    if (args.has("data-seed") && core::hasOwnTestSplit(name))
        throw UsageError("--data-seed: " + name + " has a fixed training and test split and nothing random to seed "
                         "(--max-train N keeps the first N training samples)");
    if (args.has("image-size") && !images)
        throw UsageError("--image-size applies to image sets (shapes, fashion-mnist, idx:, cifar10:), not to " + name);
}

}  // namespace

std::set<std::string> trainValueOptions() {
    return {"data", "size", "noise", "epochs", "batch", "lr", "optimizer", "momentum", "weight-decay", "schedule",
            "init", "data-seed", "test-fraction", "max-train", "max-test", "image-size", "warmup"};
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
    c.warmupEpochs = args.integer("warmup", c.warmupEpochs, 0, 100000);
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
    checkDataOptionsApply(args, dataName);
    d.size = args.integer("size", d.size, 4, 10'000'000);
    d.noise = args.number("noise", d.noise, 0.0, 10.0);
    d.seed = std::uint64_t(args.integer("data-seed", int(d.seed), 0, 1 << 30));
    d.testFraction = args.number("test-fraction", d.testFraction, 0.0, 0.9);
    d.maxTrain = args.integer("max-train", d.maxTrain, 0, 10'000'000);
    d.maxTest = args.integer("max-test", d.maxTest, 0, 10'000'000);
    d.imageSize = args.integer("image-size", d.imageSize, 1, 4096);
    // Known sides are checked now; an idx: file's side only once it is read (exit code 3).
    if (const int side = core::storedImageSide(dataName); side > 0 && args.has("image-size"))
        if (const std::string problem = core::imageSizeProblem(side, d.imageSize); !problem.empty())
            throw UsageError("--image-size: " + dataName + ": " + problem);
}

}  // namespace cli
