#include "ui/plots/sweep_figure.h"

#include "ui/plots/legend_placement.h"
#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <map>

namespace ui {

void drawSweepFigure(QCustomPlot& plot, const std::vector<core::SweepSummaryRow>& rows,
                     const SweepFigureOptions& options) {
    plot.clearGraphs();
    plot.clearItems();
    plot.clearPlottables();
    if (plot.plotLayout()->rowCount() > 1)
        plot.plotLayout()->removeAt(0), plot.plotLayout()->simplify();
    applyPlotStyle(plot, options.fontScale);
    const double line = 2.0 * options.fontScale;

    std::map<QString, std::vector<const core::SweepSummaryRow*>> byFamily;
    for (const core::SweepSummaryRow& r : rows)
        byFamily[QString::fromStdString(r.family)].push_back(&r);

    double maxDepth = 1.0, maxError = 0.05;
    for (const auto& [family, list] : byFamily) {
        const QColor color = familyColor(family);
        QVector<double> depth, mean, lo, hi, testMean;
        for (const core::SweepSummaryRow* r : list) {
            depth << r->depth;
            mean << r->meanTrainError;
            lo << r->minTrainError;
            hi << r->maxTrainError;
            testMean << r->meanTestError;
            maxDepth = std::max(maxDepth, double(r->depth));
            maxError = std::max({maxError, r->maxTrainError, options.showTest ? r->maxTestError : 0.0});
        }
        // The spread over seeds: a band between the min and max curves.
        QCPGraph* upper = plot.addGraph();
        upper->setData(depth, hi, true);
        upper->setPen(Qt::NoPen);
        upper->removeFromLegend();
        QCPGraph* lower = plot.addGraph();
        lower->setData(depth, lo, true);
        lower->setPen(Qt::NoPen);
        QColor fill = color;
        fill.setAlpha(50);
        upper->setBrush(fill);
        upper->setChannelFillGraph(lower);
        lower->removeFromLegend();

        QCPGraph* g = plot.addGraph();
        g->setName(family + QObject::tr(" (training error)"));
        g->setData(depth, mean, true);
        g->setPen(QPen(color, line));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 6 * options.fontScale));
        if (options.showTest) {
            QCPGraph* t = plot.addGraph();
            t->setName(family + QObject::tr(" (test error)"));
            t->setData(depth, testMean, true);
            t->setPen(QPen(color, line * 0.6, Qt::DashLine));
        }
    }
    plot.xAxis->setLabel(QObject::tr("depth (weighted layers)"));
    plot.yAxis->setLabel(QObject::tr("final training error"));
    plot.xAxis->setRange(0, maxDepth * 1.05 + 1);
    // A little room below 0, so a family that reaches zero error stays visible above the axis.
    plot.yAxis->setRange(-0.02, std::min(1.0, maxError * 1.15 + 0.02));
    plot.legend->setVisible(true);
    keepLegendClearOfData(plot);   // where it covers no curve (legend_placement.h)
    if (!options.title.isEmpty()) {
        plot.plotLayout()->insertRow(0);
        QFont f = plot.font();
        f.setPointSizeF(12 * plotTextScale(options.fontScale));
        f.setBold(true);
        plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, options.title, f));
    }
    plot.replot();
}

}  // namespace ui
