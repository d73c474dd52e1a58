// ui/plots/lesion_figure.h: the lesion study's figures (Veit et al. 2016, fig. 3 and 5a), plain
// in red and residual in blue. Left: the test error after removing each single block, with the
// intact network's error as a dashed line; right: the test error against the number of blocks
// removed at once, the mean over random draws with its min-max spread as a band. A ResNet's
// curve rises slowly; a plain net's jumps to chance at the first removal.
// Each panel can be drawn alone into a plot (the GUI's lesion view) or both side by side
// (the CLI's lesion.png).
#pragma once

#include "core/experiments/lesion_study.h"

#include <QString>

#include <vector>

class QCustomPlot;
class QCPAxisRect;
class QCPLegend;

namespace ui {

struct LesionFigureOptions {
    double fontScale = 1.0;     // larger fonts and lines for slides
    QString title;              // above both panels (drawLesionFigure only)
    double chanceError = -1;    // drawn as a dotted line when >= 0 (1 - 1/classes)
};

// Both panels side by side; clears whatever `plot` showed before.
void drawLesionFigure(QCustomPlot& plot, const std::vector<core::LesionResult>& results,
                      const LesionFigureOptions& options = {});

// One panel into an axis rect of `plot` (e.g. plot.axisRect()); graphs are added to `legend`
// when it is not null. Neither clears the plot.
void drawSingleRemovals(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                        const std::vector<core::LesionResult>& results, const LesionFigureOptions& options = {});
void drawErrorAgainstRemoved(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                             const std::vector<core::LesionResult>& results, const LesionFigureOptions& options = {});

}  // namespace ui
