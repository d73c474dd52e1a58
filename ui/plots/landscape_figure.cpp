#include "ui/plots/landscape_figure.h"

#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

namespace {

// Perceptually even from dark (low loss) to bright (high loss), after matplotlib's viridis.
QCPColorGradient lossGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.00, QColor(68, 1, 84));
    g.setColorStopAt(0.13, QColor(71, 44, 122));
    g.setColorStopAt(0.25, QColor(59, 81, 139));
    g.setColorStopAt(0.38, QColor(44, 113, 142));
    g.setColorStopAt(0.50, QColor(33, 144, 141));
    g.setColorStopAt(0.63, QColor(39, 173, 129));
    g.setColorStopAt(0.75, QColor(92, 200, 99));
    g.setColorStopAt(0.88, QColor(170, 220, 50));
    g.setColorStopAt(1.00, QColor(253, 231, 37));
    return g;
}

QString familyOfLabel(const std::string& label) { return QString::fromStdString(label); }

QString panelName(const LandscapeFigureOptions& options, std::size_t i, const std::string& label) {
    return i < std::size_t(options.names.size()) ? options.names[int(i)] : familyOfLabel(label);
}

QString lossText(double v) {
    if (!std::isfinite(v))
        return QStringLiteral("inf");
    if (v >= 1e4 || v < 1e-2)
        return QString::number(v, 'e', 1);
    return QString::number(v, 'g', 3);
}

QCPTextElement* caption(QCustomPlot& plot, const QString& text, double fontScale, bool bold = false) {
    QFont f;
    f.setPointSizeF(std::max(7.0, 10.5 * fontScale));
    f.setBold(bold);
    return new QCPTextElement(&plot, text, f);
}

QString percent(double share) {
    const double p = 100.0 * share;
    return p >= 1.0 || p == 0.0 ? QString::number(p, 'f', 0) : QString::number(p, 'g', 1);
}

// Contour lines of log10(loss) at every whole decade, by marching squares over the grid's
// cells: each line is a chain of segments, drawn as one curve with NaN gaps between segments.
void addContourLines(QCPAxisRect* rect, const core::PlaneSurface& surface, const QCPRange& range, double fontScale) {
    const Eigen::Index nx = surface.loss.rows(), ny = surface.loss.cols();
    if (nx < 2 || ny < 2)
        return;
    Eigen::MatrixXd f(nx, ny);
    for (Eigen::Index i = 0; i < nx; ++i)
        for (Eigen::Index j = 0; j < ny; ++j) {
            const double v = surface.loss(i, j);
            f(i, j) = std::log10(std::isfinite(v) ? std::clamp(v, range.lower, range.upper) : range.upper);
        }
    QVector<double> t, a, b;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto cross = [&](double level, Eigen::Index i0, Eigen::Index j0, Eigen::Index i1, Eigen::Index j1, QPointF& p) {
        const double v0 = f(i0, j0) - level, v1 = f(i1, j1) - level;
        if ((v0 < 0) == (v1 < 0))
            return false;
        const double w = v0 / (v0 - v1);
        p = QPointF(surface.alphas[std::size_t(i0)] + w * (surface.alphas[std::size_t(i1)] - surface.alphas[std::size_t(i0)]),
                    surface.betas[std::size_t(j0)] + w * (surface.betas[std::size_t(j1)] - surface.betas[std::size_t(j0)]));
        return true;
    };
    for (int level = int(std::ceil(std::log10(range.lower))); level <= int(std::floor(std::log10(range.upper)));
         ++level)
        for (Eigen::Index i = 0; i + 1 < nx; ++i)
            for (Eigen::Index j = 0; j + 1 < ny; ++j) {
                QPointF p[4];
                int n = 0;
                n += cross(level, i, j, i + 1, j, p[n]);
                n += cross(level, i + 1, j, i + 1, j + 1, p[n]);
                n += cross(level, i + 1, j + 1, i, j + 1, p[n]);
                n += cross(level, i, j + 1, i, j, p[n]);
                for (int k = 0; k + 1 < n; k += 2) {   // 2 crossings: one segment; 4 (a saddle): two
                    for (const QPointF& q : {p[k], p[k + 1]}) {
                        t << double(t.size());
                        a << q.x();
                        b << q.y();
                    }
                    t << double(t.size());
                    a << nan;
                    b << nan;
                }
            }
    if (t.isEmpty())
        return;
    auto* lines = new QCPCurve(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    lines->removeFromLegend();
    lines->setData(t, a, b, true);
    lines->setPen(QPen(QColor(255, 255, 255, 120), std::max(0.8, 0.8 * fontScale)));
}

}  // namespace

QCPRange landscapeLossRange(const std::vector<const core::PlaneSurface*>& surfaces) {
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (const core::PlaneSurface* s : surfaces)
        for (Eigen::Index i = 0; i < s->loss.size(); ++i) {
            const double v = s->loss.data()[i];
            if (std::isfinite(v) && v > 0) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    if (!std::isfinite(lo))
        return QCPRange(1e-3, 10.0);
    if (hi <= lo * 1.0001)
        hi = lo * 10.0;
    return QCPRange(lo, hi);
}

void setupLandscapeColorScale(QCPColorScale* scale, const QCPRange& range, const LandscapeFigureOptions& options) {
    scale->setType(QCPAxis::atRight);
    scale->setDataScaleType(QCPAxis::stLogarithmic);
    QCPColorGradient gradient = lossGradient();
    // Bands: two per decade, so the map reads as a contour map with a level every ~3x in loss.
    const double decades = std::log10(range.upper / range.lower);
    gradient.setLevelCount(std::clamp(int(std::lround(2.0 * decades)), 6, 64));
    scale->setGradient(gradient);
    scale->setDataRange(range);
    QCPAxis* axis = scale->axis();
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setLogBase(10.0);
    ticker->setSubTickCount(0);
    ticker->setTickCount(decades > 12 ? 6 : 8);
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("eb"));
    axis->setNumberPrecision(0);
    axis->setLabel(QObject::tr("loss (log scale)"));
    QFont base;
    base.setPointSizeF(std::max(6.0, 10.0 * options.fontScale));
    axis->setTickLabelFont(base);
    QFont label = base;
    label.setPointSizeF(std::max(7.0, 11.0 * options.fontScale));
    axis->setLabelFont(label);
    scale->setBarWidth(int(14 * options.fontScale));
}

QCPColorMap* drawLandscapeMap(QCustomPlot& plot, QCPAxisRect* rect, QCPColorScale* scale,
                              const core::PlaneSurface& surface, const QString& alphaLabel, const QString& betaLabel,
                              const LandscapeFigureOptions& options) {
    (void)plot;
    styleAxes(*rect, options.fontScale, std::max(1.0, options.fontScale));
    auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    map->removeFromLegend();
    const int nx = int(surface.alphas.size()), ny = int(surface.betas.size());
    const QCPRange range = scale->dataRange();
    map->data()->setSize(nx, ny);
    map->data()->setRange(QCPRange(surface.alphas.front(), surface.alphas.back()),
                          QCPRange(surface.betas.front(), surface.betas.back()));
    for (int i = 0; i < nx; ++i)
        for (int j = 0; j < ny; ++j) {
            const double v = surface.loss(i, j);
            // A wall the network cannot represent (inf, NaN) is the highest ground there is.
            map->data()->setCell(i, j, std::isfinite(v) ? std::clamp(v, range.lower, range.upper) : range.upper);
        }
    map->setColorScale(scale);
    map->setDataScaleType(QCPAxis::stLogarithmic);
    map->setGradient(scale->gradient());
    map->setDataRange(range);
    map->setInterpolate(true);
    map->setTightBoundary(true);
    addContourLines(rect, surface, range, options.fontScale);
    rect->axis(QCPAxis::atBottom)->setRange(surface.alphas.front(), surface.alphas.back());
    rect->axis(QCPAxis::atLeft)->setRange(surface.betas.front(), surface.betas.back());
    rect->axis(QCPAxis::atBottom)->setLabel(alphaLabel);
    rect->axis(QCPAxis::atLeft)->setLabel(betaLabel);
    for (QCPAxis* axis : {rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft)}) {
        axis->grid()->setVisible(false);
        axis->ticker()->setTickCount(5);
    }
    return map;
}

void drawTrajectory(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend, const core::TrajectoryProjection& path,
                    const LandscapeFigureOptions& options) {
    (void)plot;
    if (path.points.empty())
        return;
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    QVector<double> t, a, b;
    for (std::size_t i = 0; i < path.points.size(); ++i) {
        t << double(i);
        a << path.points[i].alpha;
        b << path.points[i].beta;
    }
    const double s = options.fontScale;
    // A dark edge under a white line: readable on the dark valleys and on the bright walls.
    auto* edge = new QCPCurve(x, y);
    edge->setData(t, a, b);
    edge->setPen(QPen(QColor(20, 20, 20), 4.0 * s));
    edge->removeFromLegend();
    auto* line = new QCPCurve(x, y);
    line->setData(t, a, b);
    line->setPen(QPen(Qt::white, 2.0 * s));
    line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(20, 20, 20), Qt::white, 5.0 * s));
    const long long every = path.points.size() > 2 ? path.points[2].step - path.points[1].step : 0;
    line->setName(every > 0 ? QObject::tr("training path (weights every %1 steps)").arg(every)
                            : QObject::tr("training path"));
    auto* start = new QCPCurve(x, y);
    start->setData(QVector<double>{0}, QVector<double>{a.front()}, QVector<double>{b.front()});
    start->setLineStyle(QCPCurve::lsNone);
    start->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(QColor(20, 20, 20), 1.5 * s),
                                           QColor(255, 150, 40), 11.0 * s));
    start->setName(QObject::tr("initial weights"));
    auto* end = new QCPCurve(x, y);
    end->setData(QVector<double>{0}, QVector<double>{a.back()}, QVector<double>{b.back()});
    end->setLineStyle(QCPCurve::lsNone);
    end->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(255, 60, 60), 2.5 * s), Qt::NoBrush, 16.0 * s));
    end->setName(QObject::tr("trained weights θ*"));
    for (QCPCurve* c : {line, start, end}) {
        c->removeFromLegend();
        if (legend)
            c->addToLegend(legend);
    }
}

void drawLandscapeSlices(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                         const std::vector<core::PlaneSurface>& slices, const LandscapeFigureOptions& options) {
    styleAxes(*rect, options.fontScale, std::max(1.0, options.fontScale));
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    double lo = std::numeric_limits<double>::infinity(), hi = 0, a0 = 0, a1 = 0;
    for (std::size_t i = 0; i < slices.size(); ++i) {
        const core::PlaneSurface& s = slices[i];
        QVector<double> a, l;
        for (std::size_t k = 0; k < s.alphas.size(); ++k) {
            const double v = s.loss(Eigen::Index(k), 0);
            if (!std::isfinite(v) || v <= 0)
                continue;
            a << s.alphas[k];
            l << v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        if (!s.alphas.empty()) {
            a0 = std::min(a0, s.alphas.front());
            a1 = std::max(a1, s.alphas.back());
        }
        QCPGraph* g = plot.addGraph(x, y);
        g->removeFromLegend();
        g->setData(a, l, true);
        const QColor color = familyColor(familyOfLabel(s.label));
        g->setPen(QPen(color, 2.0 * options.fontScale));
        g->setName(panelName(options, i, s.label));
        if (legend)
            g->addToLegend(legend);
    }
    y->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setSubTickCount(0);
    y->setTicker(ticker);
    y->setNumberFormat(QStringLiteral("eb"));
    y->setNumberPrecision(0);
    if (std::isfinite(lo))
        y->setRange(std::pow(10.0, std::floor(std::log10(lo))), std::pow(10.0, std::ceil(std::log10(hi)) + 1e-9));
    x->setRange(a0, a1);
    x->setLabel(QObject::tr("α (along the random direction δ)"));
    y->setLabel(QObject::tr("loss"));
}

void drawLandscapeFigure(QCustomPlot& plot, const core::LandscapeStudy& study, const LandscapeFigureOptions& options) {
    plot.clearPlottables();
    plot.clearItems();
    plot.plotLayout()->clear();
    plot.setAntialiasedElements(QCP::aeAll);
    const double s = options.fontScale;
    int row = 0;
    if (!options.title.isEmpty()) {
        QFont f;
        f.setPointSizeF(12 * s);
        f.setBold(true);
        plot.plotLayout()->addElement(row++, 0, new QCPTextElement(&plot, options.title, f));
    }

    std::vector<const core::PlaneSurface*> all;
    for (const core::PlaneSurface& p : study.random)
        all.push_back(&p);
    for (const core::PlaneSurface& p : study.pathPlane)
        all.push_back(&p);
    const QCPRange range = landscapeLossRange(all);

    auto* panels = new QCPLayoutGrid;
    plot.plotLayout()->addElement(row, 0, panels);
    auto* scale = new QCPColorScale(&plot);
    plot.plotLayout()->addElement(row, 1, scale);
    plot.plotLayout()->setColumnStretchFactor(1, 0.01);
    setupLandscapeColorScale(scale, range, options);

    auto* legend = new QCPLegend;   // under the maps, never over them
    plot.plotLayout()->addElement(row + 1, 0, legend);
    legend->setLayer(QStringLiteral("legend"));
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(4);
    legend->setBorderPen(Qt::NoPen);
    QFont legendFont;
    legendFont.setPointSizeF(std::max(6.0, 9.5 * s));
    legend->setFont(legendFont);

    const int columns = int(std::max(study.random.size(), study.pathPlane.size()));
    std::vector<QCPMarginGroup*> groups;
    for (int c = 0; c < columns; ++c)
        groups.push_back(new QCPMarginGroup(&plot));
    int panelRow = 0;
    auto addMapRow = [&](const std::vector<core::PlaneSurface>& surfaces, auto&& titleOf, const QString& alphaLabel,
                         const QString& betaLabel, const std::vector<core::TrajectoryProjection>* paths) {
        for (std::size_t c = 0; c < surfaces.size(); ++c) {
            panels->addElement(panelRow, int(c), caption(plot, titleOf(c), s));
            auto* rect = new QCPAxisRect(&plot);
            panels->addElement(panelRow + 1, int(c), rect);
            rect->setMarginGroup(QCP::msLeft | QCP::msRight, groups[c]);
            drawLandscapeMap(plot, rect, scale, surfaces[c], alphaLabel, betaLabel, options);
            if (paths)
                drawTrajectory(plot, rect, c == 0 ? legend : nullptr, (*paths)[c], options);
        }
        panels->setRowStretchFactor(panelRow, 0.001);
        panelRow += 2;
    };

    addMapRow(
        study.random,
        [&](std::size_t c) {
            const core::SurfaceStats st = core::surfaceStats(study.random[c].loss);
            const QString minima = st.localMinima == 1 ? QObject::tr("1 local minimum")
                                                       : QObject::tr("%1 local minima").arg(st.localMinima);
            if (options.compact)
                return QObject::tr("%1: %2").arg(panelName(options, c, study.random[c].label), minima);
            // Two lines: on one, a title was cut at the window's default width.
            return QObject::tr("%1, random plane: %2\nloss %3 to %4")
                .arg(panelName(options, c, study.random[c].label), minima)
                .arg(lossText(st.minLoss), lossText(st.maxLoss));
        },
        options.compact ? QObject::tr("α (direction δ)") : QObject::tr("α (filter-normalised direction δ)"),
        QObject::tr("β (direction η)"), nullptr);
    if (!study.pathPlane.empty()) {
        std::vector<std::size_t> index;   // path plane c belongs to random surface index[c]
        for (const core::PlaneSurface& p : study.pathPlane) {
            std::size_t k = 0;
            while (k < study.random.size() && study.random[k].label != p.label)
                ++k;
            index.push_back(k);
        }
        addMapRow(
            study.pathPlane,
            [&](std::size_t c) {
                const core::TrajectoryProjection& p = study.paths[c];
                return QObject::tr("%1, plane of the training path\nPCA keeps %2% + %3% of its variance")
                    .arg(panelName(options, index[c], study.pathPlane[c].label))
                    .arg(percent(p.explained1), percent(p.explained2));
            },
            QObject::tr("first PCA direction of the path"), QObject::tr("second PCA direction"), &study.paths);
    }
    if (legend->itemCount() > 0) {
        plot.plotLayout()->setRowStretchFactor(row + 1, 0.001);
    } else {
        plot.plotLayout()->remove(legend);
        plot.plotLayout()->simplify();
    }
    if (!options.title.isEmpty())
        plot.plotLayout()->setRowStretchFactor(0, 0.001);
    plot.replot();
}

}  // namespace ui
