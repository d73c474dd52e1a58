// ui/training/training_signals.h: the value snapshots a training session reports, declared
// once. The worker (ui/training/training_worker.h) produces them in the training threads and
// the job runner delivers them in the GUI thread, dropping those of a replaced session; the
// controller is a TrainingSignals, so the views connect to it.
#pragma once

#include "ui/training/training_snapshots.h"

#include <QObject>

namespace ui {

class TrainingSignals : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

signals:
    void dataReady(const ui::DataSnapshot& data);
    void runStarted(const ui::RunStartedSnapshot& run);
    void progress(const ui::ProgressSnapshot& progress);
    void probes(const ui::ProbeSnapshot& probes);
    void decisionMap(const ui::DecisionMapSnapshot& map);
    void predictions(const ui::PredictionSnapshot& predictions);
    void runFinished(const ui::RunFinishedSnapshot& result);
    void identityResult(const ui::IdentitySnapshot& result);
    void failed(const QString& message);
};

}  // namespace ui
