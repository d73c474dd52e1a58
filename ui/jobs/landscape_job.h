// ui/jobs/landscape_job.h: the loss landscape as a background job (Li et al. 2018): train a
// network's plain and residual twins (core/experiments/twin_training.h), keeping their weights
// along the way, then evaluate each one's filter-normalised random plane and its training path
// on the PCA plane (core/experiments/loss_landscape_trajectory.h). The study goes into
// Results::setLandscape; a cancelled study delivers the points evaluated so far.
#pragma once

#include "core/data/dataset_registry.h"
#include "core/experiments/loss_landscape.h"
#include "core/spec/network_spec.h"
#include "core/train/train_config.h"

#include <string>

namespace ui {

class JobRunner;
class Results;

inline constexpr char kLandscapeJob[] = "landscape";

struct LandscapeRequest {
    core::NetworkSpec network;       // its plain and residual twins are trained
    std::string data = "spiral";
    core::DataOptions dataOptions;
    core::TrainConfig training;
    core::LandscapeConfig config;    // directionSeed: the training seed unless set
    int pathGrid = 21;
};

// The default: the 56-layer spiral twins trained as the default sweep trains them, a 41x41
// grid over [-1, 1]^2 (what resnetlab-cli landscape does without arguments).
LandscapeRequest defaultLandscapeRequest(int depth = 56);

// Trains the twins, then evaluates their landscapes. Returns the job's number.
int startLandscape(JobRunner& jobs, Results& results, const LandscapeRequest& request);

}  // namespace ui
