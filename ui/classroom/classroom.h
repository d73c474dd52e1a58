// ui/classroom/classroom.h: the teaching side of the main window, in one place: the Lessons
// dock and menu (Set up and Run turn a lesson into document, panel and workspace calls), the
// presentation mode, the lesion-study and unraveled-view tabs of the training workspace, and
// run bundles (open, replay, File > Save Results As). MainWindow creates it and calls
// attachWorkspace() whenever a training workspace is put in.
#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QDockWidget;
class QMenu;

namespace ui {

class BundleLoader;
class CurveReplay;
class LesionView;
class LessonsPanel;
class MainWindow;
class PathsView;
class PresentationMode;
class TrainingWorkspace;

class Classroom : public QObject {
    Q_OBJECT
public:
    explicit Classroom(MainWindow* window);

    LessonsPanel* lessonsPanel() const { return m_lessons; }
    QDockWidget* lessonsDock() const { return m_lessonsDock; }
    PresentationMode* presentation() const { return m_presentation; }
    BundleLoader* bundles() const { return m_bundles; }
    CurveReplay* replay() const { return m_replay; }
    LesionView* lesionView() const;   // null until a workspace is attached
    PathsView* pathsView() const;

    QMenu* lessonsMenu() const { return m_lessonsMenu; }
    QAction* saveResultsAction() const { return m_saveResults; }

    // Adds the lesion and unraveled tabs to the window's training workspace (once per workspace).
    void attachWorkspace();

    // The lesson's network into the document, its view forward, its data and training
    // settings into the panel. False when the user keeps unsaved changes.
    bool setUpLesson(int index);
    // Sets the lesson up if needed, then performs its action.
    bool runLesson(int index);
    // For the window's open path.
    bool openBundle(const QString& path, QString* error);
    void saveResultsAs();

private:
    TrainingWorkspace* workspace() const;
    void showNote(const QString& html);
    void rebuildLessonsMenu();

    MainWindow* m_window;
    LessonsPanel* m_lessons;
    CurveReplay* m_replay;
    QDockWidget* m_lessonsDock;
    PresentationMode* m_presentation;
    BundleLoader* m_bundles;
    QMenu* m_lessonsMenu;
    QAction* m_saveResults;
    QPointer<TrainingWorkspace> m_workspace;
    QPointer<LesionView> m_lesion;
    QPointer<PathsView> m_paths;
    int m_setUpIndex = -1;   // the lesson last set up (Run sets up first when it differs)
};

}  // namespace ui
