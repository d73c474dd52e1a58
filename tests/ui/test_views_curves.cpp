// tests/ui/test_views_curves.cpp: the curves and flow views fed with hand-made snapshots:
// points appended per run, step/epoch and linear/log switches, the divergence message on the
// plots, the hover readout's exact values, the flow heat map's bounded history, and the
// presentation font scale.
#include <QtTest>

#include "ui/plots/hover_readout.h"
#include "ui/plots/plot_style.h"
#include "ui/views/curves_view.h"
#include "ui/views/flow_view.h"

#include <qcustomplot.h>

namespace {

ui::RunStartedSnapshot started(int run, const char* family) {
    ui::RunStartedSnapshot s;
    s.run = run;
    s.family = QString::fromLatin1(family);
    s.stepsPerEpoch = 10;
    s.epochs = 5;
    s.totalSteps = 50;
    return s;
}

ui::ProgressSnapshot progress(int run, qint64 step, float loss, bool epochEnd) {
    ui::ProgressSnapshot p;
    p.run = run;
    p.step = step;
    p.totalSteps = 50;
    p.batches = 3;
    p.batchLoss = loss;
    p.batchError = loss / 2;
    if (epochEnd) {
        core::EpochReport e;
        e.epoch = int(step / 10);
        e.step = step;
        e.trainLoss = loss;
        e.trainError = loss / 4;
        e.testLoss = loss * 1.1;
        e.testError = loss / 3;
        p.epochs.push_back(e);
    }
    return p;
}

ui::ProbeSnapshot probe(int run, long long step, bool residual) {
    ui::ProbeSnapshot p;
    p.run = run;
    p.report.step = step;
    for (int i = 0; i < 4; ++i) {
        core::LayerProbe l;
        l.name = "blocks." + std::to_string(i) + ".branch.0";
        l.weighted = true;
        l.actNorm = 1.0f + i;
        l.gradNorm = residual ? 0.1f : 0.1f * std::pow(0.1f, float(3 - i));   // plain: vanishing
        p.report.layers.push_back(l);
        core::LayerProbe relu = l;
        relu.name += ".relu";
        relu.weighted = false;
        p.report.layers.push_back(relu);
    }
    core::LayerProbe projection;
    projection.name = "blocks.2.shortcut.0";
    projection.weighted = true;
    projection.actNorm = 5;
    p.report.layers.push_back(projection);   // not on the main path: not a row
    for (int b = 0; b < 2; ++b) {
        core::BlockProbe bp;
        bp.block = b;
        bp.residual = residual;
        bp.inputNorm = 3;
        bp.branchNorm = 1;
        bp.gradViaShortcut = 0.3f;
        bp.gradViaBranch = 0.1f;
        p.report.blocks.push_back(bp);
    }
    return p;
}

}  // namespace

class TestViewsCurves : public QObject {
    Q_OBJECT
private slots:
    void appendsPointsPerRun();
    void noEmptyLegendBeforeARun();
    void switchesAxes();
    void showsDivergence();
    void hoverReadsExactValues();
    void flowKeepsABoundedHistory();
    void fontScaleGrowsTheText();
};

void TestViewsCurves::appendsPointsPerRun() {
    ui::CurvesView view;
    view.clear(true);
    view.setRunInfo(started(0, "residual"));
    view.setRunInfo(started(1, "plain"));
    for (int s = 1; s <= 5; ++s) {
        view.addProgress(progress(0, s * 10, 1.0f / s, true));
        view.addProgress(progress(1, s * 10, 2.0f / s, s % 2 == 0));
    }
    QCOMPARE(view.batchPoints(0), 5);
    QCOMPARE(view.batchPoints(1), 5);
    QCOMPARE(view.epochPoints(0), 5);
    QCOMPARE(view.epochPoints(1), 2);
    QCOMPARE(view.lossPlot()->xAxis->range().upper, 50.0);   // the whole planned run
    view.clear(false);
    QCOMPARE(view.batchPoints(0), 0);

    // A very long run keeps a bounded number of batch points that still span it.
    view.setRunInfo(started(0, "residual"));
    for (int s = 1; s <= 20000; ++s)
        view.addProgress(progress(0, s, 1.0f, false));
    QVERIFY(view.batchPoints(0) <= int(ui::CurvesView::kMaxBatchPoints));
    QVERIFY(view.batchPoints(0) > int(ui::CurvesView::kMaxBatchPoints) / 2);
    QCOMPARE((view.lossPlot()->graph(0)->data()->constEnd() - 1)->key, 20000.0);
}

// Before a run the plots have no key (an empty key would be drawn as an empty box); the first
// run's family names bring it.
void TestViewsCurves::noEmptyLegendBeforeARun() {
    ui::CurvesView view;
    for (QCustomPlot* plot : {view.lossPlot(), view.errorPlot()}) {
        plot->replot();
        QVERIFY(!plot->legend->visible());
    }
    view.clear(true);
    view.setRunInfo(started(0, "residual"));
    view.setRunInfo(started(1, "plain"));
    view.addProgress(progress(0, 10, 1.0f, true));
    view.addProgress(progress(1, 10, 2.0f, true));
    for (QCustomPlot* plot : {view.lossPlot(), view.errorPlot()}) {
        plot->replot();
        QVERIFY(plot->legend->itemCount() > 0);
        QVERIFY(plot->legend->visible());
    }
}

void TestViewsCurves::switchesAxes() {
    ui::CurvesView view;
    view.clear(false);
    view.setRunInfo(started(0, "residual"));
    view.addProgress(progress(0, 20, 0.5f, true));
    auto* train = view.lossPlot()->graph(1);   // batch, training set, test set
    QCOMPARE(train->data()->begin()->key, 20.0);
    view.setXAxis(ui::CurvesView::XAxis::Epoch);
    QCOMPARE(train->data()->begin()->key, 2.0);
    QCOMPARE(view.lossPlot()->graph(0)->data()->begin()->key, 2.0);   // step 20 / 10 per epoch
    QCOMPARE(view.lossPlot()->xAxis->range().upper, 5.0);
    view.setLogScale(true);
    QCOMPARE(view.errorPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    view.setLogScale(false);
    QCOMPARE(view.errorPlot()->yAxis->scaleType(), QCPAxis::stLinear);
    view.setXAxis(ui::CurvesView::XAxis::Step);
    QCOMPARE(train->data()->begin()->key, 20.0);
}

void TestViewsCurves::showsDivergence() {
    ui::CurvesView view;
    view.clear(false);
    view.setRunInfo(started(0, "plain"));
    view.addProgress(progress(0, 7, 3.0f, false));
    ui::RunFinishedSnapshot r;
    r.run = 0;
    r.status = core::TrainResult::Status::Diverged;
    r.divergedAtStep = 8;
    r.message = QStringLiteral("training diverged at step 8 (the loss is nan): the learning rate is probably too "
                               "high; try a smaller one, or turn batch norm on");
    view.setRunFinished(r);
    QVERIFY(view.divergenceText().contains(QStringLiteral("diverged at step 8")));
    QVERIFY(view.divergenceText().contains(QStringLiteral("learning rate")));
    int texts = 0;
    for (int i = 0; i < view.lossPlot()->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(view.lossPlot()->item(i)))
            texts += t->text().contains(QStringLiteral("step 8")) ? 1 : 0;
    QCOMPARE(texts, 1);
    view.setXAxis(ui::CurvesView::XAxis::Epoch);   // the marks follow the axis
    QVERIFY(view.divergenceText().contains(QStringLiteral("step 8")));
    view.clear(false);
    QVERIFY(view.divergenceText().isEmpty());
}

void TestViewsCurves::hoverReadsExactValues() {
    QCustomPlot plot;
    plot.resize(400, 300);
    plot.xAxis->setLabel(QStringLiteral("step"));
    plot.yAxis->setLabel(QStringLiteral("loss"));
    QCPGraph* g = plot.addGraph();
    g->setName(QStringLiteral("residual · training set"));
    g->setData({0, 10, 20}, {1.0, 0.123456, 0.05});
    plot.xAxis->setRange(0, 20);
    plot.yAxis->setRange(0, 1);
    plot.replot();
    ui::HoverReadout readout(&plot);
    readout.showAt(g->coordsToPixels(10, 0.123456) + QPointF(3, -2));
    QVERIFY2(readout.text().contains(QStringLiteral("step: 10")), qPrintable(readout.text()));
    QVERIFY(readout.text().contains(QStringLiteral("loss: 0.1235")));
    QVERIFY(readout.text().contains(QStringLiteral("residual")));
    readout.showAt(QPointF(5, 5));   // far from every point
    QVERIFY(readout.text().isEmpty());
    // It survives the plot clearing its items.
    readout.showAt(g->coordsToPixels(20, 0.05));
    plot.clearItems();
    readout.showAt(g->coordsToPixels(20, 0.05));
    QVERIFY(readout.text().contains(QStringLiteral("step: 20")));
}

void TestViewsCurves::flowKeepsABoundedHistory() {
    ui::FlowView view;
    view.clear(true);
    view.setRunFamily(0, QStringLiteral("residual"));
    view.setRunFamily(1, QStringLiteral("plain"));
    for (int s = 0; s < 700; ++s) {
        view.addProbes(probe(0, s, true));
        view.addProbes(probe(1, s, false));
    }
    QCOMPARE(view.probeCount(0), 700);
    QVERIFY(view.heatColumns(0) <= ui::FlowView::kMaxColumns);
    QVERIFY(view.heatColumns(0) >= ui::FlowView::kMaxColumns / 2);
    // Rows: the four dense layers on the main path (not the ReLUs, not the projection).
    QCPGraph* grad = nullptr;
    for (int i = 0; i < view.gradientPlot()->graphCount(); ++i)
        if (view.gradientPlot()->graph(i)->name() == QStringLiteral("plain · now"))
            grad = view.gradientPlot()->graph(i);
    QVERIFY(grad);
    QCOMPARE(grad->dataCount(), 4);
    QVERIFY(grad->data()->at(0)->value < grad->data()->at(3)->value);   // vanishing towards the input
    // Heat maps: plain left, residual right; both with 4 layers.
    int maps = 0;
    for (int i = 0; i < view.heatPlot()->plottableCount(); ++i)
        if (auto* m = qobject_cast<QCPColorMap*>(view.heatPlot()->plottable(i))) {
            ++maps;
            QCOMPARE(m->data()->valueSize(), 4);
            QCOMPARE(m->data()->keyRange().upper, 699.0);   // spans the whole run
        }
    QCOMPARE(maps, 2);
    QCOMPARE(qobject_cast<QCPColorMap*>(view.heatPlot()->plottable(0))->name(), QStringLiteral("plain · gradient norm"));
    // Skip shares for the residual run: 3 / (3 + 1) forward, 0.3 / 0.4 backward.
    for (int i = 0; i < view.skipPlot()->graphCount(); ++i) {
        QCPGraph* g = view.skipPlot()->graph(i);
        if (!g->visible())
            continue;
        QCOMPARE(g->dataCount(), 2);
        const double v = g->data()->at(0)->value;
        QVERIFY2(std::abs(v - 0.75) < 1e-6, qPrintable(g->name() + QStringLiteral(" %1").arg(v)));
    }
}

void TestViewsCurves::fontScaleGrowsTheText() {
    ui::CurvesView curves;
    ui::FlowView flow;
    const double before = curves.lossPlot()->xAxis->tickLabelFont().pointSizeF();
    curves.setFontScale(2.0);
    flow.setFontScale(2.0);
    // Plot text grows 60% as fast as the window's fonts (plotTextScale): 2x fonts, 1.6x ticks.
    QCOMPARE(ui::plotTextScale(2.0), 1.6);
    QCOMPARE(curves.lossPlot()->xAxis->tickLabelFont().pointSizeF(), 1.6 * before);
    QCOMPARE(flow.activationPlot()->xAxis->tickLabelFont().pointSizeF(), 1.6 * before);
    // and the plots ask for more room, so a window with large fonts is not squeezed below it.
    QVERIFY(curves.lossPlot()->minimumHeight() > 150);
}

QTEST_MAIN(TestViewsCurves)
#include "test_views_curves.moc"
