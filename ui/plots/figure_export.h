// ui/plots/figure_export.h: writes a plot to PNG, SVG or PDF (by the file's extension) at a
// chosen size, and a table to CSV. Works offscreen, so the CLI can use it without a display.
#pragma once

#include <QString>

class QCustomPlot;

namespace ui {

// Returns an empty string on success, otherwise a message naming the file and the problem.
QString savePlot(QCustomPlot& plot, const QString& path, int width, int height);

}  // namespace ui
