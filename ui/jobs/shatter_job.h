// ui/jobs/shatter_job.h: shattered gradients as a background job (Balduzzi et al. 2017): dy/dx
// of 1-input plain and residual nets at initialisation (core/experiments/shattered_gradients.h).
// It takes a second or two, so a view can start one whenever its depths change: each start
// replaces the running job and the runner discards whatever the replaced one still delivers.
// The result goes into Results::setShatter (a cancelled job delivers nothing).
#pragma once

#include "core/experiments/shattered_gradients.h"

namespace ui {

class JobRunner;
class Results;

inline constexpr char kShatterJob[] = "shatter";

// Measures `config`. Returns the job's number.
int startShatter(JobRunner& jobs, Results& results, const core::ShatterConfig& config);

}  // namespace ui
