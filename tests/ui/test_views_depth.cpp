// tests/ui/test_views_depth.cpp: the depth view runs the core's depth sweep from the window:
// it receives every run (and the epochs of the runs in progress), draws the degradation figure
// and the curves by depth, reports progress, and can be cancelled quickly.
#include "support/stop_budget.h"
#include <QtTest>

#include "ui/jobs/sweep_job.h"
#include "ui/plots/plot_style.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/views/depth_view.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QProgressBar>

#include <algorithm>
#include <set>
#include <tuple>

namespace {

core::SweepConfig smallSweep() {
    core::SweepConfig c = core::defaultSweep();
    c.depths = {4, 8};
    c.seeds = {0, 1};
    c.dataOptions.size = 400;
    c.train.epochs = 3;
    c.train.batchSize = 64;
    c.width = 8;
    return c;
}

}  // namespace

class TestViewsDepth : public QObject {
    Q_OBJECT
private slots:
    void receivesEveryRun();
    void cancelStopsQuickly();
    void badConfigIsReported();
    void defaultFormIsTheDesignSweep();
    void fashionMnistChoiceIsTheImageLesson();
    void compactShowsTheFigureAlone();
};

// Presentation mode's compact view: the error-against-depth figure alone, the form and the
// curves by depth put away (and back after it); the form keeps its values.
void TestViewsDepth::compactShowsTheFigureAlone() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::DepthView view(results, jobs);
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int wide = view.figurePlot()->width();
    view.setCompact(true);
    QVERIFY(view.isCompact());
    QVERIFY(view.curvesPlot()->isHidden());
    QVERIFY(view.figurePlot()->isVisible());
    QTRY_VERIFY(view.figurePlot()->width() > wide);
    QCOMPARE(view.formConfig().depths, core::defaultSweep().depths);
    view.setCompact(false);
    QVERIFY(!view.isCompact());
    QVERIFY(view.curvesPlot()->isVisible());
}

void TestViewsDepth::receivesEveryRun() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::DepthView view(results, jobs);
    view.resize(1200, 700);
    QSignalSpy changes(&results, &ui::Results::sweepChanged);
    QSignalSpy progress(&jobs, &ui::JobRunner::progress);
    QSignalSpy finished(&view, &ui::DepthView::sweepFinished);
    view.runConfig(smallSweep());
    QVERIFY(view.isRunning());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.last().at(0).toBool(), false);   // not cancelled
    QVERIFY(!view.isRunning());
    QVERIFY(results.sweep().has_value());
    QCOMPARE(int(results.sweep()->runs.size()), 8);     // 2 families x 2 depths x 2 seeds
    QCOMPARE(view.receivedRuns(), 8);
    std::set<std::tuple<std::string, int, std::uint64_t>> runs;
    for (const core::SweepRun& r : results.sweep()->runs) {
        runs.insert({r.family, r.depth, r.seed});
        QCOMPARE(int(r.result.history.size()), 3);
    }
    QCOMPARE(int(runs.size()), 8);
    // Every epoch of every run arrived while the runs were going, under its run's index.
    int reports = 0;
    for (const auto& [index, epochs] : results.sweepEpochs()) {
        QVERIFY(index >= 0 && index < 8);
        reports += int(epochs.size());
    }
    QCOMPARE(reports, 8 * 3);
    QVERIFY(changes.size() >= 1 + 8);   // the start, then at least once per run
    QCOMPARE(progress.size(), 8);
    QCOMPARE(progress.last().at(0).toString(), QString::fromLatin1(ui::kSweepJob));
    QCOMPARE(progress.last().at(2).value<ui::JobProgress>().done, 8);
    QCOMPARE(view.progressBar()->value(), 8);
    QCOMPARE(view.progressBar()->maximum(), 8);
    QVERIFY(view.progressText().contains(QStringLiteral("8 runs")));
    // The figure: per family a band (two graphs) and a mean line.
    QCOMPARE(view.figurePlot()->graphCount(), 2 * 3);
    int withData = 0;
    for (int i = 0; i < view.figurePlot()->graphCount(); ++i)
        withData += view.figurePlot()->graph(i)->dataCount() == 2 ? 1 : 0;
    QCOMPARE(withData, 6);
    QTest::qWait(150);   // the curves are redrawn at most 10 times a second
    // The curves: a legend entry per depth, one for the band and one for the line weight, plus
    // per family and depth the mean over the seeds and the band of their spread (two graphs).
    QCOMPARE(view.curvesPlot()->graphCount(), 2 + 1 + 1 + 2 * 2 * 3);
    int bands = 0;
    for (int i = 0; i < view.curvesPlot()->graphCount(); ++i) {
        const QCPGraph* g = view.curvesPlot()->graph(i);
        if (!g->channelFillGraph())
            continue;
        ++bands;
        // The band spans the seeds: its upper edge is never below its lower edge, and somewhere above.
        double gap = 0;
        for (int j = 0; j < g->dataCount(); ++j) {
            QVERIFY(g->data()->at(j)->value >= g->channelFillGraph()->data()->at(j)->value);
            gap = std::max(gap, g->data()->at(j)->value - g->channelFillGraph()->data()->at(j)->value);
        }
        QVERIFY(gap > 0);
    }
    QCOMPARE(bands, 2 * 2);
    // Each depth its own colour.
    QVERIFY(ui::depthColor(0, 2) != ui::depthColor(1, 2));
    view.setShowTest(true);   // thin test curves, and their legend entry
    QCOMPARE(view.curvesPlot()->graphCount(), 2 + 1 + 2 + 2 * 2 * 4);
}

void TestViewsDepth::cancelStopsQuickly() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::DepthView view(results, jobs);
    core::SweepConfig c = smallSweep();
    c.depths = {56};
    c.train.epochs = 10000;
    QSignalSpy finished(&view, &ui::DepthView::sweepFinished);
    view.runConfig(c);
    QTest::qWait(300);
    QElapsedTimer t;
    t.start();
    view.cancel();
    QVERIFY(finished.wait(5000));
    QVERIFY2(t.elapsed() < support::kStopBudgetMs, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(finished.last().at(0).toBool(), true);
    QCOMPARE(view.receivedRuns(), 0);
    QVERIFY(view.progressText().contains(QStringLiteral("Cancelled")));
}

void TestViewsDepth::badConfigIsReported() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::DepthView view(results, jobs);
    QSignalSpy status(&view, &ui::DepthView::statusMessage);
    core::SweepConfig c = smallSweep();
    c.depths = {2};
    view.runConfig(c);
    QVERIFY(!view.isRunning());
    QCOMPARE(status.size(), 1);
    QVERIFY(status.last().at(0).toString().contains(QStringLiteral("depths")));
}

void TestViewsDepth::defaultFormIsTheDesignSweep() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::DepthView view(results, jobs);
    const core::SweepConfig form = view.formConfig();
    const core::SweepConfig design = core::defaultSweep();
    QCOMPARE(form.depths, design.depths);
    QCOMPARE(form.seeds, design.seeds);
    QCOMPARE(form.data, design.data);
    QCOMPARE(form.train.epochs, design.train.epochs);
    QCOMPARE(form.width, design.width);
}

void TestViewsDepth::fashionMnistChoiceIsTheImageLesson() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::DepthView view(results, jobs);
    QComboBox* data = view.dataChoice();
    const int fashion = data->findData(QStringLiteral("fashion-mnist"));
    QVERIFY(fashion >= 0);
    data->setCurrentIndex(fashion);
    emit data->activated(fashion);   // as a person's choice
    const core::SweepConfig form = view.formConfig();
    const core::SweepConfig lesson = core::imageLessonSweep();
    QCOMPARE(form.data, std::string("fashion-mnist"));
    QCOMPARE(form.depths, lesson.depths);
    QCOMPARE(form.seeds, lesson.seeds);
    QCOMPARE(form.width, lesson.width);
    QCOMPARE(form.train.epochs, lesson.train.epochs);
    QCOMPARE(form.train.batchSize, lesson.train.batchSize);
    QCOMPARE(form.train.learningRate, lesson.train.learningRate);
    QCOMPARE(form.dataOptions.imageSize, lesson.dataOptions.imageSize);
    QCOMPARE(form.dataOptions.maxTrain, lesson.dataOptions.maxTrain);
    QCOMPARE(form.dataOptions.maxTest, lesson.dataOptions.maxTest);
    QVERIFY(core::checkSweepConfig(form).empty());

    // Back to the spiral: its own sweep again, not the images' settings.
    const int spiral = data->findData(QStringLiteral("spiral"));
    data->setCurrentIndex(spiral);
    emit data->activated(spiral);
    const core::SweepConfig back = view.formConfig();
    QCOMPARE(back.depths, core::defaultSweep().depths);
    QCOMPARE(back.train.learningRate, core::defaultSweep().train.learningRate);
    QCOMPARE(back.dataOptions.imageSize, 0);
}

QTEST_MAIN(TestViewsDepth)
#include "test_views_depth.moc"
