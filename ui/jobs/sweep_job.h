// ui/jobs/sweep_job.h: the depth sweep as a background job (He et al. 2015, fig. 1 and 6):
// families x depths x seeds, spread over the cores by core::runDepthSweep. Into Results go the
// sweep's config (at once), the epochs of the runs in progress (at most ~30 deliveries a
// second) and each run when it ends; progress counts the runs done, running and left, with an
// estimate of the time left.
#pragma once

#include "core/experiments/depth_sweep.h"

namespace ui {

class JobRunner;
class Results;

inline constexpr char kSweepJob[] = "sweep";

// The index of run (family, depth, seed) in a config's order: families x depths x seeds.
int sweepRunIndex(const core::SweepConfig& config, int family, int depth, int seed);

// Starts the sweep (check the config first: core::checkSweepConfig). Returns the job's number.
int startSweep(JobRunner& jobs, Results& results, const core::SweepConfig& config);

}  // namespace ui
