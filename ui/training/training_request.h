// ui/training/training_request.h: everything one training session needs, as values: a copy of
// the network spec (and of its twin), the data set and its options, and the training config.
// The worker builds its own networks from these copies; nothing here points into the window.
#pragma once

#include <cstdint>

#include "core/data/dataset_registry.h"
#include "core/spec/network_spec.h"
#include "core/train/train_config.h"

#include <QString>

#include <string>

namespace ui {

// The panel's batch-norm switch: train the network as built, or with BN in every block (and
// after the stem's dense/conv layers), or with no BN at all. It changes the training copy only.
enum class BatchNormMode { AsBuilt, AllOn, AllOff };

struct TrainingRequest {
    core::NetworkSpec spec;            // run 0: the document's network (after the BN switch)
    bool twin = false;                 // also train run 1, the same chain with skips toggled
    core::NetworkSpec twinSpec;
    std::string dataName = "spiral";
    core::DataOptions data{};
    core::TrainConfig config{};
    bool startPaused = false;          // wait before the first batch (Reset, Step from idle)
    int grid = 64;                     // decision map: grid points per side (2-D data)
    int sampleImages = 24;             // image data: test samples shown with their predictions
    int confusionSamples = 2000;       // image data: test samples in the confusion matrix
    // Refuse (as std::bad_alloc, reported as a message) a run whose estimated memory
    // (core::estimateTrainingBytes) is above this many bytes; 0 = half the machine's memory.
    std::int64_t memoryBudgetBytes = 0;
};

// The spec with the BN switch applied.
core::NetworkSpec applyBatchNormMode(const core::NetworkSpec& spec, BatchNormMode mode);

// The twin of a spec: the plain twin of a network with any skip, else the residual twin.
core::NetworkSpec twinOf(const core::NetworkSpec& spec);
// "residual" when any block has a shortcut, else "plain".
QString familyOf(const core::NetworkSpec& spec);

}  // namespace ui
