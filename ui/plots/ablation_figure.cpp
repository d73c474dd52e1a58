#include "ui/plots/ablation_figure.h"

#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>

namespace ui {

QString paperText(const std::string& paper) {
    if (paper.empty())
        return QObject::tr("no number");
    if (paper == "fail")
        return QObject::tr("fail (> 20%)");
    return QString::fromStdString(paper) + QLatin1Char('%');
}

void drawAblationFigure(QCustomPlot& plot, const std::vector<core::AblationSummaryRow>& rows,
                        const AblationFigureOptions& options) {
    plot.clearGraphs();
    plot.clearItems();
    plot.clearPlottables();
    if (plot.plotLayout()->rowCount() > 1)
        plot.plotLayout()->removeAt(0), plot.plotLayout()->simplify();
    applyPlotStyle(plot, options.fontScale);
    const double text = plotTextScale(options.fontScale);
    const int n = int(rows.size());

    // Keys count down, so the table's first variant is the top bar.
    auto* bars = new QCPBars(plot.yAxis, plot.xAxis);
    auto* spread = new QCPErrorBars(plot.yAxis, plot.xAxis);
    spread->setDataPlottable(bars);
    QVector<double> keys, values, below, above;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < n; ++i) {
        const core::AblationSummaryRow& r = rows[std::size_t(i)];
        const double key = n - i;
        const double median = options.testError ? r.medianTestError : r.medianTrainError;
        const double lo = options.testError ? r.minTestError : r.minTrainError;
        const double hi = options.testError ? r.maxTestError : r.maxTrainError;
        keys << key;
        values << median;
        below << std::max(0.0, median - lo);
        above << std::max(0.0, hi - median);
        ticker->addTick(key, QString::fromStdString(r.label.empty() ? r.variant : r.label));
    }
    // QCPBars keeps its data sorted by key, and the whiskers are matched to the bars by index:
    // both in ascending key order (the last row first).
    QVector<double> ascKeys(keys.rbegin(), keys.rend()), ascValues(values.rbegin(), values.rend());
    QVector<double> ascBelow(below.rbegin(), below.rend()), ascAbove(above.rbegin(), above.rend());
    bars->setData(ascKeys, ascValues, true);
    bars->setWidth(0.6);
    const QColor blue = familyColor(QStringLiteral("residual"));
    QColor fill = blue;
    fill.setAlpha(150);
    bars->setBrush(fill);
    bars->setPen(QPen(blue, 1.0));
    bars->setName(options.testError ? QObject::tr("median final test error") : QObject::tr("median final training error"));
    spread->setData(ascBelow, ascAbove);
    spread->setPen(QPen(QColor(0x33, 0x33, 0x33), std::max(1.0, options.fontScale)));
    spread->setWhiskerWidth(6 * options.fontScale);
    spread->setName(QObject::tr("best to worst seed"));

    // Our median and the paper's number beside each bar, right of its whisker.
    QFont labelFont = plot.font();
    labelFont.setPointSizeF(std::max(6.0, 9.0 * text));
    for (int i = 0; i < n; ++i) {
        const core::AblationSummaryRow& r = rows[std::size_t(i)];
        const double median = values[i];
        auto* label = new QCPItemText(&plot);
        label->setClipToAxisRect(false);
        label->position->setAxes(plot.xAxis, plot.yAxis);
        label->position->setCoords(std::min(1.0, median + above[i]) + 0.015, keys[i]);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setFont(labelFont);
        QString failed;
        if (r.failedRuns > 0)
            failed = QObject::tr(", %1/%2 failed").arg(r.failedRuns).arg(r.runs);
        label->setText(QObject::tr("%1 (paper: %2%3)").arg(median, 0, 'f', 3).arg(paperText(r.paper), failed));
    }

    auto* chance = new QCPItemStraightLine(&plot);
    chance->point1->setCoords(options.chance, 0);
    chance->point2->setCoords(options.chance, 1);
    chance->setPen(QPen(QColor(0x88, 0x88, 0x88), std::max(1.0, options.fontScale), Qt::DashLine));
    auto* chanceLabel = new QCPItemText(&plot);
    chanceLabel->position->setAxes(plot.xAxis, plot.yAxis);
    // At the top, right of the line, inside the axes (centred above it, it was cut off by the
    // top of the axis rect).
    chanceLabel->position->setCoords(options.chance + 0.01, n + 0.9);
    chanceLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    chanceLabel->setFont(labelFont);
    chanceLabel->setColor(QColor(0x66, 0x66, 0x66));
    chanceLabel->setText(QObject::tr("chance"));

    plot.yAxis->setTicker(ticker);
    plot.yAxis->setRange(0.3, n + 0.9);
    plot.yAxis->grid()->setVisible(false);
    // Room on the right for the labels: the x axis runs past 1 without ticks there.
    plot.xAxis->setRange(0.0, 1.45);
    QSharedPointer<QCPAxisTickerText> xTicks(new QCPAxisTickerText);
    for (int t = 0; t <= 5; ++t)
        xTicks->addTick(0.2 * t, QString::number(0.2 * t, 'f', 1));
    plot.xAxis->setTicker(xTicks);
    plot.xAxis->setLabel(options.testError ? QObject::tr("final test error (median over seeds)")
                                           : QObject::tr("final training error (median over seeds)"));
    plot.legend->setVisible(false);
    if (!options.title.isEmpty()) {
        plot.plotLayout()->insertRow(0);
        QFont f = plot.font();
        f.setPointSizeF(12 * text);
        f.setBold(true);
        plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, options.title, f));
    }
    plot.replot();
}

}  // namespace ui
