// ui/shell/torch_export_action.h: File -> Export -> PyTorch. Writes the document's network as a
// PyTorch program (core/export/torch_export.h) into a folder the user picks: with the trained
// weights and the settings they were trained with when the main run in Results trained
// exactly this network, otherwise with PyTorch's initialisation and the panel's settings
// (`current`).
#pragma once

#include "ui/training/training_request.h"

#include <QString>

class QWidget;

namespace ui {

class NetworkDocument;
class Results;

// Returns an empty string on success, otherwise the message to show.
QString exportToPyTorch(const NetworkDocument& document, const Results& results, const TrainingRequest& current,
                        const QString& dir, bool* withWeights = nullptr);
// Asks for the folder, exports, and reports the outcome in a message box.
void exportToPyTorchInteractive(QWidget* parent, const NetworkDocument& document, const Results& results,
                                const TrainingRequest& current);

}  // namespace ui
