// core/experiments/depth_sweep.h: the chapter's central experiment. Families (plain, residual)
// x depths x seeds, each run trained on the same data set; the final *training* error against
// depth shows the degradation problem (He et al. 2015, fig. 1 and 6). Twins of one depth and
// seed start from the same weights and see the batches in the same order. Runs are
// independent jobs spread over the cores.
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_registry.h"
#include "core/spec/network_spec.h"
#include "core/train/trainer.h"

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace core {

// The depth from which the sweep's residual family switches to full pre-activation.
constexpr int kDeepDesignFrom = 200;

// He et al. 2016's full pre-activation block (BN-g-weight twice, nothing after the addition).
BlockDesign fullPreActivationDesign();

struct SweepConfig {
    std::vector<std::string> families{"plain", "residual"};
    std::vector<int> depths{4, 8, 16, 32, 56};
    std::vector<std::uint64_t> seeds{0, 1, 2};
    std::string data = "spiral";
    DataOptions dataOptions{};             // 2000 points, a quarter for testing: 1500 train
    int width = 32;                        // units (MLP) or base channels (images)
    bool batchNorm = true;
    Activation activation = Activation::ReLU;
    // The residual family's block design; the plain family keeps its placement only (the same
    // chain without skips, presets.h plainDesign). The default and why: depth_sweep.cpp.
    BlockDesign residualDesign{};
    // From this depth on the residual family uses `deepResidualDesign` instead (full
    // pre-activation, He et al. 2016; why: depth_sweep.cpp); 0 = `residualDesign` at every depth
    // (what a design chosen by name, `sweep --block`, asks for).
    int deepDesignFrom = kDeepDesignFrom;
    BlockDesign deepResidualDesign = fullPreActivationDesign();
    TrainConfig train{};                   // SGD momentum 0.9, lr 0.05 cosine, batch 128, 40 epochs
    int jobs = 0;                          // parallel runs; 0 = one per core
};

// The default sweep, the degradation figure in seconds (PyTorch reference:
// bench/sweep_reference.py): 3-class two-turn spiral, width 32, BN, SGD momentum 0.9, lr 0.05
// cosine with a 2-epoch linear warm-up (why: depth_sweep.cpp), batch 128, 40 epochs, depths
// 4..56, seeds 0..2; the residual family's block is the original one (He et al. 2015) below
// 200 layers and full pre-activation (He et al. 2016) from 200 (why: depth_sweep.cpp).
SweepConfig defaultSweep();

// The lesson "Degradation on real images": the same figure on Fashion-MNIST in a class's time
// (under five minutes on two cores, three seeds). The settings and why: depth_sweep.cpp.
SweepConfig imageLessonSweep();

// The sweep to start from for the data set `data`: the image lesson's settings for an image
// set (fashion-mnist exactly as the lesson has it; other image sets at their stored size), the
// default spiral sweep's settings for point sets, with `data` as the data set.
SweepConfig defaultSweepFor(const std::string& data);

struct SweepRun {
    std::string family;
    int depth = 0;
    std::uint64_t seed = 0;
    TrainResult result;
    double finalTrainError = 0, finalTrainLoss = 0, finalTestError = 0, finalTestLoss = 0;
    double seconds = 0;
};

struct SweepProgress {
    int done = 0;
    int total = 0;
    int running = 0;
    double elapsed = 0;        // seconds since the sweep started
    double eta = 0;            // estimated seconds left
    const SweepRun* finished = nullptr;   // the run that just ended
    int finishedIndex = -1;    // its index in the result vector
};

struct SweepCallbacks {
    // Called (serialised, from a worker thread) when a run ends.
    std::function<void(const SweepProgress&)> onRunDone;
    // Called (serialised, from a worker thread) after every epoch of run `runIndex`.
    std::function<void(int runIndex, const EpochReport&)> onEpoch;
};

// The block design of the residual family at `depth`: residualDesign, or deepResidualDesign
// from deepDesignFrom layers on.
BlockDesign residualDesignAt(const SweepConfig& config, int depth);

// The network of one run: a spiral-style MLP of `width` units for point data, a CIFAR-style
// 6n+2 conv net of base width `width` (stages w, 2w, 4w) for images (depth must then be 6n+2).
// Throws SpecError when the depth does not fit the family.
NetworkSpec sweepNetwork(const SweepConfig& config, const Dataset& data, const std::string& family, int depth);

// Checks the config (families, depths, epochs, ...) and returns every problem; the depths are
// checked against the kind of data set named (6n+2 for images, even for points), so a sweep
// is refused before its data is loaded.
std::vector<std::string> checkSweepConfig(const SweepConfig& config);

// Runs every (family, depth, seed) on `data`; results in the order families x depths x seeds.
// Cancelled runs keep status Cancelled; the function returns when all jobs have stopped.
std::vector<SweepRun> runDepthSweep(const SweepConfig& config, const Dataset& data, std::stop_token stop = {},
                                    const SweepCallbacks& callbacks = {});

struct SweepSummaryRow {
    std::string family;
    int depth = 0;
    int runs = 0;
    double meanTrainError = 0, minTrainError = 0, maxTrainError = 0;
    double meanTestError = 0, minTestError = 0, maxTestError = 0;
    double meanTrainLoss = 0;
};
// Mean and spread over seeds per (family, depth), finished runs only.
std::vector<SweepSummaryRow> summarizeSweep(const std::vector<SweepRun>& runs);

}  // namespace core
