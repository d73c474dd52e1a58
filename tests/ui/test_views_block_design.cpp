// tests/ui/test_views_block_design.cpp: the Block design view runs the block-design ablation
// of core::runAblation from the window: its form starts as the CLI's defaults, a tiny ablation
// delivers every run into Results, the figure and the table show one row per variant in the
// table's order with the paper's number, progress counts the runs, Cancel stops it quickly, and
// a bad form is refused with a message.
#include "support/stop_budget.h"
#include <QtTest>

#include "ui/jobs/ablation_job.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/views/block_design_view.h"
#include "ui/workspace/training_workspace.h"

#include <qcustomplot.h>

#include <QListWidget>
#include <QProgressBar>
#include <QTabWidget>
#include <QTableWidget>

#include <set>

namespace {

core::AblationConfig tinyAblation() {
    core::AblationConfig c = core::defaultAblation();
    c.variants = {"identity", "scaling-0.5", "full-preact"};
    c.depth = 8;
    c.seeds = {0};
    c.dataOptions.size = 300;
    c.width = 8;
    c.train.epochs = 2;
    c.train.batchSize = 64;
    c.train.warmupEpochs = 0;
    return c;
}

}  // namespace

class TestViewsBlockDesign : public QObject {
    Q_OBJECT
private slots:
    void defaultFormIsTheCliBench();
    void runsATinyAblation();
    void cancelStopsQuickly();
    void badFormIsReported();
    void workspaceShowsTheView();
};

void TestViewsBlockDesign::defaultFormIsTheCliBench() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::BlockDesignView view(results, jobs);
    const core::AblationConfig form = view.formConfig();
    const core::AblationConfig bench = core::defaultAblation();
    QVERIFY(form.variants.empty());   // every variant, as `resnetlab-cli ablate` without --variants
    QCOMPARE(view.variantList()->count(), int(core::ablationVariants().size()));
    QCOMPARE(form.depth, bench.depth);
    QCOMPARE(form.seeds, bench.seeds);
    QCOMPARE(form.data, bench.data);
    QCOMPARE(form.width, bench.width);
    QCOMPARE(form.train.epochs, bench.train.epochs);
    QCOMPARE(form.train.learningRate, bench.train.learningRate);
    QCOMPARE(form.train.warmupEpochs, bench.train.warmupEpochs);

    // Unticking variants narrows the list to the ticked ones, in the table's order.
    view.variantList()->item(1)->setCheckState(Qt::Unchecked);
    const core::AblationConfig fewer = view.formConfig();
    QCOMPARE(int(fewer.variants.size()), view.variantList()->count() - 1);
    QCOMPARE(fewer.variants.front(), std::string("identity"));
    QVERIFY(std::find(fewer.variants.begin(), fewer.variants.end(), "scaling-0.5") == fewer.variants.end());
}

void TestViewsBlockDesign::runsATinyAblation() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::BlockDesignView view(results, jobs);
    view.resize(1200, 700);
    QSignalSpy finished(&view, &ui::BlockDesignView::ablationFinished);
    QSignalSpy progress(&jobs, &ui::JobRunner::progress);
    const core::AblationConfig config = tinyAblation();
    view.setForm(config);
    QCOMPARE(view.formConfig().variants, config.variants);
    view.runAblation();
    QVERIFY(view.isRunning());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.last().at(0).toBool(), false);   // neither cancelled nor failed
    QVERIFY(!view.isRunning());

    QVERIFY(results.ablation().has_value());
    QCOMPARE(int(results.ablation()->runs.size()), 3);
    QCOMPARE(view.receivedRuns(), 3);
    QCOMPARE(results.ablation()->chanceError, 2.0 / 3.0);   // the spiral's three classes
    std::set<std::string> variants;
    for (const core::AblationRun& r : results.ablation()->runs) {
        variants.insert(r.variant);
        QCOMPARE(int(r.result.history.size()), 2);
    }
    QCOMPARE(variants, (std::set<std::string>{"identity", "scaling-0.5", "full-preact"}));

    // Progress: every run counted, the bar full.
    QVERIFY(progress.size() >= 3);
    QCOMPARE(progress.last().at(0).toString(), QString::fromLatin1(ui::kAblationJob));
    QCOMPARE(progress.last().at(2).value<ui::JobProgress>().done, 3);
    QCOMPARE(view.progressBar()->maximum(), 3);
    QCOMPARE(view.progressBar()->value(), 3);
    QVERIFY2(view.progressText().contains(QStringLiteral("Done: 3 runs")), qPrintable(view.progressText()));
    QVERIFY(view.progressText().contains(QStringLiteral("Lowest median training error")));

    // The rows, in the table's order whatever order the runs ended in, with the paper's number.
    const std::vector<core::AblationSummaryRow> rows = view.summary();
    QCOMPARE(int(rows.size()), 3);
    QCOMPARE(rows[0].variant, std::string("identity"));
    QCOMPARE(rows[1].variant, std::string("scaling-0.5"));
    QCOMPARE(rows[2].variant, std::string("full-preact"));
    QCOMPARE(view.table()->rowCount(), 3);
    QCOMPARE(view.table()->item(0, 0)->text(), QString::fromStdString(core::ablationVariant("identity")->label));
    QCOMPARE(view.table()->item(0, 5)->text(), QStringLiteral("6.61%"));
    QCOMPARE(view.table()->item(1, 5)->text(), QStringLiteral("fail (> 20%)"));
    QCOMPARE(view.table()->item(2, 5)->text(), QStringLiteral("6.37%"));
    QVERIFY(view.table()->item(2, 2)->text().startsWith(QString::number(rows[2].medianTrainError, 'f', 3)));

    // The bar chart: one bar per variant at its median, and a label with ours and the paper's.
    QCustomPlot* plot = view.figurePlot();
    QCOMPARE(plot->plottableCount(), 2);   // the bars and their whiskers
    auto* bars = qobject_cast<QCPBars*>(plot->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->dataCount(), 3);
    // Keys count down from the top row; the container holds them ascending, the last row first,
    // and each whisker belongs to its own bar (best to worst seed around the median).
    QCOMPARE(bars->data()->at(0)->key, 1.0);
    auto* whiskers = qobject_cast<QCPErrorBars*>(plot->plottable(1));
    QVERIFY(whiskers);
    QCOMPARE(whiskers->dataCount(), 3);
    for (int k = 0; k < 3; ++k) {
        const core::AblationSummaryRow& row = rows[std::size_t(2 - k)];
        QCOMPARE(bars->data()->at(k)->value, row.medianTrainError);
        QCOMPARE(whiskers->data()->at(k).errorMinus + 1.0, row.medianTrainError - row.minTrainError + 1.0);
        QCOMPARE(whiskers->data()->at(k).errorPlus + 1.0, row.maxTrainError - row.medianTrainError + 1.0);
    }
    // Beside each bar, on the right-hand axis: our median and the paper's number.
    const auto numbers = qSharedPointerDynamicCast<QCPAxisTickerText>(plot->yAxis2->ticker());
    QVERIFY(numbers);
    QVERIFY(plot->yAxis2->visible());
    QCOMPARE(numbers->ticks().size(), 3);
    QCOMPARE(numbers->ticks().value(1.0).left(5), QString::number(rows[2].medianTrainError, 'f', 3));
    QVERIFY(numbers->ticks().value(1.0).contains(QStringLiteral("paper: 6.37%")));
    QVERIFY(numbers->ticks().value(3.0).contains(QStringLiteral("paper: 6.61%")));

    // The test error on request.
    view.setShowTest(true);
    QCOMPARE(qobject_cast<QCPBars*>(plot->plottable(0))->data()->at(0)->value, rows[2].medianTestError);
}

void TestViewsBlockDesign::cancelStopsQuickly() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::BlockDesignView view(results, jobs);
    core::AblationConfig c = tinyAblation();
    c.depth = 56;
    c.train.epochs = 10000;
    QSignalSpy finished(&view, &ui::BlockDesignView::ablationFinished);
    view.runConfig(c);
    QVERIFY(view.isRunning());
    QTest::qWait(300);
    QElapsedTimer t;
    t.start();
    view.cancel();
    QVERIFY(finished.wait(5000));
    QVERIFY2(t.elapsed() < support::kStopBudgetMs, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(finished.last().at(0).toBool(), true);
    QVERIFY(!view.isRunning());
    QCOMPARE(view.receivedRuns(), 0);
    QCOMPARE(view.table()->rowCount(), 0);
    QVERIFY(view.progressText().contains(QStringLiteral("Cancelled after 0 of 3 runs")));
}

void TestViewsBlockDesign::badFormIsReported() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::BlockDesignView view(results, jobs);
    QSignalSpy status(&view, &ui::BlockDesignView::statusMessage);
    core::AblationConfig c = tinyAblation();
    c.variants = {"identity", "no-such-block"};
    view.runConfig(c);
    QVERIFY(!view.isRunning());
    QCOMPARE(status.size(), 1);
    QVERIFY(status.last().at(0).toString().contains(QStringLiteral("no-such-block")));

    // No variant ticked: refused, saying so.
    view.setForm(tinyAblation());
    for (int i = 0; i < view.variantList()->count(); ++i)
        view.variantList()->item(i)->setCheckState(Qt::Unchecked);
    view.runAblation();
    QVERIFY(!view.isRunning());
    QCOMPARE(status.size(), 2);
    QVERIFY(status.last().at(0).toString().contains(QStringLiteral("at least one")));
    QVERIFY(!results.ablation().has_value());
}

void TestViewsBlockDesign::workspaceShowsTheView() {
    ui::JobRunner jobs;
    ui::Results results;
    ui::TrainingWorkspace workspace(nullptr, results, jobs);
    QVERIFY(workspace.blockDesignView());
    QVERIFY(workspace.selectView(QStringLiteral("blocks")));
    QCOMPARE(workspace.currentView(), QStringLiteral("blocks"));
    auto* tabs = workspace.findChild<QTabWidget*>();
    QVERIFY(tabs);
    QCOMPARE(workspace.currentViewWidget(), static_cast<QWidget*>(workspace.blockDesignView()));
    QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Block design"));
    // Presentation mode's compact workspace puts the form and the design list away.
    QVERIFY(!workspace.blockDesignView()->isCompact());
    workspace.setCompact(true);
    QVERIFY(workspace.blockDesignView()->isCompact());
    QVERIFY(workspace.blockDesignView()->variantList()->isHidden() ||
            !workspace.blockDesignView()->variantList()->isVisibleTo(workspace.blockDesignView()));
    workspace.setCompact(false);
    QVERIFY(!workspace.blockDesignView()->isCompact());
}

QTEST_MAIN(TestViewsBlockDesign)
#include "test_views_block_design.moc"
