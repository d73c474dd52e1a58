// tests/ui/test_presentation_mode.cpp: presentation mode makes the window full screen with
// larger fonts, a high-contrast palette and only the docks a class needs; leaving it restores
// the layout exactly (the saveState() bytes, dock visibility, geometry, palette and font).
#include "ui/classroom/classroom.h"
#include "ui/classroom/lessons_panel.h"
#include "ui/classroom/presentation_mode.h"
#include "ui/main_window.h"
#include "ui/training/training_workspace.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QMap>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QScreen>
#include <QTest>

using namespace ui;

namespace {
QMap<QString, bool> dockVisibility(const MainWindow& window) {
    QMap<QString, bool> visible;
    for (QDockWidget* d : window.findChildren<QDockWidget*>())
        visible[d->objectName()] = d->isVisible();
    return visible;
}
}  // namespace

class TestPresentationMode : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ResNet Lab Tests");
        QCoreApplication::setApplicationName("test_presentation_mode");
        QSettings().clear();
        qputenv("RESNETLAB_LESSONS_DIR", RESNETLAB_SOURCE_DIR "/resources/lessons");
    }

    void onAndOffRestoresTheLayout() {
        MainWindow window;
        window.setQuiet(true);
        auto* ws = new TrainingWorkspace(window.document());
        window.setTrainingWorkspace(ws);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(50);

        const QByteArray state = window.saveState();
        const QMap<QString, bool> visible = dockVisibility(window);
        const QRect geometry = window.geometry();
        const QFont font = QApplication::font();
        const QPalette palette = QApplication::palette();
        PresentationMode* pm = window.classroom()->presentation();
        QCOMPARE(pm->fontScale(), 2.0);
        pm->setActive(true);
        QTest::qWait(50);
        QVERIFY(pm->isActive());
        QVERIFY(pm->toggleAction()->isChecked());
        for (const char* name : {"paletteDock", "propertiesDock", "issuesDock", "historyDock"})
            QVERIFY2(!window.findChild<QDockWidget*>(name)->isVisible(), name);
        QVERIFY(window.findChild<QDockWidget*>("lessonsDock")->isVisible());
        QVERIFY(window.findChild<QDockWidget*>("trainingDock")->isVisible());
        QCOMPARE(QApplication::font().pointSizeF(), font.pointSizeF() * 2.0);
        QCOMPARE(ws->fontScale(), 2.0);
        QCOMPARE(window.classroom()->lessonsPanel()->fontScale(), 2.0);
        QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
        QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));

        pm->setFontScale(1.5);
        QCOMPARE(QApplication::font().pointSizeF(), font.pointSizeF() * 1.5);
        QCOMPARE(ws->fontScale(), 1.5);

        pm->setActive(false);
        QTest::qWait(50);
        // The window manager and the relayout after the font change take a few event-loop turns.
        QTRY_VERIFY_WITH_TIMEOUT(!window.isFullScreen(), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(window.geometry(), geometry, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(window.saveState(), state, 3000);
        QCOMPARE(dockVisibility(window), visible);
        QCOMPARE(QApplication::font(), font);
        QCOMPARE(QApplication::palette().color(QPalette::Window), palette.color(QPalette::Window));
        QCOMPARE(ws->fontScale(), 1.0);
        QCOMPARE(window.classroom()->lessonsPanel()->fontScale(), 1.0);
    }

    void theActionAndTheMenuDriveIt() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        PresentationMode* pm = window.classroom()->presentation();
        QCOMPARE(pm->toggleAction()->shortcut(), QKeySequence(Qt::Key_F11));
        QCOMPARE(pm->scaleMenu()->actions().size(), 5);
        pm->toggleAction()->trigger();
        QVERIFY(pm->isActive());
        pm->scaleMenu()->actions().last()->trigger();
        QCOMPARE(pm->fontScale(), 2.5);
        pm->setFontScale(9);
        QCOMPARE(pm->fontScale(), 2.5);
        pm->toggleAction()->trigger();
        QVERIFY(!pm->isActive());
        QVERIFY(!window.isFullScreen());
    }
};

QTEST_MAIN(TestPresentationMode)
#include "test_presentation_mode.moc"
