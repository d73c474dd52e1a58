#include "core/experiments/twin_training.h"

#include "core/init/initializer.h"
#include "core/parallel.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace core {

std::string familyOf(const NetworkSpec& spec) {
    for (const BlockSpec& b : spec.blocks)
        if (b.residual())
            return "residual";
    return "plain";
}

namespace {

// "spiral-residual-56" -> "spiral-plain-56", "ResNet-20" -> "Plain-20"; otherwise a suffix.
std::string twinName(const std::string& name, const std::string& from, const std::string& to) {
    for (const auto& [a, b] : {std::pair{from, to}, std::pair{from == "residual" ? std::string("ResNet") : "Plain",
                                                                to == "plain" ? std::string("Plain") : "ResNet"}}) {
        const std::size_t at = name.find(a);
        if (at != std::string::npos)
            return name.substr(0, at) + b + name.substr(at + a.size());
    }
    return name + " (" + to + " twin)";
}

}  // namespace

std::vector<NetworkSpec> twinSpecs(const NetworkSpec& spec, ShortcutKind whereShapesChange) {
    if (familyOf(spec) == "residual") {
        NetworkSpec plain = plainTwin(spec);
        plain.name = twinName(spec.name, "residual", "plain");
        return {plain, spec};
    }
    NetworkSpec residual = residualTwin(spec, whereShapesChange);
    residual.name = twinName(spec.name, "plain", "residual");
    return {spec, residual};
}

void checkSpecFitsData(const NetworkSpec& spec, const Dataset& data) {
    const std::vector<SpecIssue> issues = validate(spec);
    if (!issues.empty()) {
        std::string message = "the network " + spec.name + " is not valid:";
        for (const SpecIssue& issue : issues)
            message += "\n  " + issue.message;
        throw SpecError(message);
    }
    if (inputShapeOf(spec.input).size() != data.shape.size())
        throw SpecError("the network " + spec.name + " expects inputs of shape " + inputShapeOf(spec.input).str() + " (" +
                        std::to_string(inputShapeOf(spec.input).size()) + " values) but the data set " + data.name +
                        " has samples of shape " + data.shape.str() + " (" + std::to_string(data.shape.size()) +
                        " values): choose a data set that fits the network's input");
    if (data.classes > spec.classes)
        throw SpecError("the data set " + data.name + " has " + std::to_string(data.classes) +
                        " classes but the network " + spec.name + " has " + std::to_string(spec.classes) + " outputs");
}

std::vector<TrainedNetwork> prepareNetworks(const std::vector<NetworkSpec>& specs, const Dataset& data,
                                            const TrainConfig& config) {
    std::vector<TrainedNetwork> runs;
    for (const NetworkSpec& spec : specs) {
        checkSpecFitsData(spec, data);
        TrainedNetwork run;
        run.family = familyOf(spec);
        run.spec = spec;
        run.net = buildNetwork(spec);
        initialize(*run.net, config.init, config.seed);
        runs.push_back(std::move(run));
    }
    return runs;
}

std::vector<std::exception_ptr> trainPrepared(std::vector<TrainedNetwork>& runs, const Dataset& data,
                                              const TrainConfig& config, std::stop_token stop, const TwinHooks& hooks) {
    // Independent runs on separate threads, one core each (as the depth sweep does).
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const bool parallel = runs.size() > 1 && (hooks.sideBySide || cores > 1);
    const ComputeThreads threads(parallel ? 1 : Eigen::nbThreads());
    std::vector<std::exception_ptr> errors(runs.size());
    auto job = [&](std::size_t i) {
        try {
            TrainConfig c = config;
            if (parallel)
                c.threads = 1;
            if (hooks.beforeTraining)
                hooks.beforeTraining(int(i), runs[i]);
            const TrainCallbacks callbacks = hooks.callbacks ? hooks.callbacks(int(i)) : TrainCallbacks{};
            runs[i].result = train(*runs[i].net, data, c, stop, callbacks);
            if (hooks.afterTraining)
                hooks.afterTraining(int(i), runs[i]);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    if (parallel) {
        std::atomic<std::size_t> next{0};
        const std::size_t count = hooks.sideBySide ? runs.size() : std::min(runs.size(), cores);
        std::vector<std::jthread> workers;
        for (std::size_t w = 0; w < count; ++w)
            workers.emplace_back([&] {
                for (std::size_t i = next++; i < runs.size(); i = next++)
                    job(i);
            });
    } else {
        for (std::size_t i = 0; i < runs.size(); ++i)
            job(i);
    }
    return errors;
}

std::vector<TrainedNetwork> trainNetworks(const std::vector<NetworkSpec>& specs, const Dataset& data,
                                          const TrainConfig& config, std::stop_token stop,
                                          const std::function<void(int, const EpochReport&)>& onEpoch,
                                          const std::function<void(int, const StepReport&, Network&)>& onStep) {
    std::vector<TrainedNetwork> runs = prepareNetworks(specs, data, config);
    if (config.epochs == 0)
        return runs;
    std::mutex reportMutex;
    TwinHooks hooks;
    hooks.callbacks = [&](int i) {
        TrainCallbacks cb;
        if (onEpoch)
            cb.onEpoch = [&, i](const EpochReport& e, Network&) {
                std::lock_guard lock(reportMutex);
                onEpoch(i, e);
            };
        if (onStep)
            cb.onStep = [&, i](const StepReport& r, Network& net) { onStep(i, r, net); };
        return cb;
    };
    for (const std::exception_ptr& e : trainPrepared(runs, data, config, stop, hooks))
        if (e)
            std::rethrow_exception(e);
    return runs;
}

}  // namespace core
