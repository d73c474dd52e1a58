// ui/torch_export_action.h: File -> Export -> PyTorch. Writes the document's network as a
// PyTorch program (core/export/torch_export.h) into a folder the user picks: with the trained
// weights when the last finished training run trained exactly this network, otherwise with
// PyTorch's initialisation; the data set and training settings are the panel's.
#pragma once

#include <QString>

class QWidget;

namespace ui {

class NetworkDocument;
class TrainingWorkspace;

// Returns an empty string on success, otherwise the message to show.
QString exportToPyTorch(const NetworkDocument& document, const TrainingWorkspace& training, const QString& dir,
                        bool* withWeights = nullptr);
// Asks for the folder, exports, and reports the outcome in a message box.
void exportToPyTorchInteractive(QWidget* parent, const NetworkDocument& document, const TrainingWorkspace& training);

}  // namespace ui
