#include "ui/plots/ablation_figure.h"

#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>

namespace ui {

QString wrapLabel(const QString& label, int width) {
    if (label.size() <= width)
        return label;
    // Break at the last comma or space before `width`, once: two lines at most.
    int cut = -1;
    for (int i = std::min(int(label.size()) - 1, width); i > 0; --i)
        if (label[i] == QLatin1Char(' ')) {
            cut = i;
            break;
        }
    if (cut <= 0)
        return label;
    return label.left(cut) + QLatin1Char('\n') + label.mid(cut + 1);
}

QString paperText(const std::string& paper, bool brief) {
    if (paper.empty())
        return brief ? QObject::tr("–") : QObject::tr("no number");
    if (paper == "fail")
        return brief ? QObject::tr("fail") : QObject::tr("fail (> 20%)");
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
        ticker->addTick(key, wrapLabel(QString::fromStdString(r.label.empty() ? r.variant : r.label)));
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

    // Our median and the paper's number beside each bar, as the tick labels of a right-hand
    // axis: the layout leaves them room whatever the plot's width (as text items right of the
    // whiskers they ran off the edge of a narrow plot).
    QFont labelFont = plot.font();
    labelFont.setPointSizeF(std::max(6.0, 9.0 * text));
    QSharedPointer<QCPAxisTickerText> numbers(new QCPAxisTickerText);
    for (int i = 0; i < n; ++i) {
        const core::AblationSummaryRow& r = rows[std::size_t(i)];
        numbers->addTick(keys[i], QObject::tr("%1 · paper: %2").arg(values[i], 0, 'f', 3).arg(paperText(r.paper, true)));
    }
    plot.yAxis2->setVisible(n > 0);
    plot.yAxis2->setTicker(numbers);
    plot.yAxis2->setTickLabels(true);
    plot.yAxis2->setTickLabelFont(labelFont);
    plot.yAxis2->setTickLength(0, 0);
    plot.yAxis2->setSubTickLength(0, 0);
    plot.yAxis2->setBasePen(Qt::NoPen);
    plot.yAxis2->setTickPen(Qt::NoPen);
    plot.yAxis2->setSubTickPen(Qt::NoPen);
    plot.yAxis2->grid()->setVisible(false);
    if (n == 0) {
        auto* empty = new QCPItemText(&plot);
        empty->position->setType(QCPItemPosition::ptAxisRectRatio);
        empty->position->setCoords(0.5, 0.5);
        empty->setFont(labelFont);
        empty->setColor(QColor(0x66, 0x66, 0x66));
        empty->setText(QObject::tr("One bar per block design, as its runs finish"));
    }

    auto* chance = new QCPItemStraightLine(&plot);
    chance->point1->setCoords(options.chance, 0);
    chance->point2->setCoords(options.chance, 1);
    chance->setPen(QPen(QColor(0x88, 0x88, 0x88), std::max(1.0, options.fontScale), Qt::DashLine));
    auto* chanceLabel = new QCPItemText(&plot);
    chanceLabel->position->setAxes(plot.xAxis, plot.yAxis);
    // At the top, left of the line, inside the axes: centred above it, it was cut off by the
    // top of the axis rect, and right of it by the right edge of a narrow one.
    chanceLabel->position->setCoords(options.chance - 0.01, n + 0.9);
    chanceLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    chanceLabel->setFont(labelFont);
    chanceLabel->setColor(QColor(0x66, 0x66, 0x66));
    chanceLabel->setText(QObject::tr("chance"));

    plot.yAxis->setTicker(ticker);
    plot.yAxis->setRange(0.3, n + 0.9);
    plot.yAxis2->setRange(0.3, n + 0.9);
    plot.yAxis->grid()->setVisible(false);
    plot.xAxis->setRange(0.0, 1.02);
    QSharedPointer<QCPAxisTickerText> xTicks(new QCPAxisTickerText);
    for (int t = 0; t <= 5; ++t)
        xTicks->addTick(0.2 * t, QString::number(0.2 * t, 'f', 1));
    plot.xAxis->setTicker(xTicks);
    plot.xAxis->setLabel((options.testError ? QObject::tr("final test error, median over seeds (whisker: best to worst seed)")
                                            : QObject::tr("final training error, median over seeds (whisker: best to worst seed)")) +
                         QLatin1Char('\n') +
                         QObject::tr("paper: ResNet-110 on CIFAR-10, test error, median of 5 runs; fail: above 20%"));
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
