#include "ui/plots/hover_readout.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

namespace ui {

namespace {

constexpr double kReach = 24.0;   // pixels: how far the nearest point may be

}  // namespace

QString readoutNumber(double v) {
    if (!std::isfinite(v))
        return QStringLiteral("—");
    if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e12)
        return QString::number(qint64(std::llround(v)));
    return QString::number(v, 'g', 4);
}

HoverReadout::HoverReadout(QCustomPlot* plot) : QObject(plot), m_plot(plot) {
    plot->setMouseTracking(true);
    plot->installEventFilter(this);
    connect(plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) { showAt(e->position()); });
    connect(plot, &QCustomPlot::mousePress, this, [this](QMouseEvent*) { hide(); });
}

bool HoverReadout::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot && event->type() == QEvent::Leave)
        hide();
    return false;
}

QString HoverReadout::defaultText(QCPAbstractPlottable* p, double x, double y, double z) const {
    const QString xLabel = p->keyAxis()->label().isEmpty() ? QStringLiteral("x") : p->keyAxis()->label();
    const QString yLabel = p->valueAxis()->label().isEmpty() ? QStringLiteral("y") : p->valueAxis()->label();
    QString text = p->name().isEmpty() ? QString() : p->name() + QLatin1Char('\n');
    text += xLabel + QStringLiteral(": ") + readoutNumber(x) + QLatin1Char('\n') + yLabel + QStringLiteral(": ") +
            readoutNumber(y);
    if (!std::isnan(z))
        text += QStringLiteral("\nvalue: ") + readoutNumber(z);
    return text;
}

void HoverReadout::showAt(const QPointF& pos) {
    QCPAbstractPlottable* best = nullptr;
    double bestKey = 0, bestValue = 0, bestZ = std::numeric_limits<double>::quiet_NaN();
    double bestDistance = kReach;
    QPointF bestPixel;
    bool onGraph = false;
    for (int i = 0; i < m_plot->plottableCount(); ++i) {
        QCPAbstractPlottable* p = m_plot->plottable(i);
        const int reach = int(kReach);
        if (!p->visible() || !p->keyAxis() ||
            !p->keyAxis()->axisRect()->rect().adjusted(-reach, -reach, reach, reach).contains(pos.toPoint()))
            continue;
        if (auto* g = qobject_cast<QCPGraph*>(p)) {
            if (g->data()->isEmpty() || g->name().isEmpty())
                continue;
            const double k0 = g->keyAxis()->pixelToCoord(pos.x() - kReach);
            const double k1 = g->keyAxis()->pixelToCoord(pos.x() + kReach);
            auto begin = g->data()->findBegin(std::min(k0, k1));
            auto end = g->data()->findEnd(std::max(k0, k1));
            for (auto it = begin; it != end; ++it) {
                if (!std::isfinite(it->value))
                    continue;
                const QPointF at = g->coordsToPixels(it->key, it->value);
                const double d = std::hypot(at.x() - pos.x(), at.y() - pos.y());
                if (d < bestDistance) {
                    bestDistance = d;
                    best = g;
                    bestPixel = at;
                    onGraph = true;
                    bestKey = it->key;
                    bestValue = it->value;
                }
            }
        } else if (auto* m = qobject_cast<QCPColorMap*>(p)) {
            if (best || !m->keyAxis()->axisRect()->rect().contains(pos.toPoint()))
                continue;
            double key = 0, value = 0;
            m->pixelsToCoords(pos, key, value);
            int ki = 0, vi = 0;
            m->data()->coordToCell(key, value, &ki, &vi);
            if (ki < 0 || vi < 0 || ki >= m->data()->keySize() || vi >= m->data()->valueSize())
                continue;
            double cx = 0, cy = 0;
            m->data()->cellToCoord(ki, vi, &cx, &cy);
            best = m;
            bestKey = cx;
            bestValue = cy;
            bestZ = m->data()->cell(ki, vi);
            bestDistance = 0;
        }
    }
    if (!best) {
        hide();
        return;
    }
    if (!m_label || !m_tracer) {   // first use, or a view cleared the plot's items
        if (m_label)
            m_plot->removeItem(m_label.data());
        if (m_tracer)
            m_plot->removeItem(m_tracer.data());
        m_label = new QCPItemText(m_plot);
        m_label->position->setType(QCPItemPosition::ptAbsolute);
        m_label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        m_label->setTextAlignment(Qt::AlignLeft);
        m_label->setPadding(QMargins(6, 4, 6, 4));
        m_label->setBrush(QColor(255, 255, 255, 230));
        m_label->setPen(QPen(QColor(0x60, 0x60, 0x60)));
        m_label->setClipToAxisRect(false);
        m_tracer = new QCPItemTracer(m_plot);
        m_tracer->position->setType(QCPItemPosition::ptAbsolute);
        m_tracer->setClipToAxisRect(false);
        m_tracer->setStyle(QCPItemTracer::tsCircle);
        m_tracer->setSize(9);
        m_tracer->setPen(QPen(Qt::black, 1.5));
        m_tracer->setBrush(Qt::NoBrush);
    }
    m_text = m_formatter ? m_formatter(best, bestKey, bestValue, bestZ) : defaultText(best, bestKey, bestValue, bestZ);
    m_label->setText(m_text);
    m_label->setFont(m_plot->xAxis ? m_plot->xAxis->tickLabelFont() : m_plot->font());
    // Keep the box inside the widget: to the left of the mouse near the right edge.
    const bool right = pos.x() > m_plot->width() * 0.6;
    const bool low = pos.y() > m_plot->height() * 0.6;
    m_label->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | (low ? Qt::AlignBottom : Qt::AlignTop));
    m_label->position->setCoords(pos.x() + (right ? -14 : 14), pos.y() + (low ? -10 : 10));
    m_label->setVisible(true);
    // Pixel positions only: the readout keeps no pointer to a graph or an axis, which the
    // views may rebuild at any time.
    m_tracer->position->setCoords(bestPixel);
    m_tracer->setVisible(onGraph);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HoverReadout::hide() {
    m_text.clear();
    if (!m_label || !m_label->visible())
        return;
    m_label->setVisible(false);
    m_tracer->setVisible(false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ui
