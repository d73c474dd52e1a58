// tests/ui/test_presentation_mode.cpp: presentation mode makes the window full screen with
// larger fonts, a high-contrast palette and only the docks a class needs; leaving it restores
// the layout exactly (the saveState() bytes, dock visibility, geometry, palette and font). On a
// screen too small for the chosen size (a 960x720 projector at 2x) the largest size that fits
// is used, and every view of the training area fits the screen (whole, at 1024x768). The
// offscreen platform gets four screens: a 1920x1200 monitor, that projector, and projectors of
// 1024x768 and 1920x1080.
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_view.h"
#include "ui/classroom/classroom.h"
#include "ui/classroom/lessons_panel.h"
#include "ui/classroom/presentation_mode.h"
#include "ui/shell/main_window.h"
#include "ui/shell/shell.h"
#include "ui/training/training_panel.h"
#include "ui/workspace/training_workspace.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QMap>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QScreen>
#include <QSplitter>
#include <QTabWidget>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTest>

using namespace ui;

namespace {
QMap<QString, bool> dockVisibility(const MainWindow& window) {
    QMap<QString, bool> visible;
    for (QDockWidget* d : window.findChildren<QDockWidget*>())
        visible[d->objectName()] = d->isVisible();
    return visible;
}

QScreen* screenOfSize(QSize size) {
    for (QScreen* screen : QGuiApplication::screens())
        if (screen->size() == size)
            return screen;
    return nullptr;
}

// The window on `screen`, a little inside its corner, shown and exposed, its training area up.
bool showOn(MainWindow& window, QScreen* screen, QSize size) {
    window.setQuiet(true);
    window.setScreen(screen);
    window.setGeometry(QRect(screen->geometry().topLeft() + QPoint(20, 20), size));
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.showTrainingArea();
    return true;
}

// Font and layout changes travel as posted events, one nesting level per round.
void settle() {
    for (int round = 0; round < 16; ++round)
        QCoreApplication::sendPostedEvents();
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
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        TrainingWorkspace* ws = shell.training();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(50);

        const QByteArray state = window.saveState();
        const QMap<QString, bool> visible = dockVisibility(window);
        const QRect geometry = window.geometry();
        const QFont font = QApplication::font();
        const QPalette palette = QApplication::palette();
        const QList<int> split = ws->findChild<QSplitter*>()->sizes();
        QVERIFY(ws->panel()->findChild<QGroupBox*>()->isVisible());
        PresentationMode* pm = shell.presentation();
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
        QCOMPARE(shell.classroom()->lessonsPanel()->fontScale(), 2.0);
        QCOMPARE(pm->appliedFontScale(), 2.0);   // 2x fits the monitor
        QVERIFY(pm->fitNote().isEmpty());
        QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
        QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
        // The training settings make way for the plots; Start and the status stay.
        QVERIFY(ws->isCompact());
        for (QGroupBox* box : ws->panel()->findChildren<QGroupBox*>())
            QVERIFY2(!box->isVisible(), qPrintable(box->title()));
        QVERIFY(ws->panel()->button("start")->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(ws->findChild<QSplitter*>()->sizes().at(0) < split.at(0), 3000);

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
        QCOMPARE(shell.classroom()->lessonsPanel()->fontScale(), 1.0);
        QVERIFY(!ws->isCompact());
        for (QGroupBox* box : ws->panel()->findChildren<QGroupBox*>())
            QVERIFY2(box->isVisible(), qPrintable(box->title()));
        QCOMPARE(ws->findChild<QSplitter*>()->sizes(), split);
    }

    void aProjectorGetsTheLargestSizeThatFits() {
        QScreen* projector = nullptr;
        for (QScreen* screen : QGuiApplication::screens())
            if (screen->size() == QSize(960, 720))
                projector = screen;
        QVERIFY2(projector, "the offscreen platform was not given the projector screen");
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        TrainingWorkspace* ws = shell.training();
        window.setScreen(projector);
        window.setGeometry(QRect(projector->geometry().topLeft() + QPoint(20, 20), QSize(900, 700)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.screen(), projector);

        PresentationMode* pm = shell.presentation();
        pm->setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(pm->appliedFontScale() < PresentationMode::kDefaultScale, 3000);
        QCOMPARE(pm->fontScale(), PresentationMode::kDefaultScale);   // the choice is kept
        QVERIFY2(pm->fitNote().contains("960x720"), qPrintable(pm->fitNote()));
        QCOMPARE(ws->fontScale(), pm->appliedFontScale());
        const QSize need = window.minimumSizeHint();
        QVERIFY2(need.width() <= 960 && need.height() <= 720,
                 qPrintable(QString("needs %1x%2").arg(need.width()).arg(need.height())));
        QTRY_COMPARE_WITH_TIMEOUT(window.geometry(), projector->geometry(), 3000);

        pm->setActive(false);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isFullScreen(), 3000);
        QCOMPARE(ws->fontScale(), 1.0);
    }

    // Every view of the training area, in the normal window and while presenting, leaves the
    // window within the 960x720 projector: a view's plots side by side must not widen the
    // window past the screen (the tab bar and the Lessons dock would fall off its edge).
    void theWindowFitsTheProjectorOnEveryView() {
        QScreen* projector = screenOfSize(QSize(960, 720));
        QVERIFY(projector);
        Shell shell;
        MainWindow& window = *shell.window();
        QVERIFY(showOn(window, projector, QSize(900, 700)));
        auto* tabs = shell.training()->findChild<QTabWidget*>();
        QVERIFY(tabs);
        QVERIFY(tabs->count() >= 8);   // the four own views and the classroom's four
        QStringList problems;
        auto checkEveryView = [&](const char* mode) {
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                settle();
                const QSize need = window.minimumSizeHint();
                if (need.width() > 960 || need.height() > 720)
                    problems << QStringLiteral("%1, view \"%2\": the window needs %3x%4")
                                    .arg(mode, tabs->tabText(i))
                                    .arg(need.width())
                                    .arg(need.height());
            }
        };
        checkEveryView("normal window");
        PresentationMode* pm = shell.presentation();
        pm->setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(window.isFullScreen(), 3000);
        checkEveryView("presenting");
        pm->setActive(false);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isFullScreen(), 3000);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // Presenting on a projector's screen, the font size is chosen so that every view is shown
    // whole: no view of the training area needs its scroll bars.
    void presentingShowsEveryViewWhole_data() {
        QTest::addColumn<QSize>("screenSize");
        QTest::newRow("1920x1080") << QSize(1920, 1080);
        QTest::newRow("1024x768") << QSize(1024, 768);
    }
    void presentingShowsEveryViewWhole() {
        QFETCH(QSize, screenSize);
        QScreen* screen = screenOfSize(screenSize);
        QVERIFY(screen);
        Shell shell;
        MainWindow& window = *shell.window();
        QVERIFY(showOn(window, screen, QSize(960, 700)));
        window.builderView()->setZoom(2.0);   // zoomed in on a block before presenting
        PresentationMode* pm = shell.presentation();
        QSignalSpy settled(pm, &PresentationMode::layoutSettled);
        pm->setActive(true);
        // However late a loaded machine runs the second layout pass (the canvas used to be fitted
        // on a timer of its own, before the docks had their sizes).
        QVERIFY(settled.wait(10000));
        QCOMPARE(window.geometry(), screen->geometry());
        QVERIFY(pm->appliedFontScale() >= 1.5);
        // The network is fitted to the presentation's canvas.
        BuilderView* canvas = window.builderView();
        auto* scene = qobject_cast<BuilderScene*>(canvas->scene());
        QVERIFY(scene);
        QVERIFY(canvas->mapToScene(canvas->viewport()->rect()).boundingRect().contains(scene->networkRect()));
        auto* tabs = shell.training()->findChild<QTabWidget*>();
        QVERIFY(tabs);
        QStringList problems;
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            settle();
            auto* page = qobject_cast<QScrollArea*>(tabs->currentWidget());
            QVERIFY(page);
            const QWidget* view = page->widget();
            if (view->width() > page->viewport()->width() || view->height() > page->viewport()->height())
                problems << QStringLiteral("view \"%1\" (at %2x): %3x%4 shown, %5x%6 needed")
                                .arg(tabs->tabText(i))
                                .arg(pm->appliedFontScale())
                                .arg(page->viewport()->width())
                                .arg(page->viewport()->height())
                                .arg(page->widget()->minimumSizeHint().width())
                                .arg(page->widget()->minimumSizeHint().height());
        }
        settled.clear();
        pm->setActive(false);
        QVERIFY(settled.wait(10000));
        QVERIFY(!window.isFullScreen());
        // Back in the smaller canvas, the network is fitted again.
        QVERIFY(canvas->mapToScene(canvas->viewport()->rect()).boundingRect().contains(scene->networkRect()));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void theActionAndTheMenuDriveIt() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        PresentationMode* pm = shell.presentation();
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

    // Esc leaves presentation mode, as in a slide program; outside it Esc does nothing here.
    void escapeLeavesIt() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        PresentationMode* pm = shell.presentation();
        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(!pm->isActive());
        pm->setActive(true);
        QVERIFY(pm->isActive());
        QApplication::setActiveWindow(&window);
        shell.classroom()->lessonsPanel()->setFocus();
        QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : &window, Qt::Key_Escape);
        QVERIFY(!pm->isActive());
        QVERIFY(!pm->toggleAction()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isFullScreen(), 3000);
    }
};

int main(int argc, char** argv) {
    // The screens, for the offscreen platform (its default is one 800x800 screen).
    const QString config = QDir(QDir::tempPath()).filePath(QStringLiteral("resnetlab_test_presentation_screens.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 1;
    file.write(R"({"synchronousWindowSystemEvents": false, "windowFrameMargins": false, "screens": [
        {"name": "monitor", "x": 0, "y": 0, "width": 1920, "height": 1200, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0},
        {"name": "projector", "x": 1920, "y": 0, "width": 960, "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0},
        {"name": "xga", "x": 2880, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0},
        {"name": "full-hd", "x": 3904, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.toUtf8());
    QApplication app(argc, argv);
    TestPresentationMode test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_presentation_mode.moc"
