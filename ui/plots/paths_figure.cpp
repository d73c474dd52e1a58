#include "ui/plots/paths_figure.h"

#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

QCPBars* addBars(QCustomPlot& plot, QCPAxisRect* rect, const QColor& color) {
    auto* bars = new QCPBars(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    bars->removeFromLegend();
    bars->setWidth(0.8);
    bars->setPen(Qt::NoPen);
    bars->setBrush(color);
    (void)plot;
    return bars;
}

void setLengthAxis(QCPAxisRect* rect, const core::PathLengthResult& r) {
    rect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("path length k (branches passed through)"));
    rect->axis(QCPAxis::atBottom)->setRange(-0.7, r.blocks + 0.7);
}

void addPanelTitle(QCustomPlot& plot, QCPLayoutGrid* grid, int column, const QString& text, double fontScale) {
    QFont f;
    f.setPointSizeF(10.5 * fontScale);
    grid->addElement(0, column, new QCPTextElement(&plot, text, f));
}

}  // namespace

void drawPathLengthDistribution(QCustomPlot& plot, QCPAxisRect* rect, const core::PathLengthResult& r,
                                const PathsFigureOptions&) {
    const QColor color = familyColor(QStringLiteral("residual"));
    QVector<double> k, share;
    double top = 0;
    for (const core::PathLengthRow& row : r.rows) {
        k << row.length;
        share << double(row.fraction);
        top = std::max(top, double(row.fraction));
    }
    addBars(plot, rect, color)->setData(k, share, true);
    setLengthAxis(rect, r);
    rect->axis(QCPAxis::atLeft)->setLabel(QObject::tr("share of the 2^%1 paths").arg(r.blocks));
    rect->axis(QCPAxis::atLeft)->setRange(0, top * 1.1 + 1e-9);
}

void drawGradientByLength(QCustomPlot& plot, QCPAxisRect* rect, const core::PathLengthResult& r,
                          const PathsFigureOptions& options) {
    const QColor color = familyColor(QStringLiteral("residual"));
    QVector<double> k, g;
    double lo = INFINITY, hi = 0;
    for (const core::PathLengthRow& row : r.rows)
        if (std::isfinite(row.gradientNorm) && row.gradientNorm > 0) {
            k << row.length;
            g << row.gradientNorm;
            lo = std::min(lo, row.gradientNorm);
            hi = std::max(hi, row.gradientNorm);
        }
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    y->setScaleType(QCPAxis::stLogarithmic);
    y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    y->setNumberFormat(QStringLiteral("eb"));
    y->setNumberPrecision(0);
    QCPGraph* graph = plot.addGraph(rect->axis(QCPAxis::atBottom), y);
    graph->removeFromLegend();
    graph->setData(k, g, true);
    graph->setPen(QPen(color, 2.0 * options.fontScale));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 5 * options.fontScale));
    setLengthAxis(rect, r);
    y->setLabel(QObject::tr("gradient of one path (per sample)"));
    if (k.isEmpty())
        y->setRange(1e-3, 1);
    else
        y->setRange(lo / 2, hi * 2);
}

void drawContributionByLength(QCustomPlot& plot, QCPAxisRect* rect, const core::PathLengthResult& r,
                              const PathsFigureOptions&) {
    const QColor color = familyColor(QStringLiteral("residual"));
    QColor light = color;
    light.setAlpha(70);
    QVector<double> kIn, shareIn, kOut, shareOut;
    double top = 0;
    for (const core::PathLengthRow& row : r.rows) {
        const bool inside = row.length >= r.effectiveLow && row.length <= r.effectiveHigh;
        (inside ? kIn : kOut) << row.length;
        (inside ? shareIn : shareOut) << row.contributionShare;
        top = std::max(top, row.contributionShare);
    }
    QCPBars* in = addBars(plot, rect, color);
    in->setData(kIn, shareIn, true);
    in->setName(QObject::tr("effective: k = %1..%2 (%3 %)")
                    .arg(r.effectiveLow)
                    .arg(r.effectiveHigh)
                    .arg(qRound(r.effectiveShare * 100)));
    addBars(plot, rect, light)->setData(kOut, shareOut, true);
    setLengthAxis(rect, r);
    rect->axis(QCPAxis::atLeft)->setLabel(QObject::tr("share of the total gradient"));
    rect->axis(QCPAxis::atLeft)->setRange(0, top * 1.15 + 1e-9);
    auto* text = new QCPItemText(&plot);
    text->setClipAxisRect(rect);
    text->position->setAxisRect(rect);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.97, 0.04);
    text->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
    text->setText(in->name());
}

void drawPathsFigure(QCustomPlot& plot, const core::PathLengthResult& result, const PathsFigureOptions& options) {
    QCPLayoutGrid* panels = beginFigure(plot, options.title, options.fontScale);
    const int count = result.measured ? 3 : 1;
    const QString titles[3] = {QObject::tr("(a) paths of each length"), QObject::tr("(b) gradient by path length"),
                               QObject::tr("(c) total gradient by path length")};
    QCPAxisRect* rects[3] = {};
    for (int i = 0; i < count; ++i) {
        addPanelTitle(plot, panels, i, titles[i], options.fontScale);
        rects[i] = new QCPAxisRect(&plot);
        panels->addElement(1, i, rects[i]);
        styleAxes(*rects[i], options.fontScale, std::max(1.0, options.fontScale));
    }
    panels->setRowStretchFactor(0, 0.01);
    drawPathLengthDistribution(plot, rects[0], result, options);
    if (result.measured) {
        drawGradientByLength(plot, rects[1], result, options);
        drawContributionByLength(plot, rects[2], result, options);
    }
    plot.replot();
}

}  // namespace ui
