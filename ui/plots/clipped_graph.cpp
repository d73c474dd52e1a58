#include "ui/plots/clipped_graph.h"

#include <cmath>

namespace ui {

bool clipSegment(const QRectF& rect, QPointF& a, QPointF& b) {
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    double t0 = 0.0, t1 = 1.0;
    // Each edge: p * t <= q keeps the point inside.
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x() - rect.left(), rect.right() - a.x(), a.y() - rect.top(), rect.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return false;   // parallel to this edge and outside it
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0.0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const QPointF start = a;
    a = QPointF(start.x() + t0 * dx, start.y() + t0 * dy);
    b = QPointF(start.x() + t1 * dx, start.y() + t1 * dy);
    return true;
}

void ClippedGraph::drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const {
    if (painter->pen().style() == Qt::NoPen || painter->pen().color().alpha() == 0)
        return;
    applyDefaultAntialiasingHint(painter);
    const double margin = painter->pen().widthF() + 2.0;
    const QRectF rect = QRectF(clipRect()).adjusted(-margin, -margin, margin, margin);
    QVector<QPointF> piece;
    auto flush = [&] {
        if (piece.size() >= 2)
            drawPolyline(painter, piece);
        piece.clear();
    };
    for (int i = 1; i < lines.size(); ++i) {
        QPointF a = lines[i - 1], b = lines[i];
        if (!std::isfinite(a.x()) || !std::isfinite(a.y()) || !std::isfinite(b.x()) || !std::isfinite(b.y()) ||
            !clipSegment(rect, a, b)) {
            flush();
            continue;
        }
        if (piece.isEmpty() || piece.last() != a) {
            flush();
            piece << a;
        }
        piece << b;
        if (b != lines[i])
            flush();   // it left the rect
    }
    flush();
}

}  // namespace ui
