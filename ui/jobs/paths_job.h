// ui/jobs/paths_job.h: the path-length analysis as a background job (Veit et al. 2016, sec. 3
// and 4.2): train a residual network, then measure the gradient that paths of each length carry
// (core/experiments/path_lengths.h). The result goes into Results::setPaths.
#pragma once

#include "core/data/dataset_registry.h"
#include "core/experiments/path_lengths.h"
#include "core/spec/network_spec.h"
#include "core/train/train_config.h"

namespace ui {

class JobRunner;
class Results;

inline constexpr char kPathsJob[] = "paths";

struct PathsStudy {
    core::NetworkSpec network;       // a residual network
    std::string data = "spiral";
    core::DataOptions dataOptions;
    core::TrainConfig training;
    core::PathGradientOptions options;
};

// Trains `study.network`, then measures it. Returns the job's number.
int startPathsStudy(JobRunner& jobs, Results& results, const PathsStudy& study);

}  // namespace ui
