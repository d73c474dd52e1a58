#include "ui/views/flow_view.h"

#include "ui/plots/hover_readout.h"
#include "ui/plots/legend_placement.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/replot_scheduler.h"

#include <qcustomplot.h>

#include <QGridLayout>
#include <QHBoxLayout>
#include <QToolButton>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <vector>
#include <cmath>
#include <limits>

namespace ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double positiveOrNaN(double v) { return v > 0 && std::isfinite(v) ? v : kNaN; }

QCustomPlot* makePlot(QWidget* parent, const QString& title, const QString& x, const QString& y) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumSize(220, 140);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title));
    plot->xAxis->setLabel(x);
    plot->yAxis->setLabel(y);
    plot->legend->setVisible(true);
    plot->legend->setBrush(QColor(255, 255, 255, 210));
    keepLegendClearOfData(*plot);
    return plot;
}

// Layers and blocks are counted: ticks at whole numbers only (1, 2, 5, 10, ... apart).
void setCountAxis(QCPAxis* axis) {
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    axis->setTicker(ticker);
}

// "10⁻³", with the exponent in superscript digits.
QString powerOfTen(int exponent) {
    static const QString digits = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    QString text = QStringLiteral("10");
    for (const QChar c : QString::number(exponent))
        text += c == QLatin1Char('-') ? QStringLiteral("⁻") : QString(digits.at(c.digitValue()));
    return text;
}

void setLogAxis(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    axis->setNumberFormat(QStringLiteral("eb"));
    axis->setNumberPrecision(0);
}

// The rows of the flow plots: the dense and conv layers on the main path (the shortcut's
// projections are left out, so a plain net and its residual twin have the same rows).
bool onMainPath(const core::LayerProbe& l) {
    return l.weighted && l.name.find(".shortcut.") == std::string::npos;
}

}  // namespace

FlowView::FlowView(QWidget* parent) : QWidget(parent) {
    m_activation = makePlot(this, tr("Activation size per layer"), tr("layer (input → output)"),
                            tr("‖a‖"));
    m_gradient = makePlot(this, tr("Gradient size per layer"), tr("layer (input → output)"),
                          tr("‖dL/da‖"));
    m_skip = makePlot(this, tr("Share carried by the skip"), tr("residual block"), tr("skip share"));
    m_alpha = makePlot(this, tr("Residual scale α per block"), tr("step"), tr("α"));
    m_alpha->setMinimumSize(200, 140);
    // Its key below the axes: the curves start together at 0 and fan out, under any corner.
    m_alpha->axisRect()->insetLayout()->take(m_alpha->legend);
    m_alpha->axisRect()->insetLayout()->simplify();
    m_alpha->plotLayout()->addElement(2, 0, m_alpha->legend);
    m_alpha->plotLayout()->setRowStretchFactor(2, 0.001);
    m_alpha->legend->setBorderPen(Qt::NoPen);
    m_heat = new QCustomPlot(this);
    m_heat->setMinimumSize(240, 150);
    setLogAxis(m_activation->yAxis);
    setLogAxis(m_gradient->yAxis);
    m_skip->yAxis->setRange(0, 1.05);
    for (QCustomPlot* p : {m_activation, m_gradient, m_skip})
        setCountAxis(p->xAxis);
    m_skip->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    for (QCustomPlot* p : {m_activation, m_gradient})
        p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    for (QCustomPlot* p : {m_activation, m_gradient, m_skip, m_alpha})
        new HoverReadout(p);
    auto* heatReadout = new HoverReadout(m_heat);
    heatReadout->setFormatter([this](QCPAbstractPlottable* p, double x, double y, double z) { return heatText(p, x, y, z); });
    installExportMenu(m_activation, QStringLiteral("activation_per_layer"));
    installExportMenu(m_gradient, QStringLiteral("gradient_per_layer"));
    installExportMenu(m_heat, QStringLiteral("gradient_heat_map"));
    installExportMenu(m_skip, QStringLiteral("skip_share"));
    installExportMenu(m_alpha, QStringLiteral("residual_scale_alpha"));

    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    auto* grid = m_grid = new QGridLayout;
    grid->addWidget(m_activation, 0, 0);
    grid->addWidget(m_gradient, 0, 1);
    grid->addWidget(m_heat, 1, 0);
    grid->addWidget(m_skip, 1, 1);
    // A third column, both rows high, when the blocks have an alpha: the view does not grow
    // taller (at 1024x768 the window has no height to spare).
    grid->addWidget(m_alpha, 0, 2, 2, 1);
    grid->setColumnStretch(2, 0);   // 2 while the alpha plot shows (showAlphaColumn)
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    auto* header = new QHBoxLayout;
    header->addWidget(m_caption, 1);
    header->addWidget(makeExportButton(
        this, {{tr("Activation size"), QStringLiteral("activation_per_layer"), m_activation, nullptr, {}},
               {tr("Gradient size"), QStringLiteral("gradient_per_layer"), m_gradient, nullptr, {}},
               {tr("Gradient heat map"), QStringLiteral("gradient_heat_map"), m_heat, nullptr, {}},
               {tr("Skip share"), QStringLiteral("skip_share"), m_skip, nullptr, {}},
               {tr("Residual scale α"), QStringLiteral("residual_scale_alpha"), m_alpha, nullptr, {}}}),
        0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addLayout(grid, 1);
    setFontScale(1.0);
    clear(false);
}

void FlowView::setFontScale(double scale) {
    m_fontScale = scale;
    // The legends go where they cover no curve, or beside the axes (legend_placement.h); with
    // large fonts the gradient plot's legend, the same entries as the activation plot's, goes.
    const bool large = scale > 1.25;
    // With presentation fonts the titles are short: the long ones overran their plots.
    const std::array<std::pair<QCustomPlot*, QString>, 4> titles{{
        {m_activation, large ? tr("Activation size") : tr("Activation size per layer")},
        {m_gradient, large ? tr("Gradient size") : tr("Gradient size per layer")},
        {m_skip, large ? tr("Skip share") : tr("Share carried by the skip")},
        {m_alpha, large ? tr("Residual scale α") : tr("Residual scale α per block")},
    }};
    for (const auto& [p, text] : titles) {
        applyPlotStyle(*p, scale);
        if (auto* title = qobject_cast<QCPTextElement*>(p->plotLayout()->element(0, 0))) {
            QFont f = p->font();
            f.setPointSizeF(11 * plotTextScale(scale));
            f.setBold(true);
            title->setFont(f);
            title->setText(text);
        }
    }
    m_gradient->legend->setVisible(!large && !m_alphaShown);
    nameSkipGraphs();
    styleAll();
    rebuildHeatLayout();
    updateAlphaPlot();
}

void FlowView::nameSkipGraphs() {
    // Beside a narrow plot (presentation fonts) the formulas would not fit; the caption and the
    // hover readout still give them.
    // So, too, when the alpha column narrows the plot.
    const bool large = m_fontScale > 1.25 || m_alphaShown;
    for (RunFlow& f : m_runs) {
        if (f.act) {
            const QString initial = large ? tr(" · at init") : tr(" · at initialisation");
            f.act->setName(f.family + tr(" · now"));
            f.actInit->setName(f.family + initial);
            f.grad->setName(f.family + tr(" · now"));
            f.gradInit->setName(f.family + initial);
        }
        if (!f.skipForward)
            continue;
        f.skipForward->setName(large ? tr("forward (‖x‖)") : tr("forward: ‖x‖ / (‖x‖ + ‖F(x)‖)"));
        f.skipBackward->setName(large ? tr("backward (gradient)") : tr("backward: gradient via shortcut / both"));
    }
}

void FlowView::setCompact(bool compact) { m_caption->setVisible(!compact); }

void FlowView::showAlphaColumn(bool show) {
    m_alpha->setVisible(show);
    // An empty column with a stretch factor would still take its share of the width.
    m_grid->setColumnStretch(2, show ? 2 : 0);
}

void FlowView::clear(bool twin) {
    m_runCount = twin ? 2 : 1;
    for (QCustomPlot* p : {m_activation, m_gradient, m_skip, m_alpha})
        p->clearGraphs();
    for (RunFlow& f : m_runs)
        f = RunFlow{};
    showAlphaColumn(false);
    m_caption->setText(tr("Per layer, how large the signal and its gradient are (norms per sample). In a deep plain net the gradient "
                          "shrinks towards the input (dark rows at the bottom of the heat map); the skips of a "
                          "residual net carry it back undiminished."));
    rebuildHeatLayout();
    for (QCustomPlot* p : {m_activation, m_gradient, m_skip})
        requestReplot(p);
}

void FlowView::setRunFamily(int run, const QString& family) {
    if (run < 0 || run >= m_runCount)
        return;
    m_runs[std::size_t(run)].family = family;
    // Rename and recolour what exists; the heat maps go plain left, residual right.
    nameSkipGraphs();
    styleAll();
    rebuildHeatLayout();
}

void FlowView::ensureGraphs(int run) {
    if (m_runs[std::size_t(run)].act)
        return;
    // Every run's graphs at once, the plain run's first: the legends list plain before
    // residual (as the heat maps go plain left), whichever run's probes came first.
    std::vector<int> order;
    for (int r = 0; r < m_runCount; ++r)
        order.push_back(r);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_runs[std::size_t(a)].family == QLatin1String("plain") &&
               m_runs[std::size_t(b)].family != QLatin1String("plain");
    });
    for (int r : order) {
        RunFlow& f = m_runs[std::size_t(r)];
        if (f.act)
            continue;
        f.act = m_activation->addGraph();
        f.actInit = m_activation->addGraph();
        f.grad = m_gradient->addGraph();
        f.gradInit = m_gradient->addGraph();
        f.skipForward = m_skip->addGraph();
        f.skipBackward = m_skip->addGraph();
        setRunFamily(r, f.family.isEmpty() ? tr("run %1").arg(r + 1) : f.family);
    }
}

void FlowView::styleAll() {
    const double w = m_fontScale;
    for (RunFlow& f : m_runs) {
        if (!f.act)
            continue;
        const QColor c = familyColor(f.family);
        QColor pale = c;
        pale.setAlpha(120);
        for (QCPGraph* g : {f.act, f.grad}) {
            g->setPen(QPen(c, 2.4 * w));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 4.5 * w));
        }
        for (QCPGraph* g : {f.actInit, f.gradInit})
            g->setPen(QPen(pale, 1.2 * w, Qt::DashLine));
        f.skipForward->setPen(QPen(c, 2.2 * w));
        f.skipForward->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 5 * w));
        f.skipBackward->setPen(QPen(c, 1.6 * w, Qt::DashLine));
        f.skipBackward->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, c, Qt::white, 5 * w));
        const bool residual = f.family == QLatin1String("residual");
        f.skipForward->setVisible(residual);
        f.skipBackward->setVisible(residual);
        if (!residual) {
            f.skipForward->removeFromLegend();
            f.skipBackward->removeFromLegend();
        } else {
            f.skipForward->addToLegend();
            f.skipBackward->addToLegend();
        }
    }
}

void FlowView::rebuildHeatLayout() {
    m_heat->clearItems();
    m_heat->clearPlottables();
    m_heat->plotLayout()->clear();
    for (RunFlow& f : m_runs) {
        f.heatRect = nullptr;
        f.heatMap = nullptr;
        f.heatTitle = nullptr;
    }
    // Plain on the left, residual on the right, as in He et al.'s figures.
    std::vector<int> order;
    for (int r = 0; r < m_runCount; ++r)
        order.push_back(r);
    if (m_runCount == 2 && m_runs[0].family == QLatin1String("residual"))
        std::swap(order[0], order[1]);

    QFont titleFont = m_heat->font();
    titleFont.setPointSizeF(11 * plotTextScale(m_fontScale));
    titleFont.setBold(true);
    QFont tickFont = m_heat->font();
    tickFont.setPointSizeF(std::max(6.0, 9.0 * plotTextScale(m_fontScale)));
    delete m_margins;   // after the layout that used it is gone
    m_margins = new QCPMarginGroup(m_heat);
    QCPMarginGroup* margins = m_margins;
    m_scale = new QCPColorScale(m_heat);
    for (std::size_t c = 0; c < order.size(); ++c) {
        RunFlow& f = m_runs[std::size_t(order[c])];
        f.heatTitle = new QCPTextElement(m_heat, QString(), titleFont);
        // Presentation fonts: the family alone over each map (the colour scale names ‖dL/da‖).
        f.heatTitle->setText(f.family.isEmpty() ? tr("‖dL/da‖ per layer")
                             : m_fontScale > 1.25 ? f.family
                                                  : tr("%1 · ‖dL/da‖ per layer").arg(f.family));
        f.heatTitle->setTextColor(f.family.isEmpty() ? Qt::black : familyColor(f.family));
        f.heatRect = new QCPAxisRect(m_heat);
        m_heat->plotLayout()->addElement(0, int(c), f.heatTitle);
        m_heat->plotLayout()->addElement(1, int(c), f.heatRect);
        f.heatRect->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
        QCPAxis* x = f.heatRect->axis(QCPAxis::atBottom);
        QCPAxis* y = f.heatRect->axis(QCPAxis::atLeft);
        x->setLabel(tr("step"));
        y->setLabel(tr("layer (input → output)"));
        setCountAxis(y);
        for (QCPAxis* a : {x, y}) {
            a->setTickLabelFont(tickFont);
            a->setLabelFont(tickFont);
            a->grid()->setVisible(false);
        }
        f.heatMap = new QCPColorMap(x, y);
        f.heatMap->setName(f.family.isEmpty() ? tr("gradient norm") : f.family + tr(" · gradient norm"));
        f.heatMap->setColorScale(m_scale);
        f.heatMap->setInterpolate(false);
    }
    m_heat->plotLayout()->addElement(1, int(order.size()), m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setDataScaleType(QCPAxis::stLogarithmic);
    m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    m_scale->axis()->setNumberFormat(QStringLiteral("eb"));
    m_scale->axis()->setNumberPrecision(0);
    m_scale->axis()->setLabel(tr("‖dL/da‖"));
    m_scale->axis()->setTickLabelFont(tickFont);
    m_scale->axis()->setLabelFont(tickFont);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    m_scale->setBarWidth(int(12 * m_fontScale));
    QCPColorGradient gradient(QCPColorGradient::gpThermal);
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    m_scale->setGradient(gradient);
    m_heat->plotLayout()->setRowStretchFactor(0, 0.01);
    for (int r = 0; r < m_runCount; ++r)
        updateHeatMap(r);
    updateHeatRange();
}

void FlowView::updateHeatMap(int run) {
    RunFlow& f = m_runs[std::size_t(run)];
    if (!f.heatMap)
        return;
    const int columns = int(f.columns.size());
    const int layers = int(f.layerNames.size());
    if (columns == 0 || layers == 0) {
        f.heatMap->data()->setSize(1, 1);
        f.heatMap->data()->setCell(0, 0, kNaN);
        f.heatRect->axis(QCPAxis::atBottom)->setRange(0, 1);
        f.heatRect->axis(QCPAxis::atLeft)->setRange(0.5, std::max(1, layers) + 0.5);
        return;
    }
    QCPColorMapData* data = f.heatMap->data();
    data->setSize(columns, layers);
    const double first = f.steps.front(), last = columns > 1 ? f.steps.back() : f.steps.front() + 1;
    data->setRange(QCPRange(first, last), QCPRange(1, std::max(2, layers)));
    if (layers == 1)
        data->setValueRange(QCPRange(1, 1.0001));
    for (int c = 0; c < columns; ++c)
        for (int l = 0; l < layers; ++l)
            data->setCell(c, l, l < f.columns[c].size() ? positiveOrNaN(f.columns[c][l]) : kNaN);
    const double halfStep = columns > 1 ? (last - first) / (columns - 1) / 2 : 0.5;
    f.heatRect->axis(QCPAxis::atBottom)->setRange(first - halfStep, last + halfStep);
    f.heatRect->axis(QCPAxis::atLeft)->setRange(0.5, layers + 0.5);
}

void FlowView::updateHeatRange() {
    // One colour scale for both runs, so the same colour means the same gradient size.
    double lo = std::numeric_limits<double>::max(), hi = 0;
    for (const RunFlow& f : m_runs)
        for (const QVector<double>& column : f.columns)
            for (double v : column)
                if (v > 0 && std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
    if (hi <= 0) {
        lo = 1e-4;
        hi = 1;
    }
    if (hi / lo < 10)
        lo = hi / 10;
    m_scale->setDataRange(QCPRange(lo, hi));
    // Labels at the powers of ten only: within a decade or two the log ticker falls back to
    // linear steps (2·10⁻², 3·10⁻², 4·10⁻²) that crowd together at the top of the scale.
    auto ticks = QSharedPointer<QCPAxisTickerText>::create();
    for (int e = int(std::ceil(std::log10(lo))); e <= int(std::floor(std::log10(hi))); ++e)
        ticks->addTick(std::pow(10.0, e), powerOfTen(e));
    m_scale->axis()->setTicker(ticks);
    requestReplot(m_heat);
}

void FlowView::addProbes(const ProbeSnapshot& probes) {
    const int run = probes.run;
    if (run < 0 || run >= m_runCount)
        return;
    ensureGraphs(run);
    RunFlow& f = m_runs[std::size_t(run)];
    ++f.probes;

    QStringList names;
    QVector<double> index, act, grad;
    for (const core::LayerProbe& l : probes.report.layers)
        if (onMainPath(l)) {
            names << QString::fromStdString(l.name);
            index << names.size();
            act << positiveOrNaN(l.actNorm);
            grad << positiveOrNaN(l.gradNorm);
        }
    const bool newLayout = names != f.layerNames;
    f.layerNames = names;
    if (newLayout) {
        f.columns.clear();
        f.steps.clear();
    }
    f.act->setData(index, act, true);
    f.grad->setData(index, grad, true);
    if (probes.report.step == 0 || f.initialAct.isEmpty() || newLayout) {
        f.initialAct = act;
        f.initialGrad = grad;
        f.actInit->setData(index, act, true);
        f.gradInit->setData(index, grad, true);
    }

    // The heat map keeps at most kMaxColumns columns: when full, every other one is dropped, so
    // it always spans the whole run.
    f.steps << double(probes.report.step);
    f.columns << grad;
    if (f.columns.size() > kMaxColumns) {
        QVector<double> steps;
        QVector<QVector<double>> columns;
        for (int i = 0; i < f.columns.size(); i += 2) {
            steps << f.steps[i];
            columns << f.columns[i];
        }
        if (steps.back() != f.steps.back()) {
            steps << f.steps.back();
            columns << f.columns.back();
        }
        f.steps = steps;
        f.columns = columns;
    }

    QVector<double> blocks, forward, backward;
    for (const core::BlockProbe& b : probes.report.blocks) {
        if (!b.residual)
            continue;
        blocks << b.block;
        const double fs = b.inputNorm + b.branchNorm;
        const double bs = b.gradViaShortcut + b.gradViaBranch;
        forward << (fs > 0 ? b.inputNorm / fs : kNaN);
        backward << (bs > 0 ? b.gradViaShortcut / bs : kNaN);
    }
    f.skipForward->setData(blocks, forward, true);
    f.skipBackward->setData(blocks, backward, true);

    // Each block's residual scale, when the blocks have one; thinned as the heat map.
    QList<int> alphaBlocks;
    QVector<double> alphas;
    for (const core::BlockProbe& b : probes.report.blocks)
        if (b.hasAlpha) {
            alphaBlocks << b.block;
            alphas << (std::isfinite(b.alpha) ? double(b.alpha) : kNaN);
        }
    if (alphaBlocks != f.alphaBlocks) {
        f.alphaBlocks = alphaBlocks;
        f.alphaSteps.clear();
        f.alphas.clear();
    }
    if (!alphaBlocks.isEmpty()) {
        f.alphaSteps << double(probes.report.step);
        f.alphas << alphas;
        if (f.alphas.size() > kMaxColumns) {
            QVector<double> steps;
            QVector<QVector<double>> values;
            for (int i = 0; i < f.alphas.size(); i += 2) {
                steps << f.alphaSteps[i];
                values << f.alphas[i];
            }
            if (steps.back() != f.alphaSteps.back()) {
                steps << f.alphaSteps.back();
                values << f.alphas.back();
            }
            f.alphaSteps = steps;
            f.alphas = values;
        }
    }
    updateAlphaPlot();

    // Axes: every layer, and every block.
    int maxLayers = 1, maxBlocks = 1;
    for (const RunFlow& r : m_runs)
        maxLayers = std::max(maxLayers, int(r.layerNames.size()));
    for (const core::BlockProbe& b : probes.report.blocks)
        maxBlocks = std::max(maxBlocks, b.block + 1);
    for (QCustomPlot* p : {m_activation, m_gradient}) {
        p->xAxis->setRange(0.5, maxLayers + 0.5);
        bool found = false;
        QCPRange range;
        for (int i = 0; i < p->graphCount(); ++i) {
            bool ok = false;
            const QCPRange r = p->graph(i)->getValueRange(ok, QCP::sdPositive);
            if (ok) {
                range = found ? QCPRange(std::min(range.lower, r.lower), std::max(range.upper, r.upper)) : r;
                found = true;
            }
        }
        if (found) {
            // Whole decades, at least two, so the log axis is labelled 10^k only (a narrower
            // range gets crowded labels such as 2·10¹ 3·10¹ 4·10¹).
            double lower = std::pow(10.0, std::floor(std::log10(range.lower)));
            const double upper = std::pow(10.0, std::ceil(std::log10(range.upper)));
            if (upper / lower < 99.0)
                lower = upper / 100.0;
            p->yAxis->setRange(lower, upper);
        }
        requestReplot(p);
    }
    m_skip->xAxis->setRange(-0.5, maxBlocks - 0.5);
    requestReplot(m_skip);
    updateHeatMap(run);
    updateHeatRange();
}

void FlowView::updateAlphaPlot() {
    // One curve per block, shallow light to deep dark (as the depth colours elsewhere); the key
    // names the first and the last block of each run only, however many blocks there are.
    bool any = false;
    double lo = 0, hi = 0, lastStep = 1;
    for (int r = 0; r < m_runCount; ++r) {
        RunFlow& f = m_runs[std::size_t(r)];
        const int n = int(f.alphaBlocks.size());
        if (f.alphaGraphs.size() != n) {
            for (QCPGraph* g : f.alphaGraphs)
                m_alpha->removeGraph(g);
            f.alphaGraphs.clear();
            for (int j = 0; j < n; ++j)
                f.alphaGraphs << m_alpha->addGraph();
        }
        if (n == 0)
            continue;
        any = true;
        const QString prefix = m_runCount > 1 && !f.family.isEmpty() ? f.family + QStringLiteral(" · ") : QString();
        for (int j = 0; j < n; ++j) {
            QCPGraph* g = f.alphaGraphs[j];
            QVector<double> values;
            for (const QVector<double>& column : f.alphas)
                values << (j < column.size() ? column[j] : kNaN);
            g->setData(f.alphaSteps, values, true);
            for (double v : values)
                if (std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            g->setPen(QPen(depthColor(j, n), (n > 12 ? 1.2 : 1.8) * m_fontScale));
            g->setName(prefix + (j == 0 ? tr("block %1 (input side)").arg(f.alphaBlocks[j] + 1)
                                        : tr("block %1 (output side)").arg(f.alphaBlocks[j] + 1)));
            if (j == 0 || j == n - 1)
                g->addToLegend();
            else
                g->removeFromLegend();
        }
        if (!f.alphaSteps.isEmpty())
            lastStep = std::max(lastStep, f.alphaSteps.back());
    }
    showAlphaColumn(any);
    if (any != m_alphaShown) {
        // The column narrows the plots beside it: shorter keys there, and the gradient plot's
        // (the activation plot's entries again) goes.
        m_alphaShown = any;
        nameSkipGraphs();
        m_gradient->legend->setVisible(m_fontScale <= 1.25 && !any);
        requestReplot(m_gradient);
        requestReplot(m_skip);
    }
    if (!any)
        return;
    const double pad = std::max(0.02, 0.08 * (hi - lo));
    m_alpha->xAxis->setRange(0, lastStep);
    m_alpha->yAxis->setRange(lo - pad, hi + pad);
    requestReplot(m_alpha);
}

QList<int> FlowView::alphaBlocks(int run) const {
    return run >= 0 && run < 2 ? m_runs[std::size_t(run)].alphaBlocks : QList<int>{};
}

double FlowView::lastAlpha(int run, int block) const {
    if (run < 0 || run >= 2)
        return kNaN;
    const RunFlow& f = m_runs[std::size_t(run)];
    const qsizetype j = f.alphaBlocks.indexOf(block);
    return j < 0 || f.alphas.isEmpty() || j >= f.alphas.back().size() ? kNaN : f.alphas.back()[j];
}

QString FlowView::heatText(QCPAbstractPlottable* p, double x, double y, double z) const {
    for (const RunFlow& f : m_runs) {
        if (f.heatMap != p)
            continue;
        const int layer = int(std::lround(y));
        const QString name = layer >= 1 && layer <= f.layerNames.size() ? f.layerNames[layer - 1] : QString();
        return tr("%1\nlayer %2 (%3)\nstep ≈ %4\n‖dL/da‖ = %5")
            .arg(f.family)
            .arg(layer)
            .arg(name)
            .arg(readoutNumber(std::round(x)))
            .arg(readoutNumber(z));
    }
    return p->name() + QStringLiteral("\n%1, %2").arg(readoutNumber(x), readoutNumber(y));
}

int FlowView::probeCount(int run) const { return run >= 0 && run < 2 ? m_runs[std::size_t(run)].probes : 0; }

int FlowView::heatColumns(int run) const {
    return run >= 0 && run < 2 ? int(m_runs[std::size_t(run)].columns.size()) : 0;
}

}  // namespace ui
