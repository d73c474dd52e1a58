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
        throw SpecError("the network " + spec.name + " expects inputs of shape " + inputShapeOf(spec.input).str() +
                        " but the data set " + data.name + " has samples of shape " + data.shape.str());
    if (data.classes > spec.classes)
        throw SpecError("the data set " + data.name + " has " + std::to_string(data.classes) +
                        " classes but the network " + spec.name + " has " + std::to_string(spec.classes) + " outputs");
}

std::vector<TrainedNetwork> trainNetworks(const std::vector<NetworkSpec>& specs, const Dataset& data,
                                          const TrainConfig& config, std::stop_token stop,
                                          const std::function<void(int, const EpochReport&)>& onEpoch,
                                          const std::function<void(int, const StepReport&, Network&)>& onStep) {
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
    if (config.epochs == 0)
        return runs;

    // Independent runs on separate threads, one core each (as the depth sweep does).
    const bool parallel = runs.size() > 1 && std::thread::hardware_concurrency() > 1;
    const ComputeThreads threads(parallel ? 1 : Eigen::nbThreads());
    std::mutex reportMutex;
    std::vector<std::exception_ptr> errors(runs.size());
    auto job = [&](std::size_t i) {
        try {
            TrainConfig c = config;
            if (parallel)
                c.threads = 1;
            TrainCallbacks cb;
            if (onEpoch)
                cb.onEpoch = [&](const EpochReport& e, Network&) {
                    std::lock_guard lock(reportMutex);
                    onEpoch(int(i), e);
                };
            if (onStep)
                cb.onStep = [&, i](const StepReport& r, Network& net) { onStep(int(i), r, net); };
            runs[i].result = train(*runs[i].net, data, c, stop, cb);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    if (parallel) {
        std::atomic<std::size_t> next{0};
        const std::size_t count = std::min<std::size_t>(runs.size(), std::thread::hardware_concurrency());
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
    for (const std::exception_ptr& e : errors)
        if (e)
            std::rethrow_exception(e);
    return runs;
}

}  // namespace core
