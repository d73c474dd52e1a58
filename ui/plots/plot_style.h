// ui/plots/plot_style.h: the colours and pens every plot shares, so plain is always red and
// residual always blue, on screen, on a projector and in exported files.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>

class QCustomPlot;

namespace ui {

QColor familyColor(const QString& family);      // "plain" red, "residual" blue
QColor depthColor(int index, int count);        // a sequential palette, shallow light to deep dark
// Fonts, tick labels and margins of a plot, scaled (1.0 on screen, 1.5-2.5 for slides).
void applyPlotStyle(QCustomPlot& plot, double fontScale = 1.0);

}  // namespace ui
