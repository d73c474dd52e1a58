// tests/ui/test_lessons_panel.cpp: the Lessons dock and what Set up and Run do. Every lesson
// file loads and validates; the panel shows titles and equations; the arrow keys and Space
// work; Set up puts the lesson's resolved network into the document and its settings into the
// training panel; the Lessons menu lists the lessons; the unraveled view counts C(n, k) paths.
#include "core/lessons/lesson.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"
#include "ui/classroom/classroom.h"
#include "ui/classroom/lesion_view.h"
#include "ui/classroom/lessons_panel.h"
#include "ui/classroom/paths_view.h"
#include "ui/classroom/unraveled_graph_widget.h"
#include "ui/document/network_document.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/shell/main_window.h"
#include "ui/shell/shell.h"
#include "ui/training/training_panel.h"
#include "ui/views/block_design_view.h"
#include "ui/views/curves_view.h"
#include "ui/views/depth_view.h"
#include "ui/workspace/training_workspace.h"

#include <QDockWidget>
#include <QMenu>
#include <qcustomplot.h>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QLabel>
#include <QTextBrowser>

using namespace ui;

namespace {
const QString kLessonsDir = QStringLiteral(RESNETLAB_SOURCE_DIR "/resources/lessons");

std::uint64_t choose(int n, int k) {
    std::uint64_t c = 1;
    for (int i = 1; i <= k; ++i)
        c = c * std::uint64_t(n - k + i) / std::uint64_t(i);
    return c;
}
}  // namespace

class TestLessonsPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ResNet Lab Tests");
        QCoreApplication::setApplicationName("test_lessons_panel");
        QSettings().clear();
        qputenv("RESNETLAB_LESSONS_DIR", kLessonsDir.toUtf8());
    }

    void everyLessonFileLoadsAndValidates() {
        LessonsPanel panel;
        QCOMPARE(panel.loadFrom(kLessonsDir), 11);
        QVERIFY2(panel.problems().isEmpty(), qPrintable(panel.problems().join('\n')));
        for (int i = 0; i < int(panel.lessons().size()); ++i) {
            const core::Lesson& l = panel.lessons()[std::size_t(i)];
            QVERIFY(!l.title.empty());
            QVERIFY(!l.paragraphs.empty());
            QVERIFY2(core::validate(l.setup.network.spec).empty(), l.id.c_str());
            const QString html = panel.lessonHtml(i);
            QVERIFY(html.contains(QString::fromStdString(l.title).toHtmlEscaped()));
            for (const std::string& e : l.equations)
                QVERIFY(html.contains(QString::fromStdString(e)));
        }
        QCOMPARE(panel.currentIndex(), 0);
    }

    void directoryComesFromTheEnvironment() { QCOMPARE(LessonsPanel::lessonsDirectory(), kLessonsDir); }

    void keysMoveAndRun() {
        LessonsPanel panel;
        panel.loadFrom(kLessonsDir);
        QSignalSpy runs(&panel, &LessonsPanel::runRequested);
        QTest::keyClick(&panel, Qt::Key_Right);
        QTest::keyClick(&panel, Qt::Key_Right);
        QCOMPARE(panel.currentIndex(), 2);
        QTest::keyClick(&panel, Qt::Key_Left);
        QCOMPARE(panel.currentIndex(), 1);
        QTest::keyClick(panel.textBrowser(), Qt::Key_Right);   // the text browser passes them on
        QCOMPARE(panel.currentIndex(), 2);
        QTest::keyClick(&panel, Qt::Key_Space);
        QCOMPARE(runs.count(), 1);
        QCOMPARE(runs.at(0).at(0).toInt(), 2);
        panel.setCurrentIndex(99);
        QCOMPARE(panel.currentIndex(), int(panel.lessons().size()) - 1);
        QTest::keyClick(&panel, Qt::Key_Right);
        QCOMPARE(panel.currentIndex(), int(panel.lessons().size()) - 1);
    }

    void fontScaleEnlargesTheText() {
        LessonsPanel panel;
        panel.loadFrom(kLessonsDir);
        const qreal before = panel.textBrowser()->font().pointSizeF();
        panel.setFontScale(2.0);
        QVERIFY(panel.textBrowser()->font().pointSizeF() > 1.9 * before);
        QVERIFY(panel.lessonHtml(0).contains("font-size:22pt"));
    }

    void setUpProducesTheLessonsNetwork() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        TrainingWorkspace* ws = shell.training();
        Classroom* classroom = shell.classroom();
        QCOMPARE(int(classroom->lessonsPanel()->lessons().size()), 11);
        for (int i = 0; i < 11; ++i) {
            const core::Lesson& l = classroom->lessonsPanel()->lessons()[std::size_t(i)];
            QVERIFY(classroom->setUpLesson(i));
            QCOMPARE(window.document()->spec(), l.setup.network.spec);
            QCOMPARE(classroom->lessonsPanel()->currentIndex(), i);
            const TrainingRequest r = ws->panel()->request(window.document()->spec());
            QCOMPARE(r.dataName, l.setup.data);
            QCOMPARE(r.config.epochs, l.setup.training.epochs);
            QCOMPARE(r.config.batchSize, l.setup.training.batchSize);
            QCOMPARE(r.config.learningRate, l.setup.training.learningRate);
            QCOMPARE(r.config.seed, l.setup.training.seed);
            QCOMPARE(r.data.size, l.setup.dataOptions.size);
            // The image lesson's 14x14 net trains on Fashion-MNIST resampled to 14x14.
            QCOMPARE(r.data.imageSize, l.setup.dataOptions.imageSize);
            if (l.run.action == core::LessonAction::Sweep) {
                const core::SweepConfig form = ws->depthView()->formConfig();
                QCOMPARE(form.data, l.setup.data);
                QCOMPARE(form.depths, l.run.depths);
                QCOMPARE(form.dataOptions.imageSize, l.setup.dataOptions.imageSize);
                QCOMPARE(form.train.learningRate, l.setup.training.learningRate);
            }
            QCOMPARE(ws->panel()->twin(), l.run.action == core::LessonAction::TrainWithTwin);
            QVERIFY(!ws->isTraining());
        }
        // Lesson 3 brings the depth sweep forward; lesson 7 the unraveled view.
        QVERIFY(classroom->setUpLesson(2));
        QCOMPARE(ws->currentView(), QStringLiteral("depth"));
    }

    // "Lesson n of 11" between Previous and Next; the first-run hint names Set up, Run and Start.
    void positionAndFirstRunHint() {
        Shell shell;
        LessonsPanel* panel = shell.classroom()->lessonsPanel();
        auto* position = panel->findChild<QLabel*>(QStringLiteral("lessonPosition"));
        QVERIFY(position);
        QCOMPARE(position->text(), QStringLiteral("Lesson 1 of 11"));
        const QString hint = panel->lessonHtml(0);
        QVERIFY2(hint.contains("Set up") && hint.contains("Run") && hint.contains("Start"), qPrintable(hint));
        panel->next();
        panel->next();
        QCOMPARE(position->text(), QStringLiteral("Lesson 3 of 11"));
        QCOMPARE(panel->positionText(), position->text());
    }

    // Set up makes room for the lesson's figure: the training area grows until the view shows
    // whole (the landscape's two rows of maps had been squeezed to a strip in its default 360
    // pixels), but never past 60% of the window, where the canvas and the lesson's text need
    // the rest.
    void setUpGivesTheLessonsViewRoom_data() {
        QTest::addColumn<QSize>("windowSize");
        QTest::newRow("1600x1200") << QSize(1600, 1200);
        QTest::newRow("1440x900") << QSize(1440, 900);
    }
    void setUpGivesTheLessonsViewRoom() {
        QFETCH(QSize, windowSize);
        QSettings().clear();
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        window.resize(windowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TrainingWorkspace* ws = shell.training();
        auto* dock = qobject_cast<QDockWidget*>(ws->parentWidget());
        QVERIFY(dock);
        const int before = dock->height();
        int index = -1;
        const std::vector<core::Lesson>& lessons = shell.classroom()->lessonsPanel()->lessons();
        for (int i = 0; i < int(lessons.size()); ++i)
            if (lessons[std::size_t(i)].setup.view == core::LessonView::Landscape)
                index = i;
        QVERIFY(index >= 0);
        QVERIFY(shell.classroom()->setUpLesson(index));
        QVERIFY(ws->currentViewWidget());
        QCOMPARE(ws->currentViewWidget()->objectName(), QStringLiteral("landscapeView"));
        const int cap = window.height() * 3 / 5;
        // As far as the docks above allow (the lessons and issues on the right keep their
        // minimum heights), up to 60%.
        QTRY_VERIFY_WITH_TIMEOUT(dock->height() > before, 3000);
        QVERIFY2(dock->height() <= cap + 4, qPrintable(QStringLiteral("%1 > %2").arg(dock->height()).arg(cap)));
        if (windowSize.height() >= 1200)
            QCOMPARE(ws->currentViewShortfall(), 0);
    }

    // Full speed outside lessons; a lesson's Set up slows training down for the room.
    void lessonsTrainInSlowMotion() {
        Shell shell;
        TrainingWorkspace* ws = shell.training();
        QCOMPARE(ws->panel()->stepsPerSecond(), 0.0);
        QVERIFY(shell.classroom()->setUpLesson(0));
        QCOMPARE(ws->panel()->stepsPerSecond(), Classroom::kLessonStepsPerSecond);
        QCOMPARE(ws->controller()->stepsPerSecond(), Classroom::kLessonStepsPerSecond);
    }

    // Set up replaces the network: the previous network's curves and status go with it.
    void setUpClearsThePreviousRun() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        TrainingWorkspace* ws = shell.training();
        ws->panel()->setEpochs(1);
        QVERIFY(ws->startTraining());
        QSignalSpy finished(ws->controller(), &TrainingController::finished);
        QVERIFY(finished.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(ws->curvesView()->batchPoints(0) > 0, 5000);
        QVERIFY(ws->panel()->status().contains("finished"));
        QVERIFY(shell.classroom()->setUpLesson(1));
        QCOMPARE(ws->curvesView()->batchPoints(0), 0);
        QCOMPARE(ws->curvesView()->epochPoints(0), 0);
        QCOMPARE(ws->panel()->status(), QStringLiteral("Ready."));
    }

    void compareSpecsShowsATable() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        Classroom* classroom = shell.classroom();
        int compare = -1;
        for (int i = 0; i < int(classroom->lessonsPanel()->lessons().size()); ++i)
            if (classroom->lessonsPanel()->lessons()[std::size_t(i)].run.action == core::LessonAction::CompareSpecs)
                compare = i;
        QVERIFY(compare >= 0);
        QVERIFY(classroom->runLesson(compare));
        const QString html = classroom->lessonsPanel()->lessonHtml(compare);
        QVERIFY2(html.contains("Parameters"), qPrintable(html));
    }

    void lessonsMenuListsTheLessons() {
        Shell shell;
        QMenu* menu = shell.classroom()->lessonsMenu();
        int lessons = 0;
        for (QAction* a : menu->actions())
            lessons += a->text().startsWith('&') && a->text().at(1).isDigit();
        QCOMPARE(lessons, 11);
        menu->actions().at(3)->trigger();
        QCOMPARE(shell.classroom()->lessonsPanel()->currentIndex(), 3);
    }

    void runTrainsTheLessonsNetwork() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        TrainingWorkspace* ws = shell.training();
        QVERIFY(shell.classroom()->runLesson(0));   // sets lesson 1 up first, then trains
        QCOMPARE(window.document()->spec(), shell.classroom()->lessonsPanel()->lessons()[0].setup.network.spec);
        QVERIFY(ws->isTraining());
        ws->stopAndWait();
    }

    // "Identity mappings": Set up brings the Block design view forward with the lesson's small
    // bench in its form; Run starts that ablation there (cancelled here at once).
    void identityMappingsRunsTheAblation() {
        Shell shell;
        MainWindow& window = *shell.window();
        window.setQuiet(true);
        TrainingWorkspace* ws = shell.training();
        Classroom* classroom = shell.classroom();
        int index = -1;
        const auto& lessons = classroom->lessonsPanel()->lessons();
        for (std::size_t i = 0; i < lessons.size(); ++i)
            if (lessons[i].title == "Identity mappings")
                index = int(i);
        QVERIFY(index >= 0);
        const core::Lesson& lesson = lessons[std::size_t(index)];
        QCOMPARE(int(lesson.run.action), int(core::LessonAction::Ablate));
        QVERIFY(classroom->setUpLesson(index));
        QCOMPARE(ws->currentView(), QStringLiteral("blocks"));
        const core::AblationConfig bench = core::lessonAblation(lesson.setup, lesson.run);
        const core::AblationConfig form = ws->blockDesignView()->formConfig();
        QCOMPARE(form.variants, bench.variants);
        QCOMPARE(form.depth, bench.depth);
        QCOMPARE(form.seeds, bench.seeds);
        QCOMPARE(form.train.epochs, bench.train.epochs);
        QVERIFY(!ws->blockDesignView()->isRunning());
        QVERIFY(classroom->lessonsPanel()->lessonHtml(index).contains(QStringLiteral("block designs")));

        QSignalSpy finished(ws->blockDesignView(), &BlockDesignView::ablationFinished);
        QVERIFY(classroom->runLesson(index));
        QVERIFY(ws->blockDesignView()->isRunning());
        QCOMPARE(ws->currentView(), QStringLiteral("blocks"));
        ws->blockDesignView()->cancel();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.last().at(0).toBool(), true);
    }

    void lesionStudyRunsInTheWorker() {
        JobRunner jobs;
        Results results;
        LesionView view(results, jobs);
        LesionStudy study;
        study.network = core::presetByName("spiral-residual-8");
        study.dataOptions.size = 300;
        study.training.epochs = 2;
        study.config.removedCounts = {1, 2};
        study.config.draws = 2;
        view.setStudy(study);
        QSignalSpy done(&view, &LesionView::studyFinished);
        view.run();
        QVERIFY(view.isRunning());
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QCOMPARE(int(results.lesion().size()), 2);
        QCOMPARE(results.lesion()[0].label, std::string("plain"));
        QCOMPARE(results.lesion()[1].label, std::string("residual"));
        QCOMPARE(int(results.lesion()[1].curve.size()), 3);   // k = 0, 1, 2
        QVERIFY(view.plot()->graphCount() > 0);

        // Cancelled at once: it ends, and says so.
        study.training.epochs = 200;
        view.setStudy(study);
        view.run();
        view.cancel();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(1).at(0).toBool(), true);
    }

    void unraveledViewCountsBinomialPaths() {
        JobRunner jobs;
        Results results;
        PathsView view(results, jobs);
        for (int n = 1; n <= 4; ++n) {
            view.setDrawnBlocks(n);
            const core::UnraveledGraph& g = view.graph()->graph();
            QCOMPARE(int(g.paths.size()), 1 << n);
            std::vector<int> byLength(std::size_t(n) + 1, 0);
            for (const core::UnraveledPath& p : g.paths)
                ++byLength[std::size_t(p.length)];
            for (int k = 0; k <= n; ++k)
                QCOMPARE(std::uint64_t(byLength[std::size_t(k)]), choose(n, k));
        }
        for (int n : {3, 10, 27, 54}) {
            view.setBlocks(n);
            const core::PathLengthResult& d = view.distribution();
            QCOMPARE(d.blocks, n);
            QCOMPARE(int(d.rows.size()), n + 1);
            long double total = 0;
            for (int k = 0; k <= n; ++k) {
                QCOMPARE(d.rows[std::size_t(k)].exactCount, choose(n, k));
                total += d.rows[std::size_t(k)].fraction;
            }
            QVERIFY(std::abs(double(total) - 1.0) < 1e-12);
        }
    }
};

QTEST_MAIN(TestLessonsPanel)
#include "test_lessons_panel.moc"
