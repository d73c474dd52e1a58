// ui/plots/legend_placement.h: where a plot's legend goes, one rule for every view. A legend
// inside the axes sits in the first corner (top right, top left, bottom right, bottom left, top
// or bottom centre) where it covers no data: no point and no line segment of a graph, and no
// note on the plot. When every corner covers data, it moves beside the axes, in a key column
// of its own on the right, or below them, its entries side by side, when the plot is too
// narrow for a key column (a legend wider than a third of the plot). The entries are listed in a stable order (by name), so a redraw
// never shuffles them. The rule runs before every replot, so it follows the data as it grows.
#pragma once

#include <QRectF>

class QCustomPlot;

namespace ui {

// Installs the rule on `plot` (its main legend and axis rect). Idempotent.
void keepLegendClearOfData(QCustomPlot& plot);

// Applies the rule once, now; returns true when the legend ended up outside the axes. The axis
// rect's geometry is the one of the last layout (replot first when there was none).
bool placeLegendClearOfData(QCustomPlot& plot);
// Whether keepLegendClearOfData was installed on `plot` (a figure export applies the rule at
// the figure's size).
bool hasLegendRule(const QCustomPlot& plot);

// How much of the plot's data lies under `area` (pixels): the number of graph points inside
// it plus the number of line segments that cross it. For tests and the rule itself.
int dataUnder(const QCustomPlot& plot, const QRectF& area);

}  // namespace ui
