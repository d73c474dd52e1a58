// ui/jobs/ablation_job.h: the block-design ablation (He et al. 2016, Tables 1 and 2, with
// ReZero, SkipInit and Fixup) as a background job: every variant x seed trained from the same
// data, seeds and batch order by core::runAblation, spread over the cores. Into Results go the
// config (at once), the data's chance error and each run when it ends; progress counts the runs
// done, with an estimate of the time left.
#pragma once

#include "core/experiments/ablation.h"

namespace ui {

class JobRunner;
class Results;

inline constexpr char kAblationJob[] = "ablation";

// Starts the ablation (check the config first: core::checkAblationConfig). Returns the job's
// number.
int startAblation(JobRunner& jobs, Results& results, const core::AblationConfig& config);

}  // namespace ui
