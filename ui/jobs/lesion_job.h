// ui/jobs/lesion_job.h: the lesion study as a background job (Veit et al. 2016, sec. 4): train a
// network's plain and residual twins (core/experiments/twin_training.h), or take a bundle's
// trained runs, then remove blocks from each at test time (core/experiments/lesion_study.h).
// The results go into Results::setLesion; progress names the phase.
#pragma once

#include "core/data/dataset_registry.h"
#include "core/experiments/lesion_study.h"
#include "core/io/run_bundle.h"
#include "core/spec/network_spec.h"
#include "core/train/train_config.h"

namespace ui {

class JobRunner;
class Results;

inline constexpr char kLesionJob[] = "lesion";

struct LesionStudy {
    core::NetworkSpec network;       // its plain and residual twins are trained...
    std::vector<core::NetworkSpec> networks;   // ...unless these are given: trained as they are
    std::string data = "spiral";
    core::DataOptions dataOptions;
    core::TrainConfig training;
    core::LesionConfig config;
};

// Trains the twins of `study.network` (or `study.networks`), then lesions each. Returns the
// job's number.
int startLesionStudy(JobRunner& jobs, Results& results, const LesionStudy& study);
// Lesions the runs of `bundle` that have saved weights, without training (a bundle with no
// weights delivers no result).
int startLesionOnBundle(JobRunner& jobs, Results& results, const core::RunBundle& bundle,
                        const core::LesionConfig& config);

}  // namespace ui
