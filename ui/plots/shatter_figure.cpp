#include "ui/plots/shatter_figure.h"

#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace ui {

namespace {

QCPTextElement* caption(QCustomPlot& plot, const QString& text, double fontScale, const QColor& color = Qt::black) {
    QFont f;
    f.setPointSizeF(std::max(7.0, 11.0 * fontScale));
    f.setBold(true);
    auto* t = new QCPTextElement(&plot, text, f);
    t->setTextColor(color);
    return t;
}

std::vector<int> depthsOf(const core::ShatterResult& result) {
    std::set<int> depths;
    for (const core::ShatterSummary& s : result.summary)
        depths.insert(s.depth);
    return {depths.begin(), depths.end()};
}

std::vector<std::string> familiesOf(const core::ShatterResult& result) {
    std::vector<std::string> families;
    for (const core::ShatterSummary& s : result.summary)
        if (std::find(families.begin(), families.end(), s.family) == families.end())
            families.push_back(s.family);
    return families;
}

const core::ShatterRun* findRun(const core::ShatterResult& result, const std::string& family, int depth, int init) {
    for (const core::ShatterRun& r : result.runs)
        if (r.family == family && r.depth == depth && r.init == init)
            return &r;
    return nullptr;
}

const core::ShatterSummary* findSummary(const core::ShatterResult& result, const std::string& family, int depth) {
    for (const core::ShatterSummary& s : result.summary)
        if (s.family == family && s.depth == depth)
            return &s;
    return nullptr;
}

}  // namespace

void drawGradientStack(QCustomPlot& plot, QCPLayoutGrid* column, const core::ShatterResult& result,
                       const std::string& family, const ShatterFigureOptions& options) {
    const double s = options.fontScale;
    const QColor color = familyColor(QString::fromStdString(family));
    column->addElement(0, 0, caption(plot,
                                      (options.compact ? QObject::tr("%1: dy/dx")
                                                       : QObject::tr("%1: dy/dx at initialisation"))
                                          .arg(QString::fromStdString(family)),
                                      s, color));
    column->setRowStretchFactor(0, 0.001);
    const std::vector<int> depths = depthsOf(result);
    auto* group = new QCPMarginGroup(&plot);
    QVector<double> x(int(result.x.size()));
    for (std::size_t i = 0; i < result.x.size(); ++i)
        x[int(i)] = result.x[i];
    for (std::size_t d = 0; d < depths.size(); ++d) {
        auto* rect = new QCPAxisRect(&plot);
        column->addElement(int(d) + 1, 0, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        styleAxes(*rect, s, std::max(1.0, s), 0.8);
        rect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
        rect->setMargins(QMargins(0, int(4 * s), 0, 0));
        QCPAxis* xAxis = rect->axis(QCPAxis::atBottom);
        QCPAxis* yAxis = rect->axis(QCPAxis::atLeft);
        xAxis->grid()->setZeroLinePen(Qt::NoPen);   // y = 0 keeps its line; x = 0 is no landmark
        yAxis->grid()->setZeroLinePen(QPen(Qt::gray, 1.0, Qt::DashLine));
        const bool last = d + 1 == depths.size();
        xAxis->setTickLabels(last);
        if (last)
            xAxis->setLabel(QObject::tr("input x"));
        yAxis->setLabel(QObject::tr("depth %1").arg(depths[d]));
        yAxis->ticker()->setTickCount(3);
        xAxis->ticker()->setTickCount(5);
        xAxis->setRange(result.x.empty() ? -2 : result.x.front(), result.x.empty() ? 2 : result.x.back());
        const core::ShatterRun* run = findRun(result, family, depths[d], options.init);
        if (!run)
            continue;
        QVector<double> g(int(run->gradient.size()));
        double top = 0;
        for (std::size_t i = 0; i < run->gradient.size(); ++i) {
            g[int(i)] = run->gradient[i];
            if (std::isfinite(run->gradient[i]))
                top = std::max(top, std::abs(run->gradient[i]));
        }
        QCPGraph* graph = plot.addGraph(xAxis, yAxis);
        graph->removeFromLegend();
        graph->setData(x, g, true);
        graph->setPen(QPen(color, 1.4 * s));
        yAxis->setRange(-1.1 * std::max(top, 1e-12), 1.1 * std::max(top, 1e-12));
    }
}

void drawCorrelationAgainstDepth(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                                 const core::ShatterResult& result, const ShatterFigureOptions& options) {
    const double s = options.fontScale;
    styleAxes(*rect, s, std::max(1.0, s));
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    const std::vector<int> depths = depthsOf(result);
    for (const std::string& family : familiesOf(result)) {
        const QColor color = familyColor(QString::fromStdString(family));
        QVector<double> d, r, lo, hi;
        int inits = 0;
        for (int depth : depths)
            if (const core::ShatterSummary* sum = findSummary(result, family, depth)) {
                d << depth;
                r << sum->lag1;
                lo << sum->lag1 - sum->lag1Min;
                hi << sum->lag1Max - sum->lag1;
                inits = std::max(inits, sum->inits);
            }
        QCPGraph* g = plot.addGraph(x, y);
        g->removeFromLegend();
        g->setData(d, r, true);
        g->setPen(QPen(color, 2.0 * s));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 7.0 * s));
        g->setName((options.compact ? QObject::tr("%1 (mean of %2, bars: range)")
                                    : QObject::tr("%1 (mean of %2 initialisations, bars: range)"))
                       .arg(QString::fromStdString(family))
                       .arg(inits));
        auto* bars = new QCPErrorBars(x, y);
        bars->removeFromLegend();
        bars->setDataPlottable(g);
        bars->setData(lo, hi);
        bars->setPen(QPen(color, 1.2 * s));
        if (legend)
            g->addToLegend(legend);
    }
    const double d0 = depths.empty() ? 1 : depths.front(), d1 = depths.empty() ? 100 : depths.back();
    QCPGraph* zero = plot.addGraph(x, y);
    zero->removeFromLegend();
    zero->setData(QVector<double>{d0 / 1.5, d1 * 1.5}, QVector<double>{0, 0}, true);
    zero->setPen(QPen(Qt::gray, 1.0, Qt::DotLine));
    x->setScaleType(QCPAxis::stLogarithmic);
    auto text = QSharedPointer<QCPAxisTickerText>::create();
    x->setTicker(text);
    for (int depth : depths)
        text->addTick(depth, QString::number(depth));
    x->setRange(d0 / 1.5, d1 * 1.5);
    x->setLabel(QObject::tr("depth (hidden layers, log scale)"));
    y->setRange(-0.2, 1.05);
    y->setLabel(QObject::tr("lag-1 autocorrelation of dy/dx"));
}

void drawAutocorrelationAgainstLag(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                                   const core::ShatterResult& result, int depth, const ShatterFigureOptions& options) {
    const double s = options.fontScale;
    styleAxes(*rect, s, std::max(1.0, s));
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    int lags = 1;
    for (const std::string& family : familiesOf(result)) {
        const core::ShatterSummary* sum = findSummary(result, family, depth);
        if (!sum)
            continue;
        QVector<double> k, r;
        for (std::size_t i = 0; i < sum->meanAutocorrelation.size(); ++i) {
            k << double(i);
            r << sum->meanAutocorrelation[i];
        }
        lags = std::max(lags, int(sum->meanAutocorrelation.size()) - 1);
        const QColor color = familyColor(QString::fromStdString(family));
        QCPGraph* g = plot.addGraph(x, y);
        g->removeFromLegend();
        g->setData(k, r, true);
        g->setPen(QPen(color, 2.0 * s));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 5.0 * s));
        g->setName(QObject::tr("%1, depth %2").arg(QString::fromStdString(family)).arg(depth));
        if (legend)
            g->addToLegend(legend);
    }
    x->setRange(-0.3, lags + 0.3);
    x->setLabel(QObject::tr("lag k (inputs apart)"));
    y->setRange(-0.3, 1.05);
    y->setLabel(QObject::tr("autocorrelation r_k"));
}

namespace {

// `result` with its summary cut to at most `most` depths: the shallowest, the deepest and
// evenly spaced ones between (the stacks draw the summary's depths).
core::ShatterResult fewerDepths(const core::ShatterResult& result, int most) {
    const std::vector<int> depths = depthsOf(result);
    if (most <= 0 || int(depths.size()) <= most)
        return result;
    std::set<int> keep;
    for (int k = 0; k < most; ++k)
        keep.insert(depths[std::size_t(std::lround(double(k) * double(depths.size() - 1) / double(most - 1)))]);
    core::ShatterResult out = result;
    out.summary.clear();
    for (const core::ShatterSummary& s : result.summary)
        if (keep.count(s.depth))
            out.summary.push_back(s);
    return out;
}

}  // namespace

void drawShatterFigure(QCustomPlot& plot, const core::ShatterResult& result, const ShatterFigureOptions& options) {
    const double s = options.fontScale;
    const core::ShatterResult stacked = fewerDepths(result, options.maxStackedDepths);
    QCPLayoutGrid* panels = beginFigure(plot, options.title, s);
    if (!options.title.isEmpty())
        plot.plotLayout()->setRowStretchFactor(0, 0.001);
    int column = 0;
    for (const std::string& family : familiesOf(result)) {
        auto* stack = new QCPLayoutGrid;
        panels->addElement(0, column++, stack);
        drawGradientStack(plot, stack, stacked, family, options);
    }
    auto* right = new QCPLayoutGrid;
    panels->addElement(0, column, right);
    panels->setColumnStretchFactor(column, 1.3);
    right->addElement(0, 0, caption(plot,
                                     options.compact ? QObject::tr("neighbour correlation")
                                                     : QObject::tr("correlation of neighbouring gradients"),
                                     s));
    auto* rect = new QCPAxisRect(&plot);
    right->addElement(1, 0, rect);
    auto* legend = new QCPLegend;   // under the plot, never over the curves
    right->addElement(2, 0, legend);
    legend->setLayer(QStringLiteral("legend"));
    legend->setBorderPen(Qt::NoPen);
    QFont font;
    font.setPointSizeF(std::max(6.0, 9.5 * s));
    legend->setFont(font);
    right->setRowStretchFactor(0, 0.001);
    right->setRowStretchFactor(2, 0.001);
    drawCorrelationAgainstDepth(plot, rect, legend, result, options);
    plot.replot();
}

}  // namespace ui
