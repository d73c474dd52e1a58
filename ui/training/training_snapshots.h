// ui/training/training_snapshots.h: everything that crosses from a training thread to the
// window, as plain copyable values (nothing else crosses). A session trains one network (run
// 0, the document's) and optionally its twin (run 1: the same chain with the skips removed,
// or added); every snapshot names its session and run, so the views can tell them apart.
#pragma once

#include "core/train/probes.h"
#include "core/train/trainer.h"

#include <QImage>
#include <QMetaType>
#include <QByteArray>
#include <QString>
#include <QVector>

#include <cstdint>
#include <utility>
#include <vector>

namespace ui {

// The two runs of a session.
inline constexpr int kMainRun = 0;
inline constexpr int kTwinRun = 1;

// What a run is, sent once when its network is built and initialised.
struct RunStartedSnapshot {
    int session = 0;
    int run = kMainRun;
    QString family;              // "residual" or "plain" (the colour of its curves)
    QString networkName;
    qint64 parameters = 0;
    int depth = 0;               // weighted layers on the main path
    qint64 totalSteps = 0;
    qint64 stepsPerEpoch = 0;
    int epochs = 0;
    // A 64-bit digest of every parameter's initial values, by name: the twin test compares
    // them, and they show that both runs start from the same weights.
    std::vector<std::pair<std::string, std::uint64_t>> initialDigest;
};

// Training progress since the previous snapshot (at most ~30 per second per run). The batch
// loss and error are means over the batches since the previous snapshot; every epoch report
// since then is included, none is dropped.
struct ProgressSnapshot {
    int session = 0;
    int run = kMainRun;
    qint64 step = 0;             // updates done
    qint64 totalSteps = 0;
    int epoch = 0;               // 0-based epoch of the last step
    int batches = 0;             // batches averaged into batchLoss/batchError
    float batchLoss = 0;
    float batchError = 0;
    double learningRate = 0;
    double seconds = 0;          // since the run started
    bool paused = false;         // the run is now waiting (Pause or after a Step)
    std::vector<core::EpochReport> epochs;
};

// Per-layer and per-block flow statistics of one probed batch (~4 per second).
struct ProbeSnapshot {
    int session = 0;
    int run = kMainRun;
    core::ProbeReport report;
};

// The 2-D data plane coloured by the network's prediction: probabilities(c, i, j) of class c
// at grid point (x_i, y_j), stored as probabilities[(j * nx + i) * classes + c], in the
// standardised coordinates the network sees.
struct DecisionMapSnapshot {
    int session = 0;
    int run = kMainRun;
    qint64 step = 0;
    int classes = 0;
    int nx = 0, ny = 0;
    double xMin = 0, xMax = 0, yMin = 0, yMax = 0;
    QVector<float> probabilities;
};

// The data a session trains on, for drawing: 2-D points (training split) or the first test
// images, with their labels.
struct DataSnapshot {
    int session = 0;
    QString name;
    int classes = 0;
    QStringList classNames;
    bool points2d = false;
    bool images = false;
    qint64 trainSize = 0, testSize = 0;
    QVector<float> x, y;         // 2-D: training points
    QVector<int> labels;         // 2-D: their classes
    QVector<QImage> sampleImages;  // images: the first test samples
    QVector<int> sampleLabels;
};

// Predictions on the test split (image and other non-2-D data): the predicted class of the
// sample images, and the confusion matrix over the first `evaluated` test samples
// (confusion[true * classes + predicted]).
struct PredictionSnapshot {
    int session = 0;
    int run = kMainRun;
    qint64 step = 0;
    int epoch = 0;
    int classes = 0;
    qint64 evaluated = 0;
    QVector<int> samplePredictions;
    QVector<int> confusion;
};

// How a run ended.
struct RunFinishedSnapshot {
    int session = 0;
    int run = kMainRun;
    core::TrainResult::Status status = core::TrainResult::Status::Finished;
    QString message;             // divergence: what and where, with a hint
    qint64 steps = 0;
    qint64 divergedAtStep = -1;
    double seconds = 0;
    double finalTrainError = -1, finalTestError = -1;
    QByteArray weights;          // the trained state in the weights-file format (finite runs)
};

// The identity demo on one block (zeroing or restoring its branch).
struct IdentitySnapshot {
    int session = 0;
    int block = -1;              // block index in the session's spec
    bool zeroed = false;         // true after "zero the branch", false after the undo
    bool ok = false;             // false: the demo could not run (message says why)
    double maxAbsDifference = 0;
    double inputNorm = 0;
    QString message;
};

// Registers the snapshot types for queued connections (idempotent).
void registerTrainingMetaTypes();

}  // namespace ui

Q_DECLARE_METATYPE(ui::RunStartedSnapshot)
Q_DECLARE_METATYPE(ui::ProgressSnapshot)
Q_DECLARE_METATYPE(ui::ProbeSnapshot)
Q_DECLARE_METATYPE(ui::DecisionMapSnapshot)
Q_DECLARE_METATYPE(ui::DataSnapshot)
Q_DECLARE_METATYPE(ui::PredictionSnapshot)
Q_DECLARE_METATYPE(ui::RunFinishedSnapshot)
Q_DECLARE_METATYPE(ui::IdentitySnapshot)
