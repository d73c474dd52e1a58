#include "core/io/settings_json.h"

#include "core/spec/network_spec.h"

#include <cmath>
#include <limits>

namespace core {

namespace {

// Reads `key` into `value` with `read`, unless fields are optional and the key is absent.
template <class T, class Read>
void maybe(FieldReader& r, Fields fields, const std::string& key, T& value, Read read) {
    if (fields == Fields::Some && !r.has(key))
        return;
    value = read(key);
}

}  // namespace

nlohmann::json numberToJson(double value) {
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    return value;
}

double numberFromJson(const nlohmann::json& v, const std::string& path) {
    if (v.is_number())
        return v.get<double>();
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s == "nan")
            return std::numeric_limits<double>::quiet_NaN();
        if (s == "inf")
            return std::numeric_limits<double>::infinity();
        if (s == "-inf")
            return -std::numeric_limits<double>::infinity();
    }
    throw SpecError(path + ": expected a number (or \"nan\", \"inf\", \"-inf\"), got " +
                    (v.is_string() ? "\"" + v.get<std::string>() + "\"" : describeJsonType(v)));
}

double readNumber(FieldReader& r, const std::string& key) { return numberFromJson(r.value(key), r.path(key)); }

nlohmann::json trainConfigToJson(const TrainConfig& c) {
    nlohmann::json j;
    j["epochs"] = c.epochs;
    j["batch_size"] = c.batchSize;
    j["optimizer"] = optimizerName(c.optimizer);
    j["learning_rate"] = c.learningRate;
    j["momentum"] = double(c.sgd.momentum);
    j["nesterov"] = c.sgd.nesterov;
    j["weight_decay"] = double(c.optimizer == OptimizerKind::Adam ? c.adam.weightDecay : c.sgd.weightDecay);
    j["adam_beta1"] = double(c.adam.beta1);
    j["adam_beta2"] = double(c.adam.beta2);
    j["adam_eps"] = double(c.adam.eps);
    j["schedule"] = scheduleName(c.schedule);
    j["step_size_epochs"] = c.stepSizeEpochs;
    j["step_gamma"] = c.stepGamma;
    j["warmup_epochs"] = c.warmupEpochs;
    j["init"] = initSchemeName(c.init.scheme);
    j["zero_last_bn_gamma"] = c.init.zeroLastBnGamma;
    j["seed"] = c.seed;
    j["probe_interval"] = c.probeInterval;
    j["max_steps_per_epoch"] = c.maxStepsPerEpoch;
    j["threads"] = c.threads;
    return j;
}

void readTrainConfig(const nlohmann::json& j, const std::string& path, TrainConfig& c, Fields fields) {
    FieldReader r(j, path);
    auto integer = [&](const std::string& key) { return r.integer(key); };
    auto number = [&](const std::string& key) { return r.number(key); };
    auto single = [&](const std::string& key) { return float(r.number(key)); };
    auto boolean = [&](const std::string& key) { return r.boolean(key); };
    maybe(r, fields, "epochs", c.epochs, integer);
    maybe(r, fields, "batch_size", c.batchSize, integer);
    maybe(r, fields, "optimizer", c.optimizer, [&](const std::string& key) {
        const std::string name = r.string(key);
        const auto kind = optimizerFromName(name);
        if (!kind)
            r.fail(key, "unknown optimizer \"" + name + "\" (expected sgd or adam)");
        return *kind;
    });
    maybe(r, fields, "learning_rate", c.learningRate, number);
    maybe(r, fields, "momentum", c.sgd.momentum, single);
    maybe(r, fields, "nesterov", c.sgd.nesterov, boolean);
    float decay = c.optimizer == OptimizerKind::Adam ? c.adam.weightDecay : c.sgd.weightDecay;
    maybe(r, fields, "weight_decay", decay, single);
    c.sgd.weightDecay = c.adam.weightDecay = decay;
    maybe(r, fields, "adam_beta1", c.adam.beta1, number);
    maybe(r, fields, "adam_beta2", c.adam.beta2, number);
    maybe(r, fields, "adam_eps", c.adam.eps, single);
    maybe(r, fields, "schedule", c.schedule, [&](const std::string& key) {
        const std::string name = r.string(key);
        const auto kind = scheduleFromName(name);
        if (!kind)
            r.fail(key, "unknown schedule \"" + name + "\" (expected constant, step or cosine)");
        return *kind;
    });
    maybe(r, fields, "step_size_epochs", c.stepSizeEpochs, integer);
    maybe(r, fields, "step_gamma", c.stepGamma, number);
    maybe(r, fields, "warmup_epochs", c.warmupEpochs, integer);
    maybe(r, fields, "init", c.init.scheme, [&](const std::string& key) {
        const std::string name = r.string(key);
        const auto scheme = initSchemeFromName(name);
        if (!scheme)
            r.fail(key, "unknown initialisation \"" + name + "\" (expected he or xavier)");
        return *scheme;
    });
    maybe(r, fields, "zero_last_bn_gamma", c.init.zeroLastBnGamma, boolean);
    maybe(r, fields, "seed", c.seed, [&](const std::string& key) { return r.unsignedInteger(key); });
    maybe(r, fields, "probe_interval", c.probeInterval, integer);
    maybe(r, fields, "max_steps_per_epoch", c.maxStepsPerEpoch, integer);
    maybe(r, fields, "threads", c.threads, integer);
    r.finish();
    const std::vector<std::string> problems = checkTrainConfig(c);
    if (!problems.empty())
        throw SpecError((path.empty() ? std::string("training") : path) + ": " + problems.front());
}

nlohmann::json dataOptionsToJson(const DataOptions& o) {
    nlohmann::json j;
    j["size"] = o.size;
    j["test_fraction"] = o.testFraction;
    j["seed"] = o.seed;
    j["noise"] = o.noise;
    j["classes"] = o.classes;
    j["turns"] = o.turns;
    j["cells"] = o.cells;
    j["max_train"] = o.maxTrain;
    j["max_test"] = o.maxTest;
    j["image_size"] = o.imageSize;
    j["normalize"] = o.normalize;
    j["label_column"] = o.labelColumn;
    return j;
}

void readDataOptions(const nlohmann::json& j, const std::string& path, DataOptions& o, Fields fields) {
    FieldReader r(j, path);
    auto count = [&](const std::string& key) { return r.integer(key, 0); };
    auto number = [&](const std::string& key) { return r.number(key); };
    maybe(r, fields, "size", o.size, [&](const std::string& key) { return r.integer(key, 4, 10'000'000); });
    maybe(r, fields, "test_fraction", o.testFraction, number);
    maybe(r, fields, "seed", o.seed, [&](const std::string& key) { return r.unsignedInteger(key); });
    maybe(r, fields, "noise", o.noise, number);
    maybe(r, fields, "classes", o.classes, [&](const std::string& key) { return r.integer(key, 0, 10000); });
    maybe(r, fields, "turns", o.turns, number);
    maybe(r, fields, "cells", o.cells, [&](const std::string& key) { return r.integer(key, 1, 1000); });
    maybe(r, fields, "max_train", o.maxTrain, count);
    maybe(r, fields, "max_test", o.maxTest, count);
    // Files written before image_size existed hold images at their stored size.
    if (r.has("image_size"))
        o.imageSize = r.integer("image_size", 0, 4096);
    maybe(r, fields, "normalize", o.normalize, [&](const std::string& key) { return r.boolean(key); });
    maybe(r, fields, "label_column", o.labelColumn, [&](const std::string& key) { return r.string(key); });
    r.finish();
    if (!(o.testFraction >= 0.0 && o.testFraction < 1.0))
        r.fail("test_fraction", "must be in [0, 1)");
}

nlohmann::json sweepConfigToJson(const SweepConfig& c) {
    nlohmann::json j;
    j["families"] = c.families;
    j["depths"] = c.depths;
    j["seeds"] = c.seeds;
    j["data"] = c.data;
    j["data_options"] = dataOptionsToJson(c.dataOptions);
    j["width"] = c.width;
    j["batchnorm"] = c.batchNorm;
    j["activation"] = activationName(c.activation);
    j["training"] = trainConfigToJson(c.train);
    j["jobs"] = c.jobs;
    return j;
}

void readSweepConfig(const nlohmann::json& j, const std::string& path, SweepConfig& c, Fields fields) {
    constexpr std::size_t kMaxList = 1000;
    FieldReader r(j, path);
    auto list = [&](const std::string& key) -> const nlohmann::json& {
        const nlohmann::json& a = r.array(key);
        if (a.size() > kMaxList)
            r.fail(key, std::to_string(a.size()) + " entries; the limit is " + std::to_string(kMaxList));
        return a;
    };
    maybe(r, fields, "families", c.families, [&](const std::string& key) {
        std::vector<std::string> out;
        const nlohmann::json& a = list(key);
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_string())
                r.fail(key + "[" + std::to_string(i) + "]", "expected a string, got " + describeJsonType(a[i]));
            out.push_back(a[i].get<std::string>());
        }
        return out;
    });
    maybe(r, fields, "depths", c.depths, [&](const std::string& key) {
        std::vector<int> out;
        const nlohmann::json& a = list(key);
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_number_integer() || a[i].get<long long>() < 1 || a[i].get<long long>() > 100000)
                r.fail(key + "[" + std::to_string(i) + "]", "expected a depth between 1 and 100000, got " + a[i].dump());
            out.push_back(a[i].get<int>());
        }
        return out;
    });
    maybe(r, fields, "seeds", c.seeds, [&](const std::string& key) {
        std::vector<std::uint64_t> out;
        const nlohmann::json& a = list(key);
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_number_unsigned())
                r.fail(key + "[" + std::to_string(i) + "]", "expected an integer of 0 or more, got " + a[i].dump());
            out.push_back(a[i].get<std::uint64_t>());
        }
        return out;
    });
    maybe(r, fields, "data", c.data, [&](const std::string& key) { return r.string(key); });
    if (fields == Fields::All || r.has("data_options"))
        readDataOptions(r.object("data_options"), r.path("data_options"), c.dataOptions, fields);
    maybe(r, fields, "width", c.width, [&](const std::string& key) { return r.integer(key, 1, 4096); });
    maybe(r, fields, "batchnorm", c.batchNorm, [&](const std::string& key) { return r.boolean(key); });
    maybe(r, fields, "activation", c.activation, [&](const std::string& key) {
        const std::string name = r.string(key);
        const auto a = activationFromName(name);
        if (!a)
            r.fail(key, "unknown activation \"" + name + "\" (expected relu, tanh or sigmoid)");
        return *a;
    });
    if (fields == Fields::All || r.has("training"))
        readTrainConfig(r.object("training"), r.path("training"), c.train, fields);
    maybe(r, fields, "jobs", c.jobs, [&](const std::string& key) { return r.integer(key, 0, 256); });
    r.finish();
}

}  // namespace core
