// ui/plots/paths_figure.h: the unraveled view in numbers (Veit et al. 2016, fig. 6). Three
// panels against the path length k (the number of residual branches a path passes through):
// (a) the share of the 2^n paths with that length, C(n, k) / 2^n; (b) the gradient one path of
// that length carries, on a log scale, with its spread over the sampled paths; (c) the total
// gradient contributed by all paths of that length (count x gradient), with the effective
// range (the central lengths carrying 90 %) shaded. Residual blue, as everywhere.
// Each panel can be drawn alone into a plot (the GUI's path view) or all three side by side
// (the CLI's paths.png).
#pragma once

#include "core/experiments/path_lengths.h"

#include <QString>

class QCustomPlot;
class QCPAxisRect;

namespace ui {

struct PathsFigureOptions {
    double fontScale = 1.0;
    QString title;              // above the panels (drawPathsFigure only)
};

// All three panels side by side (only the first when the gradients were not measured);
// clears whatever `plot` showed before.
void drawPathsFigure(QCustomPlot& plot, const core::PathLengthResult& result, const PathsFigureOptions& options = {});

// One panel into an axis rect of `plot` (e.g. plot.axisRect()); none clears the plot.
void drawPathLengthDistribution(QCustomPlot& plot, QCPAxisRect* rect, const core::PathLengthResult& result,
                                const PathsFigureOptions& options = {});
void drawGradientByLength(QCustomPlot& plot, QCPAxisRect* rect, const core::PathLengthResult& result,
                          const PathsFigureOptions& options = {});
void drawContributionByLength(QCustomPlot& plot, QCPAxisRect* rect, const core::PathLengthResult& result,
                              const PathsFigureOptions& options = {});

}  // namespace ui
