#include "ui/training/training_snapshots.h"

namespace ui {

void registerTrainingMetaTypes() {
    static const bool once = [] {
        qRegisterMetaType<ui::RunStartedSnapshot>();
        qRegisterMetaType<ui::ProgressSnapshot>();
        qRegisterMetaType<ui::ProbeSnapshot>();
        qRegisterMetaType<ui::DecisionMapSnapshot>();
        qRegisterMetaType<ui::DataSnapshot>();
        qRegisterMetaType<ui::PredictionSnapshot>();
        qRegisterMetaType<ui::RunFinishedSnapshot>();
        qRegisterMetaType<ui::IdentitySnapshot>();
        return true;
    }();
    (void)once;
}

}  // namespace ui
