#include "ui/plots/lesion_figure.h"

#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

QCPGraph* addLine(QCustomPlot& plot, QCPAxisRect* rect) {
    QCPGraph* g = plot.addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->removeFromLegend();
    return g;
}

void horizontalLine(QCustomPlot& plot, QCPAxisRect* rect, double x0, double x1, double y, const QPen& pen) {
    QCPGraph* g = addLine(plot, rect);
    g->setData(QVector<double>{x0, x1}, QVector<double>{y, y}, true);
    g->setPen(pen);
}

double topOf(const std::vector<core::LesionResult>& results, const LesionFigureOptions& options) {
    double top = std::max(0.05, options.chanceError);
    for (const core::LesionResult& r : results) {
        for (const core::SingleLesion& s : r.single)
            if (std::isfinite(s.testError))
                top = std::max(top, s.testError);
        for (const core::LesionPoint& p : r.curve)
            top = std::max(top, p.maxError);
    }
    return std::min(1.0, top * 1.1 + 0.02);
}

// A legend under a panel, its entries side by side, so it never hides a curve.
QCPLegend* addLegendBelow(QCPLayoutGrid* grid, int column, double fontScale) {
    auto* legend = new QCPLegend;
    grid->addElement(1, column, legend);
    legend->setLayer(QStringLiteral("legend"));
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(2);
    legend->setBorderPen(Qt::NoPen);
    QFont font;
    font.setPointSizeF(std::max(6.0, 9.5 * fontScale));
    legend->setFont(font);
    legend->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
    return legend;
}

// "plain-16": the family and, when known, the depth in layers (the default study compares nets
// of different depths, and the figure must say so).
QString networkName(const core::LesionResult& r) {
    const QString family = QString::fromStdString(r.label);
    return r.depth > 0 ? QObject::tr("%1-%2").arg(family).arg(r.depth) : family;
}

}  // namespace

void drawSingleRemovals(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                        const std::vector<core::LesionResult>& results, const LesionFigureOptions& options) {
    const double line = 2.0 * options.fontScale;
    int blocks = 1;
    for (const core::LesionResult& r : results) {
        const QColor color = familyColor(QString::fromStdString(r.label));
        blocks = std::max(blocks, r.blocks);
        QVector<double> x, y;
        for (const core::SingleLesion& s : r.single)
            if (s.removable && std::isfinite(s.testError)) {
                x << s.block;
                y << s.testError;
            }
        QCPGraph* g = addLine(plot, rect);
        g->setName(QObject::tr("%1, one removed").arg(networkName(r)));
        g->setData(x, y, true);
        g->setPen(QPen(color, line));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 5 * options.fontScale));
        if (legend)
            g->addToLegend(legend);
        QCPGraph* base = addLine(plot, rect);
        base->setData(QVector<double>{-0.5, std::max(0.5, r.blocks - 0.5)},
                      QVector<double>{r.baselineError, r.baselineError}, true);
        base->setPen(QPen(color, line * 0.6, Qt::DashLine));
        base->setName(QObject::tr("%1, intact: %2").arg(networkName(r)).arg(r.baselineError, 0, 'f', 2));
        if (legend)
            base->addToLegend(legend);
    }
    if (options.chanceError >= 0)
        horizontalLine(plot, rect, -0.5, blocks - 0.5, options.chanceError, QPen(Qt::gray, 1.0, Qt::DotLine));
    rect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("removed block"));
    rect->axis(QCPAxis::atLeft)->setLabel(QObject::tr("test error"));
    rect->axis(QCPAxis::atBottom)->setRange(-0.5, blocks - 0.5);
    rect->axis(QCPAxis::atLeft)->setRange(-0.02, topOf(results, options));
}

void drawErrorAgainstRemoved(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                             const std::vector<core::LesionResult>& results, const LesionFigureOptions& options) {
    const double line = 2.0 * options.fontScale;
    int maxK = 1;
    for (const core::LesionResult& r : results) {
        const QColor color = familyColor(QString::fromStdString(r.label));
        QVector<double> k, mean, lo, hi;
        for (const core::LesionPoint& p : r.curve) {
            k << p.removedCount;
            mean << p.meanError;
            lo << p.minError;
            hi << p.maxError;
            maxK = std::max(maxK, p.removedCount);
        }
        // The spread over the random draws: a band between min and max.
        QCPGraph* upper = addLine(plot, rect);
        upper->setData(k, hi, true);
        upper->setPen(Qt::NoPen);
        QCPGraph* lower = addLine(plot, rect);
        lower->setData(k, lo, true);
        lower->setPen(Qt::NoPen);
        QColor fill = color;
        fill.setAlpha(50);
        upper->setBrush(fill);
        upper->setChannelFillGraph(lower);
        QCPGraph* g = addLine(plot, rect);
        g->setName(QObject::tr("%1 (mean, min-max)").arg(networkName(r)));
        g->setData(k, mean, true);
        g->setPen(QPen(color, line));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 6 * options.fontScale));
        if (legend)
            g->addToLegend(legend);
    }
    if (options.chanceError >= 0) {
        QCPGraph* chance = addLine(plot, rect);
        chance->setData(QVector<double>{0, double(maxK)}, QVector<double>{options.chanceError, options.chanceError}, true);
        chance->setPen(QPen(Qt::gray, 1.0, Qt::DotLine));
        chance->setName(QObject::tr("chance"));
        if (legend)
            chance->addToLegend(legend);
    }
    rect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("blocks removed at once (k)"));
    rect->axis(QCPAxis::atLeft)->setLabel(QObject::tr("test error"));
    rect->axis(QCPAxis::atBottom)->setRange(-0.3, maxK + 0.3);
    rect->axis(QCPAxis::atLeft)->setRange(-0.02, topOf(results, options));
}

void drawLesionFigure(QCustomPlot& plot, const std::vector<core::LesionResult>& results,
                      const LesionFigureOptions& options) {
    QCPLayoutGrid* panels = beginFigure(plot, options.title, options.fontScale);
    auto* left = new QCPAxisRect(&plot);
    auto* right = new QCPAxisRect(&plot);
    panels->addElement(0, 0, left);
    panels->addElement(0, 1, right);
    styleAxes(*left, options.fontScale, std::max(1.0, options.fontScale));
    styleAxes(*right, options.fontScale, std::max(1.0, options.fontScale));
    QCPLegend* leftLegend = addLegendBelow(panels, 0, options.fontScale);
    QCPLegend* rightLegend = addLegendBelow(panels, 1, options.fontScale);
    panels->setRowStretchFactor(1, 0.001);
    drawSingleRemovals(plot, left, leftLegend, results, options);
    drawErrorAgainstRemoved(plot, right, rightLegend, results, options);
    plot.replot();
}

}  // namespace ui
