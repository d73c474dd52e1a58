// tests/ui/test_plot_rules.cpp: the rules every plot follows (ui/plots): the legend covers no
// data (or goes beside the axes) and lists its entries in a stable order; a loss axis leaves a
// single huge spike out and says so, but keeps a healthy run's first loss; a decision map keeps
// x and y at the same scale, in the window and in exported figures; depths get distinct colours.
#include <QtTest>

#include "ui/plots/equal_aspect.h"
#include "ui/plots/figure_export.h"
#include "ui/plots/legend_placement.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/robust_range.h"
#include "ui/training/training_snapshots.h"
#include "ui/views/curves_view.h"
#include "ui/views/decision_map_view.h"
#include "ui/views/flow_view.h"

#include <qcustomplot.h>

#include <array>
#include <cmath>

namespace {

// Three replots: the first lays the plot out, the second applies the rule on that layout, the
// third lays out the legend where the rule put it.
void settle(QCustomPlot& plot) {
    for (int i = 0; i < 3; ++i)
        plot.replot(QCustomPlot::rpImmediateRefresh);
}

bool legendInsideAxes(QCustomPlot& plot) {
    return plot.axisRect()->rect().intersects(plot.legend->outerRect());
}

QCPGraph* line(QCustomPlot& plot, const QString& name, const QVector<double>& x, const QVector<double>& y) {
    QCPGraph* g = plot.addGraph();
    g->setName(name);
    g->setData(x, y);
    return g;
}

// A loss curve that starts at ln 3 and decays, `n` steps.
QVector<double> decaying(int n) {
    QVector<double> v;
    for (int i = 0; i < n; ++i)
        v << 1.0986 * std::exp(-i / 40.0) + 0.01;
    return v;
}

// CIELAB (D65) of an sRGB colour, and the CIE76 difference of two colours.
std::array<double, 3> lab(const QColor& c) {
    auto linear = [](double u) { return u <= 0.04045 ? u / 12.92 : std::pow((u + 0.055) / 1.055, 2.4); };
    const double r = linear(c.redF()), g = linear(c.greenF()), b = linear(c.blueF());
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double deltaE(const QColor& a, const QColor& b) {
    const auto p = lab(a), q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

}  // namespace

class TestPlotRules : public QObject {
    Q_OBJECT
private slots:
    void legendAvoidsTheCurves() {
        QCustomPlot plot;
        plot.resize(600, 400);
        plot.legend->setVisible(true);
        keepLegend(plot);
        // A curve from the bottom left to the top right: the top-right corner is taken.
        QVector<double> x, y;
        for (int i = 0; i <= 100; ++i)
            x << i, y << i;
        line(plot, QStringLiteral("residual"), x, y);
        line(plot, QStringLiteral("plain"), x, QVector<double>(x.size(), 0.0));
        plot.xAxis->setRange(0, 100);
        plot.yAxis->setRange(-5, 100);
        settle(plot);
        QVERIFY(legendInsideAxes(plot));
        QCOMPARE(ui::dataUnder(plot, plot.legend->outerRect()), 0);
        // Entries by name, whatever order the graphs were made in.
        auto name = [&](int i) { return qobject_cast<QCPPlottableLegendItem*>(plot.legend->item(i))->plottable()->name(); };
        QCOMPARE(name(0), QStringLiteral("plain"));
        QCOMPARE(name(1), QStringLiteral("residual"));
    }

    void legendGoesBesideWhenEveryCornerIsTaken() {
        QCustomPlot plot;
        plot.resize(600, 400);
        plot.legend->setVisible(true);
        keepLegend(plot);
        // Points on a fine grid over the whole plot.
        QVector<double> x, y;
        for (int i = 0; i <= 40; ++i)
            for (int j = 0; j <= 40; ++j)
                x << i, y << j;
        QCPGraph* g = line(plot, QStringLiteral("everywhere"), x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle::ssDisc);
        plot.xAxis->setRange(0, 40);
        plot.yAxis->setRange(0, 40);
        settle(plot);
        QVERIFY(!legendInsideAxes(plot));
        QVERIFY(plot.legend->outerRect().left() >= plot.axisRect()->outerRect().right() - 1);
        QVERIFY(plot.viewport().contains(plot.legend->outerRect()));   // not clipped at the edge
        // The data moves away from the top right: the legend comes back inside, over no data.
        g->setData(QVector<double>{0, 1}, QVector<double>{0, 1});
        settle(plot);
        QVERIFY(legendInsideAxes(plot));
        QCOMPARE(ui::dataUnder(plot, plot.legend->outerRect()), 0);
    }

    // A narrow plot with a wide legend: below the axes, never clipped at the right edge.
    void legendGoesBelowOnANarrowPlot() {
        QCustomPlot plot;
        plot.resize(320, 400);
        plot.legend->setVisible(true);
        keepLegend(plot);
        QVector<double> x, y;
        for (int i = 0; i <= 40; ++i)
            for (int j = 0; j <= 40; ++j)
                x << i, y << j;
        QCPGraph* g = line(plot, QStringLiteral("residual networks, training error"), x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle::ssDisc);
        plot.xAxis->setRange(0, 40);
        plot.yAxis->setRange(0, 40);
        settle(plot);
        QVERIFY(!legendInsideAxes(plot));
        QVERIFY(plot.legend->outerRect().top() >= plot.axisRect()->outerRect().bottom() - 1);
        QVERIFY(plot.viewport().contains(plot.legend->outerRect()));
    }

    // The loss plot of a plain twin whose first loss is 8e6: the axis shows the curves, and a
    // note says one value is above it. A healthy run keeps its first loss in view.
    void lossAxisLeavesOutASpike() {
        const QVector<double> curve = decaying(400);
        ui::RobustRange healthy = ui::robustRange(std::vector<double>(curve.begin(), curve.end()));
        QCOMPARE(healthy.clippedAbove, 0);
        QCOMPARE(healthy.upper, curve.front());
        std::vector<double> spiky(curve.begin(), curve.end());
        spiky[0] = 8e6;
        spiky.push_back(std::nan(""));
        const ui::RobustRange r = ui::robustRange(spiky);
        QCOMPARE(r.clippedAbove, 1);
        QCOMPARE(r.largestClipped, 8e6);
        QVERIFY(r.upper < 2.0);
        QVERIFY(ui::clippedText(r).contains(QStringLiteral("8e+06")));

        ui::CurvesView view;
        view.resize(1000, 700);
        ui::RunStartedSnapshot run;
        run.run = 0;
        run.family = QStringLiteral("plain");
        run.stepsPerEpoch = 10;
        run.epochs = 40;
        run.totalSteps = 400;
        view.setRunInfo(run);
        const QVector<double> loss = decaying(400);
        for (int s = 1; s <= 400; ++s) {
            ui::ProgressSnapshot p;
            p.run = 0;
            p.step = s;
            p.totalSteps = 400;
            p.batches = 1;
            p.batchLoss = s == 1 ? 8e6f : float(loss[s - 1]);
            view.addProgress(p);
        }
        const QCPRange y = view.lossPlot()->yAxis->range();
        QVERIFY2(y.upper < 2.0 && y.upper >= loss[1], qPrintable(QString::number(y.upper)));
        QCOMPARE(view.clippedLosses(), 1);
        QVERIFY(view.clippedNote());
        QVERIFY(view.clippedNote()->text().contains(QStringLiteral("8e+06")));
        // The note and the legend do not overlap.
        view.show();
        settle(*view.lossPlot());
        const QRectF note(view.clippedNote()->topLeft->pixelPosition(), view.clippedNote()->bottomRight->pixelPosition());
        QVERIFY(!note.intersects(view.lossPlot()->legend->outerRect()));
        QCOMPARE(ui::dataUnder(*view.lossPlot(), view.lossPlot()->legend->outerRect()), 0);
    }

    // A spiral in a wide panel: one unit is as many pixels across as up, on screen and in a
    // figure of another shape.
    void decisionMapKeepsTheAspectRatio() {
        ui::DecisionMapView view;
        view.resize(1200, 400);
        view.show();
        ui::DataSnapshot data;
        data.points2d = true;
        data.classes = 2;
        for (int i = 0; i < 200; ++i) {
            const double t = i / 20.0;
            data.x << float(t * std::cos(t)) / 10;
            data.y << float(t * std::sin(t)) / 10;
            data.labels << i % 2;
        }
        view.setData(data);
        QCustomPlot& plot = *view.plot();
        settle(plot);
        QCPAxisRect* rect = plot.axisRect();
        QVERIFY(rect->width() > rect->height() * 1.5);   // a wide panel
        QVERIFY2(std::abs(ui::scaleRatio(*rect) - 1.0) < 0.01, qPrintable(QString::number(ui::scaleRatio(*rect))));
        // Every point is still inside the axes.
        for (int i = 0; i < data.x.size(); ++i) {
            QVERIFY(rect->axis(QCPAxis::atBottom)->range().contains(data.x[i]));
            QVERIFY(rect->axis(QCPAxis::atLeft)->range().contains(data.y[i]));
        }
        QTemporaryDir dir;
        const QString tall = dir.filePath(QStringLiteral("tall.png"));
        QCOMPARE(ui::savePlot(plot, tall, 500, 900), QString());
        QCOMPARE(QImage(tall).size(), QSize(500, 900));
        settle(plot);
        QVERIFY(std::abs(ui::scaleRatio(*rect) - 1.0) < 0.01);   // back at the window's size
    }

    // Every two depths of a sweep (up to six) differ by a CIE76 colour difference above 22 (the
    // single-hue palette this replaced had 32 and 56 at 16 in the default sweep of five depths).
    void depthsHaveDistinctColours() {
        for (int count = 2; count <= 6; ++count)
            for (int a = 0; a < count; ++a)
                for (int b = a + 1; b < count; ++b) {
                    const QColor ca = ui::depthColor(a, count), cb = ui::depthColor(b, count);
                    const double d = deltaE(ca, cb);
                    QVERIFY2(d > 22, qPrintable(QStringLiteral("%1 depths: %2 and %3 are %4 apart")
                                                    .arg(count).arg(ca.name(), cb.name()).arg(d)));
                    // Ordered: the deeper net is darker (CIELAB lightness).
                    QVERIFY(lab(ca)[0] > lab(cb)[0]);
                }
    }

    // The flow view's legends, fed a plain and a residual run, cover none of their curves, at
    // screen fonts and at presentation fonts.
    void flowLegendsCoverNoCurve() {
        for (const double scale : {1.0, 2.0}) {
            ui::FlowView view;
            view.resize(1200, 800);
            view.setFontScale(scale);
            view.clear(true);
            view.setRunFamily(0, QStringLiteral("residual"));
            view.setRunFamily(1, QStringLiteral("plain"));
            for (int step = 10; step <= 50; step += 10)
                for (int run = 0; run < 2; ++run) {
                    ui::ProbeSnapshot p;
                    p.run = run;
                    p.report.step = step;
                    for (int i = 0; i < 8; ++i) {
                        core::LayerProbe l;
                        l.name = "blocks." + std::to_string(i) + ".branch.0";
                        l.weighted = true;
                        l.actNorm = 1.0f + (run == 0 ? i : 8 - i);
                        l.gradNorm = run == 0 ? 0.1f : 0.1f * std::pow(0.3f, float(8 - i));
                        p.report.layers.push_back(l);
                    }
                    for (int b = 0; b < 4; ++b) {
                        core::BlockProbe bp;
                        bp.block = b;
                        bp.residual = run == 0;
                        bp.inputNorm = 3;
                        bp.branchNorm = 1;
                        bp.gradViaShortcut = 0.3f + 0.1f * b;
                        bp.gradViaBranch = 0.1f;
                        p.report.blocks.push_back(bp);
                    }
                    view.addProbes(p);
                }
            view.show();
            for (QCustomPlot* plot : {view.activationPlot(), view.gradientPlot(), view.skipPlot()}) {
                settle(*plot);
                QVERIFY(ui::hasLegendRule(*plot));
                if (plot->legend->visible() && plot->legend->itemCount() > 0)
                    QVERIFY2(ui::dataUnder(*plot, plot->legend->outerRect()) == 0,
                             qPrintable(QStringLiteral("scale %1: the legend covers data").arg(scale)));
            }
        }
    }

private:
    static void keepLegend(QCustomPlot& plot) { ui::keepLegendClearOfData(plot); }
};

QTEST_MAIN(TestPlotRules)
#include "test_plot_rules.moc"
