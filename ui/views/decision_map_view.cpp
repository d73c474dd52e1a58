#include "ui/views/decision_map_view.h"

#include "ui/plots/class_palette.h"
#include "ui/plots/equal_aspect.h"
#include "ui/plots/hover_readout.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/replot_scheduler.h"

#include <qcustomplot.h>

#include <QPainter>
#include <QSaveFile>
#include <QTextStream>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

DecisionMapView::DecisionMapView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    m_plot->setMinimumSize(260, 160);
    if (!m_plot->layer(QStringLiteral("maps")))
        m_plot->addLayer(QStringLiteral("maps"), m_plot->layer(QStringLiteral("grid")), QCustomPlot::limBelow);
    auto* readout = new HoverReadout(m_plot);
    readout->setFormatter([](QCPAbstractPlottable* p, double x, double y, double) {
        return p->name() + QStringLiteral("\n(%1, %2)").arg(readoutNumber(x), readoutNumber(y));
    });
    installExportMenu(m_plot, QStringLiteral("decision_regions"),
                      [this](const QString& path) { return saveCsv(path); });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    clear(1);
}

void DecisionMapView::setFontScale(double scale) {
    m_fontScale = scale;
    scaleMinimumSize(*m_plot, scale);
    rebuildLayout();
}

void DecisionMapView::clear(int runs) {
    m_runs = std::clamp(runs, 1, 2);
    for (Panel& p : m_panels)
        p = Panel{};
    m_data = DataSnapshot{};
    rebuildLayout();
}

void DecisionMapView::rebuildLayout() {
    m_plot->clearItems();
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear();   // deletes the axis rects and titles
    for (int r = 0; r < m_runs; ++r) {
        Panel& p = m_panels[std::size_t(r)];
        p.rect = new QCPAxisRect(m_plot);
        p.title = new QCPTextElement(m_plot, QString());
        m_plot->plotLayout()->addElement(0, r, p.title);
        m_plot->plotLayout()->addElement(1, r, p.rect);
        p.rect->axis(QCPAxis::atBottom)->setLabel(QStringLiteral("x₁"));
        p.rect->axis(QCPAxis::atLeft)->setLabel(QStringLiteral("x₂"));
        for (QCPAxis* a : p.rect->axes())
            a->grid()->setVisible(false);
        p.pixmap = new QCPItemPixmap(m_plot);
        p.pixmap->setLayer(QStringLiteral("maps"));
        p.pixmap->setClipAxisRect(p.rect);
        p.pixmap->topLeft->setAxes(p.rect->axis(QCPAxis::atBottom), p.rect->axis(QCPAxis::atLeft));
        p.pixmap->bottomRight->setAxes(p.rect->axis(QCPAxis::atBottom), p.rect->axis(QCPAxis::atLeft));
        p.pixmap->setScaled(true, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        p.pixmap->setVisible(false);
    }
    m_plot->plotLayout()->setRowStretchFactor(0, 0.01);
    // Styling after the axes exist (applyPlotStyle touches the default axes only).
    QFont tick = m_plot->font();
    tick.setPointSizeF(std::max(6.0, 9.0 * m_fontScale));
    for (int r = 0; r < m_runs; ++r) {
        Panel& p = m_panels[std::size_t(r)];
        for (QCPAxis* a : p.rect->axes()) {
            a->setTickLabelFont(tick);
            a->setLabelFont(tick);
        }
        QFont f = m_plot->font();
        f.setPointSizeF(11 * m_fontScale);
        f.setBold(true);
        p.title->setFont(f);
        updateTitle(r);
        if (p.hasMap)
            setMap(p.map);
    }
    drawPoints();
    requestReplot(m_plot);
}

void DecisionMapView::setRunFamily(int run, const QString& family) {
    if (run < 0 || run >= m_runs)
        return;
    m_panels[std::size_t(run)].family = family;
    updateTitle(run);
    requestReplot(m_plot);
}

void DecisionMapView::setRunNote(int run, const QString& note) {
    if (run < 0 || run >= m_runs)
        return;
    m_panels[std::size_t(run)].note = note;
    updateTitle(run);
    requestReplot(m_plot);
}

void DecisionMapView::updateTitle(int run) {
    Panel& p = m_panels[std::size_t(run)];
    if (!p.title)
        return;
    QString text = p.family.isEmpty() ? tr("decision regions") : tr("%1 network").arg(p.family);
    if (!p.note.isEmpty())
        text += QStringLiteral(", ") + p.note;
    else if (p.hasMap)
        text += tr(", step %1").arg(p.map.step);
    p.title->setText(text);
    p.title->setTextColor(p.family.isEmpty() ? Qt::black : familyColor(p.family));
}

void DecisionMapView::setData(const DataSnapshot& data) {
    m_data = data;
    drawPoints();
    requestReplot(m_plot);
}

void DecisionMapView::drawPoints() {
    m_plot->clearPlottables();
    if (!m_data.points2d)
        return;
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
    if (!m_data.x.isEmpty()) {
        const auto [xmin, xmax] = std::minmax_element(m_data.x.begin(), m_data.x.end());
        const auto [ymin, ymax] = std::minmax_element(m_data.y.begin(), m_data.y.end());
        const double mx = 0.1 * std::max(1e-3f, *xmax - *xmin), my = 0.1 * std::max(1e-3f, *ymax - *ymin);
        x0 = *xmin - mx, x1 = *xmax + mx, y0 = *ymin - my, y1 = *ymax + my;
    }
    for (int r = 0; r < m_runs; ++r) {
        Panel& p = m_panels[std::size_t(r)];
        for (int c = 0; c < m_data.classes; ++c) {
            QVector<double> xs, ys;
            for (int i = 0; i < m_data.labels.size(); ++i)
                if (m_data.labels[i] == c) {
                    xs << m_data.x[i];
                    ys << m_data.y[i];
                }
            QCPGraph* g = m_plot->addGraph(p.rect->axis(QCPAxis::atBottom), p.rect->axis(QCPAxis::atLeft));
            const QString className = c < m_data.classNames.size() ? m_data.classNames[c] : QString::number(c);
            g->setName(tr("training point, class %1").arg(className));
            g->setLineStyle(QCPGraph::lsNone);
            // One pre-drawn dot per class: thousands of antialiased outlined circles would
            // cost ~10 ms per repaint, a pixmap stamp a fraction of that.
            g->setScatterStyle(QCPScatterStyle(dotPixmap(classColor(c), 5.5 * (1.0 + 0.5 * (m_fontScale - 1.0)))));
            g->setData(xs, ys);
        }
        // x1 and x2 at the same scale: the spiral stays round (equal_aspect.h).
        if (!m_data.x.isEmpty())
            keepEqualAspect(*p.rect, QRectF(QPointF(x0, y0), QPointF(x1, y1)));
    }
}

QImage DecisionMapView::render(const DecisionMapSnapshot& m) {
    QImage image(m.nx, m.ny, QImage::Format_RGB32);
    const double chance = m.classes > 0 ? 1.0 / m.classes : 0.0;
    for (int j = 0; j < m.ny; ++j)
        for (int i = 0; i < m.nx; ++i) {
            const float* p = m.probabilities.constData() + qsizetype(j * m.nx + i) * m.classes;
            int best = 0;
            for (int c = 1; c < m.classes; ++c)
                if (p[c] > p[best])
                    best = c;
            // White at chance level, the class colour (softened) where the network is sure.
            const double sure = std::isfinite(p[best]) ? std::clamp((p[best] - chance) / (1.0 - chance), 0.0, 1.0) : 0.0;
            const QColor c = std::isfinite(p[best]) ? classColor(best) : QColor(Qt::gray);
            const double t = 0.15 + 0.5 * sure;
            const QRgb rgb = qRgb(int(255 + (c.red() - 255) * t), int(255 + (c.green() - 255) * t),
                                  int(255 + (c.blue() - 255) * t));
            image.setPixel(i, m.ny - 1 - j, rgb);   // row 0 of the image is the top: y = yMax
        }
    return image;
}

void DecisionMapView::setMap(const DecisionMapSnapshot& map) {
    if (map.run < 0 || map.run >= m_runs || map.nx <= 0 || map.ny <= 0 ||
        map.probabilities.size() != qsizetype(map.nx) * map.ny * map.classes)
        return;
    Panel& p = m_panels[std::size_t(map.run)];
    if (&p.map != &map)
        p.map = map;
    p.hasMap = true;
    p.pixmap->setPixmap(QPixmap::fromImage(render(map)));
    p.pixmap->topLeft->setCoords(map.xMin, map.yMax);
    p.pixmap->bottomRight->setCoords(map.xMax, map.yMin);
    p.pixmap->setVisible(true);
    updateTitle(map.run);
    requestReplot(m_plot);
}

qint64 DecisionMapView::mapStep(int run) const {
    if (run < 0 || run >= 2 || !m_panels[std::size_t(run)].hasMap)
        return -1;
    return m_panels[std::size_t(run)].map.step;
}

QString DecisionMapView::saveCsv(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
    QTextStream out(&file);
    const int classes = m_data.classes;
    out << "kind,run,x,y,label";
    for (int c = 0; c < classes; ++c)
        out << ",p" << c;
    out << '\n';
    for (int i = 0; i < m_data.labels.size(); ++i) {
        out << "point,," << m_data.x[i] << ',' << m_data.y[i] << ',' << m_data.labels[i];
        for (int c = 0; c < classes; ++c)
            out << ',';
        out << '\n';
    }
    for (int r = 0; r < m_runs; ++r) {
        const Panel& p = m_panels[std::size_t(r)];
        if (!p.hasMap)
            continue;
        const DecisionMapSnapshot& m = p.map;
        for (int j = 0; j < m.ny; ++j)
            for (int i = 0; i < m.nx; ++i) {
                const double x = m.xMin + (i + 0.5) * (m.xMax - m.xMin) / m.nx;
                const double y = m.yMin + (j + 0.5) * (m.yMax - m.yMin) / m.ny;
                const float* q = m.probabilities.constData() + qsizetype(j * m.nx + i) * m.classes;
                const int best = int(std::max_element(q, q + m.classes) - q);
                out << "map," << p.family << ',' << x << ',' << y << ',' << best;
                for (int c = 0; c < m.classes; ++c)
                    out << ',' << q[c];
                out << '\n';
            }
    }
    out.flush();
    if (!file.commit())
        return QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
    return {};
}

QPixmap DecisionMapView::dotPixmap(const QColor& color, double diameter) {
    const int side = int(std::ceil(diameter + 2));
    QPixmap pixmap(side, side);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::white, 0.8 * diameter / 5.5));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, diameter, diameter));
    return pixmap;
}

}  // namespace ui
