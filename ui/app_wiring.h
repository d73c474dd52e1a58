// ui/app_wiring.h: puts the training workspace into the main window and connects the two:
// flow through skip paths and notes onto the canvas, "zero the branch" from the canvas to the
// trained network, status messages into the status bar, and a clean stop when the window
// closes. The GUI's main() calls it once.
#pragma once

namespace ui {

class MainWindow;
class TrainingWorkspace;

TrainingWorkspace* attachTrainingWorkspace(MainWindow& window);

// Crash safety: autosaves the document (and the last trained weights) every minute and after
// every structural edit, removes the copy on a clean close, and, when the previous session
// left one behind, asks whether to restore it.
void attachAutosave(MainWindow& window, TrainingWorkspace& training);

}  // namespace ui
