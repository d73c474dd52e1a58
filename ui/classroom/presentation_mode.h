// ui/classroom/presentation_mode.h: presentation mode for teaching from a projector. Entering
// it (F11, View > Presentation; F11 or Esc leaves) makes the window full screen, scales the fonts (1.5x-2.5x,
// 2.0 by default), switches to a high-contrast palette, hides the docks that are not needed
// (palette, properties, issues, history), shows the lesson text large and scales the training
// plots. Leaving it restores the window exactly as it was: geometry, dock layout
// (saveState/restoreState), palette and font. When the chosen size would make the window larger
// than its screen (a 1024x768 projector at 2x), the largest size of the menu that fits is used
// instead and the status bar says so.
#pragma once

#include <QByteArray>
#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>
#include <QRect>
#include <QString>

#include <utility>

class QAction;
class QActionGroup;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace ui {

class LessonsPanel;
class TrainingWorkspace;

class PresentationMode : public QObject {
    Q_OBJECT
public:
    static constexpr double kDefaultScale = 2.0;

    // `workspace` (optional) gets the scale and the compact layout while presenting.
    PresentationMode(QMainWindow* window, TrainingWorkspace* workspace);

    // The lessons dock to bring forward (and scale) while presenting; optional.
    void setLessons(LessonsPanel* panel, QDockWidget* dock);
    // What is hidden while presenting (the editing docks, the toolbar).
    void setHiddenWhilePresenting(const QList<QWidget*>& widgets);

    bool isActive() const { return m_active; }
    void setActive(bool active);
    void toggle() { setActive(!m_active); }
    // Applies at once while presenting; clamped to [1.5, 2.5].
    void setFontScale(double scale);
    double fontScale() const { return m_scale; }
    // The scale in force while presenting: fontScale(), or less where that does not fit the
    // screen (never below 1.5). fitNote() says why when it is less, else is empty.
    double appliedFontScale() const { return m_applied; }
    QString fitNote() const { return m_fitNote; }

    QAction* toggleAction() const { return m_toggle; }   // checkable, F11
    QMenu* scaleMenu() const { return m_scaleMenu; }     // 1.5x, 1.75x, 2x, 2.25x, 2.5x

    // The palette used while presenting: black on white, strong selection, no greys.
    static QPalette highContrastPalette();

signals:
    void activeChanged(bool active);
    // Entering or leaving has given the docks their last sizes and the widgets have been laid
    // out: the moment to fit what depends on them (the network to the canvas). Emitted after the
    // second layout pass, however late a loaded machine runs it.
    void layoutSettled();
    // The scale now in force (entering, changing the size, leaving): for further views.
    void fontScaleApplied(double scale);
    // For the status bar (the size used when the chosen one does not fit).
    void statusMessage(const QString& message, int timeoutMs);

private:
    void enter();
    void leave();
    void applyScale(double scale);
    void fitToScreen();
    void restoreLayout();

    QMainWindow* m_window;
    QPointer<TrainingWorkspace> m_workspace;
    QList<QPointer<QWidget>> m_hidden;
    QPointer<LessonsPanel> m_lessons;
    QPointer<QDockWidget> m_lessonsDock;
    QAction* m_toggle;
    QAction* m_leaveAction;   // Esc, enabled while presenting
    QMenu* m_scaleMenu;
    QActionGroup* m_scaleGroup;
    bool m_active = false;
    double m_scale = kDefaultScale;
    double m_applied = kDefaultScale;
    QString m_fitNote;

    // What leaving restores.
    QByteArray m_savedState, m_savedGeometry;
    std::pair<Qt::DockWidgetArea, Qt::DockWidgetArea> m_savedCorners{Qt::TopDockWidgetArea, Qt::BottomDockWidgetArea};
    QRect m_savedRect;
    Qt::WindowStates m_savedWindowState;
    QPalette m_savedPalette;
    QFont m_savedFont;
    double m_savedWorkspaceScale = 1.0;
    bool m_savedWorkspaceCompact = false;
    double m_savedLessonsScale = 1.0;
};

}  // namespace ui
