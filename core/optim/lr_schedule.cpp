#include "core/optim/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace core {

double LrSchedule::at(long long step) const {
    double lr = baseLr;
    switch (kind) {
    case ScheduleKind::Constant: break;
    case ScheduleKind::Step:
        lr = baseLr * std::pow(gamma, double(step / std::max(1LL, stepSize)));
        break;
    case ScheduleKind::Cosine: {
        const double t = double(std::min(step, totalSteps)) / double(std::max(1LL, totalSteps));
        lr = baseLr * 0.5 * (1.0 + std::cos(std::numbers::pi * t));
        break;
    }
    }
    if (warmupSteps > 0 && step < warmupSteps)
        lr *= double(step + 1) / double(warmupSteps);
    return lr;
}

std::string_view scheduleName(ScheduleKind kind) {
    switch (kind) {
    case ScheduleKind::Step: return "step";
    case ScheduleKind::Cosine: return "cosine";
    case ScheduleKind::Constant: break;
    }
    return "constant";
}

std::optional<ScheduleKind> scheduleFromName(std::string_view name) {
    if (name == "constant") return ScheduleKind::Constant;
    if (name == "step") return ScheduleKind::Step;
    if (name == "cosine") return ScheduleKind::Cosine;
    return std::nullopt;
}

}  // namespace core
