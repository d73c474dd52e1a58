// ui/shell/shell.h: the one place that builds the application and wires it together. It
// creates the network document, the results model and the job runner, then the main window
// (builder, palette, properties), the training workspace, the classroom (lessons, lesion and
// unraveled views, run bundles) and presentation mode, and connects them: flow through skip
// paths and notes onto the canvas, "zero the branch" from the canvas to the trained network,
// status messages into the status bar, the classroom's items into the menus (by action id),
// run bundles into File > Open, and a clean stop of every job when the window closes. Nothing
// below it knows the main window. The GUI's main() makes one; tests make one for a whole
// window.
#pragma once

#include <QObject>

#include <memory>

namespace ui {

class ActionManager;
class Classroom;
class JobRunner;
class MainWindow;
class NetworkDocument;
class PresentationMode;
class Results;
class TrainingWorkspace;

class Shell : public QObject {
    Q_OBJECT
public:
    explicit Shell(QObject* parent = nullptr);
    // Closes the window's parts, then stops every job and joins every thread.
    ~Shell() override;

    MainWindow* window() const { return m_window.get(); }
    NetworkDocument* document() const { return m_document.get(); }
    Results* results() const { return m_results.get(); }
    JobRunner* jobs() const { return m_jobs.get(); }
    TrainingWorkspace* training() const { return m_training; }
    Classroom* classroom() const { return m_classroom; }
    PresentationMode* presentation() const { return m_presentation; }
    ActionManager* actions() const;

    // Crash safety: autosaves the document (and the last trained weights) every minute and
    // after every structural edit, removes the copy on a clean close, and, when the previous
    // session left one behind, asks whether to restore it.
    void attachAutosave();

private:
    void connectCanvas();
    void addClassroomToWindow();
    void addExportToPyTorch();
    // Grows the training area so that the view in front shows whole (a lesson's Set up).
    void giveTheViewRoom();

    // Declared in the order they are built; destroyed in reverse: the window before the
    // models, the job runner last.
    std::unique_ptr<JobRunner> m_jobs;
    std::unique_ptr<Results> m_results;
    std::unique_ptr<NetworkDocument> m_document;
    std::unique_ptr<MainWindow> m_window;
    TrainingWorkspace* m_training = nullptr;     // in the window
    Classroom* m_classroom = nullptr;            // the window's
    PresentationMode* m_presentation = nullptr;  // the window's
};

}  // namespace ui
