// ui/plots/equal_aspect.h: axes at the same scale, so a spiral is drawn as a spiral and not as
// an ellipse. An axis rect marked with keepEqualAspect shows at least the given data rectangle,
// and one unit is as many pixels along x as along y: the axis with room to spare gets a wider
// range, centred on the data. It is refitted before every replot (a resize or presentation
// fonts bring one more) and in figure exports at the figure's size (fitEqualAspects).
#pragma once

#include <QRectF>

class QCPAxisRect;
class QCustomPlot;

namespace ui {

// Marks `rect` (or updates its data rectangle) and fits it now.
void keepEqualAspect(QCPAxisRect& rect, const QRectF& data);
// Refits every marked axis rect of `plot` to its current size.
void fitEqualAspects(QCustomPlot& plot);
// Pixels per unit along x divided by pixels per unit along y (1 when the aspect is kept).
double scaleRatio(const QCPAxisRect& rect);

}  // namespace ui
