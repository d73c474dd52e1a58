// ui/classroom/classroom.h: the teaching side of the application, in one place: the Lessons
// dock and menu (Set up and Run turn a lesson into document, panel and workspace calls), the
// lesion-study, unraveled-view, loss-landscape and shattered-gradients tabs of the training
// workspace, and run bundles (open,
// replay, File > Save Results As). It is given what it works on (the document, the results,
// the job runner, the workspace) and talks back through signals; the shell places its dock,
// menu and action in the window.
#pragma once

#include <QObject>

#include <functional>

class QAction;
class QDockWidget;
class QMenu;
class QWidget;

namespace ui {

class BundleLoader;
class CurveReplay;
class JobRunner;
class LandscapeView;
class LesionView;
class LessonsPanel;
class NetworkDocument;
class PathsView;
class Results;
class ShatterView;
class TrainingWorkspace;

class Classroom : public QObject {
    Q_OBJECT
public:
    // The training speed a lesson's Set up chooses (steps per second per run); outside lessons
    // training runs at full speed.
    static constexpr double kLessonStepsPerSecond = 20;

    // `window` parents the dock, the menu and the dialogs.
    Classroom(NetworkDocument& document, Results& results, JobRunner& jobs, TrainingWorkspace& workspace,
              QWidget* window);

    LessonsPanel* lessonsPanel() const { return m_lessons; }
    QDockWidget* lessonsDock() const { return m_lessonsDock; }
    BundleLoader* bundles() const { return m_bundles; }
    CurveReplay* replay() const { return m_replay; }
    LesionView* lesionView() const { return m_lesion; }
    PathsView* pathsView() const { return m_paths; }
    LandscapeView* landscapeView() const { return m_landscape; }
    ShatterView* shatterView() const { return m_shatter; }

    QMenu* lessonsMenu() const { return m_lessonsMenu; }
    QAction* saveResultsAction() const { return m_saveResults; }

    // Asked before a lesson replaces the document; false keeps it (the user cancelled saving
    // unsaved changes). Without a guard the document is replaced.
    void setReplaceGuard(std::function<bool()> mayReplaceDocument) { m_mayReplace = std::move(mayReplaceDocument); }

    // The lesson's network into the document, its view forward, its data and training
    // settings into the panel. False when the user keeps unsaved changes.
    bool setUpLesson(int index);
    // Sets the lesson up if needed, then performs its action.
    bool runLesson(int index);
    // For the window's open path.
    bool openBundle(const QString& path, QString* error);
    void saveResultsAs();
    // The lesion, unraveled, landscape and shatter views at a presentation font scale.
    void setFontScale(double scale);

signals:
    void statusMessage(const QString& message, int timeoutMs);
    // A lesson shows training: the area below the canvas must be visible, with room for the
    // lesson's view (in front when this is emitted).
    void trainingAreaWanted();

private:
    void showNote(const QString& html);
    void rebuildLessonsMenu();

    NetworkDocument& m_document;
    TrainingWorkspace& m_workspace;
    QWidget* m_window;
    LessonsPanel* m_lessons;
    CurveReplay* m_replay;
    QDockWidget* m_lessonsDock;
    BundleLoader* m_bundles;
    QMenu* m_lessonsMenu;
    QAction* m_saveResults;
    LesionView* m_lesion;
    PathsView* m_paths;
    LandscapeView* m_landscape;
    ShatterView* m_shatter;
    std::function<bool()> m_mayReplace;
    int m_setUpIndex = -1;   // the lesson last set up (Run sets up first when it differs)
};

}  // namespace ui
