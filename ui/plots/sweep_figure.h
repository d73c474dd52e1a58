// ui/plots/sweep_figure.h: the degradation figure. Final training error (and optionally test
// error) against depth, one line per family with its spread over seeds as a band, plain in
// red and residual in blue, as in He et al. 2015 fig. 1. Used by the depth view and the CLI.
#pragma once

#include "core/experiments/depth_sweep.h"

#include <QString>

#include <vector>

class QCustomPlot;

namespace ui {

struct SweepFigureOptions {
    bool showTest = false;
    double fontScale = 1.0;     // larger fonts and lines for slides
    QString title;
};

void drawSweepFigure(QCustomPlot& plot, const std::vector<core::SweepSummaryRow>& rows,
                     const SweepFigureOptions& options = {});

}  // namespace ui
