// ui/plots/shatter_figure.h: the shattered gradients figures (Balduzzi et al. 2017, Fig. 1 and
// 2). Left, stacked by depth: dy/dx of one initialisation over the inputs, one small panel per
// depth, plain (red) beside residual (blue): a shallow net's curve wanders like brown noise, a
// deep plain net's flickers like white noise, a deep ResNet's still wanders. Right: the lag-1
// autocorrelation of the gradient against depth (log axis), the mean over initialisations with
// the range as error bars.
// Each piece can be drawn into the window's view on its own, or all together (shatter.png).
#pragma once

#include "core/experiments/shattered_gradients.h"

#include <QString>

class QCustomPlot;
class QCPAxisRect;
class QCPLayoutGrid;
class QCPLegend;

namespace ui {

struct ShatterFigureOptions {
    double fontScale = 1.0;     // larger fonts and lines for slides
    QString title;              // above the whole figure (drawShatterFigure only)
    int init = 0;               // the initialisation whose gradients the stacks show
    // drawShatterFigure: the stacks show at most this many depths (the shallowest, the deepest
    // and evenly spaced ones between; the correlation shows all of them). 0: every depth.
    int maxStackedDepths = 0;
    bool compact = false;       // short captions (a projector's narrow panels)
};

// One column of small panels, one per depth of `result` (shallow on top), each showing dy/dx of
// `family` at initialisation options.init; a caption names the family above them. Adds rows to
// `column` from row 0 down.
void drawGradientStack(QCustomPlot& plot, QCPLayoutGrid* column, const core::ShatterResult& result,
                       const std::string& family, const ShatterFigureOptions& options = {});

// The lag-1 autocorrelation against depth (log axis), one curve per family; entries go to
// `legend` when it is not null.
void drawCorrelationAgainstDepth(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                                 const core::ShatterResult& result, const ShatterFigureOptions& options = {});

// The autocorrelation r_k against the lag k at one depth, one curve per family (mean over the
// initialisations): brown noise decays slowly, white noise drops to 0 at lag 1.
void drawAutocorrelationAgainstLag(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                                   const core::ShatterResult& result, int depth,
                                   const ShatterFigureOptions& options = {});

// The CLI's figure: the plain stack, the residual stack and the correlation against depth,
// side by side. Clears whatever `plot` showed before.
void drawShatterFigure(QCustomPlot& plot, const core::ShatterResult& result, const ShatterFigureOptions& options = {});

}  // namespace ui
