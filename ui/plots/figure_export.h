// ui/plots/figure_export.h: writes a plot to PNG, SVG or PDF (by the file's extension) at a
// chosen size, and a table to CSV. Works offscreen, so the CLI can use it without a display.
#pragma once

#include <QString>

class QCustomPlot;
class QCPTextElement;

namespace ui {

// Returns an empty string on success, otherwise a message naming the file and the problem: why
// it cannot be written (writeProblem) or that writing failed. A `title`, when given, heads the
// figure (replacing the plot's own title line, if it has one) in a bold font a size above the
// axis labels, so a plot drawn with presentation fonts exports with slide-size text.
QString savePlot(QCustomPlot& plot, const QString& path, int width, int height, const QString& title = {});

// The title line at the top of a plot's layout (a text element), or nullptr.
QCPTextElement* plotTitle(QCustomPlot& plot);

// Why `path` cannot be written, before trying: its folder does not exist, is not a folder or is
// not writable, or the file is read-only. Empty when nothing stands in the way.
QString writeProblem(const QString& path);

}  // namespace ui
