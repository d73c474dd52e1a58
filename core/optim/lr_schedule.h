// core/optim/lr_schedule.h: the learning rate as a function of the step t = 0, 1, ...
//   constant: lr0
//   step:     lr0 gamma^floor(t / stepSize)
//   cosine:   lr0 (1 + cos(pi t / T)) / 2 over T = totalSteps (PyTorch's CosineAnnealingLR,
//             eta_min 0, stepped once per batch)
// with an optional linear warm-up that scales the first warmupSteps by (t + 1) / warmupSteps.
#pragma once

#include <optional>
#include <string_view>

namespace core {

enum class ScheduleKind { Constant, Step, Cosine };

struct LrSchedule {
    ScheduleKind kind = ScheduleKind::Constant;
    double baseLr = 0.05;
    long long totalSteps = 1;     // cosine
    long long stepSize = 1000;    // step
    double gamma = 0.1;           // step
    long long warmupSteps = 0;

    double at(long long step) const;
};

std::string_view scheduleName(ScheduleKind kind);   // "constant", "step", "cosine"
std::optional<ScheduleKind> scheduleFromName(std::string_view name);

}  // namespace core
