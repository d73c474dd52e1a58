// ui/plots/clipped_graph.h: a line graph that stays fast when some of its points lie far
// outside the plot. Qt strokes a polyline over its whole length, so one evaluation loss of
// 25,000 on a 0..5 axis (an unstable first epoch) made every repaint of the loss plot cost
// over half a second. This graph clips each segment to the axis rect before drawing; the data
// (hover readout, CSV export) keeps the exact values.
#pragma once

#include <qcustomplot.h>

namespace ui {

class ClippedGraph : public QCPGraph {
    Q_OBJECT
public:
    ClippedGraph(QCPAxis* keyAxis, QCPAxis* valueAxis) : QCPGraph(keyAxis, valueAxis) {}

protected:
    void drawLinePlot(QCPPainter* painter, const QVector<QPointF>& lines) const override;
};

// Clips the segment a-b to `rect` (Liang-Barsky); false when it lies wholly outside.
bool clipSegment(const QRectF& rect, QPointF& a, QPointF& b);

}  // namespace ui
