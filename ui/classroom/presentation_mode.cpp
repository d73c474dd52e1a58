#include "ui/classroom/presentation_mode.h"

#include "ui/classroom/lessons_panel.h"
#include "ui/workspace/training_workspace.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QLayout>
#include <QMainWindow>
#include <QMenu>
#include <QScreen>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace ui {

namespace {

// A font or geometry change reaches the widgets and relayouts them through posted events, one
// nesting level per round.
void flushLayout() {
    for (int round = 0; round < 16; ++round)
        QCoreApplication::sendPostedEvents();
}

}  // namespace

PresentationMode::PresentationMode(QMainWindow* window, TrainingWorkspace* workspace)
    : QObject(window), m_window(window), m_workspace(workspace), m_toggle(new QAction(tr("&Presentation"), this)),
      m_scaleMenu(new QMenu(tr("Presentation &Font Size"), window)), m_scaleGroup(new QActionGroup(this)) {
    setObjectName(QStringLiteral("presentationMode"));
    m_toggle->setObjectName(QStringLiteral("presentationAction"));
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::Key_F11));
    m_toggle->setShortcutContext(Qt::ApplicationShortcut);
    m_toggle->setStatusTip(tr("Full screen, large fonts and high contrast for a projector (F11)"));
    connect(m_toggle, &QAction::toggled, this, &PresentationMode::setActive);
    // Esc leaves presentation mode, as in every slide program; only while presenting, so Esc
    // keeps its meaning elsewhere (closing a dialog, cancelling a drag).
    m_leaveAction = new QAction(tr("Leave Presentation"), this);
    m_leaveAction->setObjectName(QStringLiteral("leavePresentationAction"));
    m_leaveAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_leaveAction->setShortcutContext(Qt::WindowShortcut);
    m_leaveAction->setEnabled(false);
    window->addAction(m_leaveAction);
    connect(m_leaveAction, &QAction::triggered, this, [this] { setActive(false); });
    for (double s : {1.5, 1.75, 2.0, 2.25, 2.5}) {
        QAction* a = m_scaleMenu->addAction(tr("%1x").arg(s));
        a->setCheckable(true);
        a->setChecked(s == m_scale);
        a->setData(s);
        m_scaleGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, s] { setFontScale(s); });
    }
}

void PresentationMode::setLessons(LessonsPanel* panel, QDockWidget* dock) {
    m_lessons = panel;
    m_lessonsDock = dock;
}

void PresentationMode::setHiddenWhilePresenting(const QList<QWidget*>& widgets) {
    m_hidden.clear();
    for (QWidget* w : widgets)
        m_hidden.append(w);
}

void PresentationMode::setActive(bool active) {
    if (active == m_active)
        return;
    m_active = active;
    if (active)
        enter();
    else
        leave();
    m_leaveAction->setEnabled(active);
    {
        const QSignalBlocker block(m_toggle);
        m_toggle->setChecked(active);
    }
    emit activeChanged(active);
}

void PresentationMode::setFontScale(double scale) {
    m_scale = std::clamp(scale, 1.5, 2.5);
    for (QAction* a : m_scaleGroup->actions())
        if (qFuzzyCompare(a->data().toDouble(), m_scale))
            a->setChecked(true);
    if (m_active) {
        applyScale(m_scale);
        fitToScreen();
    }
}

QPalette PresentationMode::highContrastPalette() {
    QPalette p;
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(235, 235, 235));
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Button, QColor(245, 245, 245));
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::ToolTipBase, Qt::white);
    p.setColor(QPalette::ToolTipText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0, 60, 170));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0, 50, 160));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(90, 90, 90));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(90, 90, 90));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(90, 90, 90));
    return p;
}

void PresentationMode::enter() {
    m_savedState = m_window->saveState();
    m_savedGeometry = m_window->saveGeometry();
    m_savedRect = m_window->geometry();
    m_savedWindowState = m_window->windowState();
    m_savedPalette = QApplication::palette();
    m_savedFont = QApplication::font();
    if (m_workspace) {
        m_savedWorkspaceScale = m_workspace->fontScale();
        m_savedWorkspaceCompact = m_workspace->isCompact();
    }
    if (m_lessons)
        m_savedLessonsScale = m_lessons->fontScale();

    // The canvas, training and lessons stay; the menus hold every toolbar action. The room goes
    // to the lesson and the plots.
    for (const QPointer<QWidget>& w : m_hidden)
        if (w)
            w->hide();
    if (m_lessonsDock) {
        m_lessonsDock->show();
        m_lessonsDock->raise();
    }
    // The lesson runs the full height of the screen on the right; the training area takes the
    // width beside it, under the canvas (by default the bottom area would span the whole width
    // and leave the lesson a few lines).
    m_savedCorners = {m_window->corner(Qt::TopRightCorner), m_window->corner(Qt::BottomRightCorner)};
    m_window->setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    m_window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    QApplication::setPalette(highContrastPalette());
    applyScale(m_scale);
    m_window->showFullScreen();
    // The training settings give their width to the plots; the buttons and status stay.
    if (m_workspace)
        m_workspace->setCompact(true);
    // The font size is fitted to the screen once; the second pass only catches a window manager
    // that applied the full-screen size late.
    for (int delay : {0, 150})
        QTimer::singleShot(delay, this, [this, delay] {
            if (!m_active)
                return;
            if (delay == 0)
                fitToScreen();
            // Without a window manager (a bare X server, a kiosk set-up) nothing gives a
            // full-screen window the screen's size; do it here.
            if (QScreen* screen = m_window->screen(); screen && m_window->geometry() != screen->geometry())
                m_window->setGeometry(screen->geometry());
            // With the lesson at full height on the right, it takes a third of the width and the
            // plots under the canvas a little more than half the height: the canvas at a fitting
            // zoom needs less than the curves read from the back of the room. On a small screen
            // the plots run across the whole width under the lesson and the canvas, and take
            // 60% of the height so that every view shows whole; the lesson then takes half the
            // width above them, beside the canvas.
            const bool fullHeightLesson = m_window->corner(Qt::BottomRightCorner) == Qt::RightDockWidgetArea;
            if (m_lessonsDock)
                m_window->resizeDocks({m_lessonsDock}, {m_window->width() * (fullHeightLesson ? 33 : 50) / 100},
                                      Qt::Horizontal);
            auto* trainingDock = m_workspace ? qobject_cast<QDockWidget*>(m_workspace->parentWidget()) : nullptr;
            if (trainingDock)
                m_window->resizeDocks({trainingDock}, {m_window->height() * (fullHeightLesson ? 55 : 60) / 100},
                                      Qt::Vertical);
            // Space (Run) and the arrows (Previous, Next) go to the lesson at once.
            if (m_lessons)
                m_lessons->setFocus();
            if (delay > 0) {
                flushLayout();
                emit layoutSettled();
            }
        });
}

void PresentationMode::applyScale(double scale) {
    m_applied = scale;
    QFont f = m_savedFont;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(m_savedFont.pointSizeF() * scale);
    else
        f.setPixelSize(int(m_savedFont.pixelSize() * scale));
    QApplication::setFont(f);
    if (m_workspace)
        m_workspace->setFontScale(scale);
    if (m_lessons)
        m_lessons->setFontScale(scale);
    emit fontScaleApplied(scale);
}

void PresentationMode::fitToScreen() {
    QScreen* screen = m_window->screen();
    if (!m_active || !screen)
        return;
    const QSize room = screen->geometry().size();
    auto needed = [this] {
        flushLayout();
        // Each view scrolls in its tab rather than widen the window; a size fits when every
        // view shows whole.
        return m_window->minimumSizeHint() + (m_workspace ? m_workspace->viewsOverflow() : QSize(0, 0));
    };
    // Try the chosen size first, then each smaller size of the menu.
    std::vector<double> sizes;
    for (QAction* a : m_scaleGroup->actions())
        if (a->data().toDouble() <= m_scale + 1e-9)
            sizes.push_back(a->data().toDouble());
    std::sort(sizes.rbegin(), sizes.rend());
    m_fitNote.clear();
    auto fits = [&] {
        const QSize need = needed();
        return need.width() <= room.width() && need.height() <= room.height();
    };
    // The lesson at full height beside the canvas and the plots needs their widths side by
    // side; on a screen too narrow for that even at the smallest size, the plots take the
    // whole width under the canvas and the lesson (the default corners).
    const bool fullHeightLesson = m_window->corner(Qt::BottomRightCorner) == Qt::RightDockWidgetArea;
    if (fullHeightLesson) {
        if (!qFuzzyCompare(sizes.back(), m_applied))
            applyScale(sizes.back());
        if (!fits()) {
            m_window->setCorner(Qt::TopRightCorner, m_savedCorners.first);
            m_window->setCorner(Qt::BottomRightCorner, m_savedCorners.second);
        }
    }
    for (double s : sizes) {
        if (!qFuzzyCompare(s, m_applied))
            applyScale(s);
        if (fits() || s == sizes.back())
            break;
    }
    if (!qFuzzyCompare(m_applied, m_scale)) {
        // Short: at 1024x768 the status bar's permanent fields leave it about 30 characters.
        m_fitNote = tr("Fonts %1x (not %2x) for %3x%4")
                        .arg(m_applied)
                        .arg(m_scale)
                        .arg(room.width())
                        .arg(room.height());
        emit statusMessage(m_fitNote, 10000);
    }
}

void PresentationMode::leave() {
    m_window->setCorner(Qt::TopRightCorner, m_savedCorners.first);
    m_window->setCorner(Qt::BottomRightCorner, m_savedCorners.second);
    QApplication::setPalette(m_savedPalette);
    QApplication::setFont(m_savedFont);
    if (m_workspace) {
        m_workspace->setFontScale(m_savedWorkspaceScale);
        m_workspace->setCompact(m_savedWorkspaceCompact);
    }
    if (m_lessons)
        m_lessons->setFontScale(m_savedLessonsScale);
    emit fontScaleApplied(m_savedWorkspaceScale);
    // Let every widget take the normal font's size hints before the geometry comes back: a
    // minimum size computed for the large font would keep the window too big.
    // Nested layouts pass the request up one level per round.
    for (int round = 0; round < 16; ++round)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    m_window->setWindowState(m_savedWindowState);
    restoreLayout();
    // The font change relayouts the window through posted events, and the plots recompute
    // their margins at their next (queued) replot; until then the docks and the window keep
    // the sizes the large font needed. Apply the layout again once those have run.
    for (int delay : {0, 150})
        QTimer::singleShot(delay, this, [this, delay] {
            if (m_active)
                return;
            restoreLayout();
            if (delay > 0) {
                flushLayout();
                emit layoutSettled();
            }
        });
}

void PresentationMode::restoreLayout() {
    // The top-level layout raised the window's minimum size for the large font; recompute it.
    m_window->layout()->invalidate();
    m_window->layout()->activate();
    // restoreGeometry() fits the window into the screen and moves it by the frame; a normal
    // window simply gets its rectangle back (also when it is larger than its screen).
    if (m_savedWindowState & (Qt::WindowMaximized | Qt::WindowFullScreen))
        m_window->restoreGeometry(m_savedGeometry);
    else
        m_window->setGeometry(m_savedRect);
    m_window->restoreState(m_savedState);
}

}  // namespace ui
