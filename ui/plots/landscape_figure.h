// ui/plots/landscape_figure.h: the loss landscape's figures (Li et al. 2018, Fig. 5 and 9).
// A surface f(α, β) is drawn as a filled contour map of log10 loss (bands one colour each,
// several per decade), every map of a figure on one colour scale so that a plain net and its
// residual twin compare at a glance; the training path is drawn on the maps of its PCA plane,
// from its start (a square) through the checkpoints to the trained weights θ* (a star). The
// 1-D slices plot loss against α on a log axis, plain in red and residual in blue.
// Each piece can be drawn into an axis rect of its own (the window's view) or all together
// (the CLI's landscape.png).
#pragma once

#include "core/experiments/loss_landscape.h"
#include "core/experiments/loss_landscape_trajectory.h"

#include <QString>
#include <QStringList>

#include <vector>

class QCustomPlot;
class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPLegend;
class QCPRange;

namespace ui {

struct LandscapeFigureOptions {
    double fontScale = 1.0;     // larger fonts and lines for slides
    QString title;              // above the whole figure (drawLandscapeFigure only)
    QStringList names;          // the networks' names, one per random surface (panel titles)
    bool compact = false;       // short panel titles and axis labels (a projector's narrow panels)
};

// The colour scale's range for several surfaces: their smallest and largest finite loss.
QCPRange landscapeLossRange(const std::vector<const core::PlaneSurface*>& surfaces);

// Sets up `scale` as the figure's log10-loss colour scale over `range` (bands, a label).
void setupLandscapeColorScale(QCPColorScale* scale, const QCPRange& range, const LandscapeFigureOptions& options);

// One surface as a contour map in `rect`, coloured through `scale` (set up first). Axes are
// labelled with `alphaLabel` and `betaLabel`. Non-finite losses draw as the highest band.
QCPColorMap* drawLandscapeMap(QCustomPlot& plot, QCPAxisRect* rect, QCPColorScale* scale,
                              const core::PlaneSurface& surface, const QString& alphaLabel, const QString& betaLabel,
                              const LandscapeFigureOptions& options = {});

// The training path on a map of its PCA plane; its three entries go to `legend` if not null.
void drawTrajectory(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend, const core::TrajectoryProjection& path,
                    const LandscapeFigureOptions& options = {});

// 1-D slices: loss against α (log axis), one curve per surface, coloured by family (label).
void drawLandscapeSlices(QCustomPlot& plot, QCPAxisRect* rect, QCPLegend* legend,
                         const std::vector<core::PlaneSurface>& slices, const LandscapeFigureOptions& options = {});

// The CLI's figure: the random-plane maps side by side on top, the path-plane maps with their
// paths below (when the study has them), one colour scale on the right, the legend underneath.
// Clears whatever `plot` showed before.
void drawLandscapeFigure(QCustomPlot& plot, const core::LandscapeStudy& study,
                         const LandscapeFigureOptions& options = {});

}  // namespace ui
