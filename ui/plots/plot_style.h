// ui/plots/plot_style.h: the colours and pens every plot shares, so plain is always red and
// residual always blue, on screen, on a projector and in exported files.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>

class QCPAxisRect;
class QCPLayoutGrid;
class QCPLegend;
class QCustomPlot;
class QWidget;

namespace ui {

QColor familyColor(const QString& family);      // "plain" red, "residual" blue
QColor depthColor(int index, int count);        // a sequential palette, shallow light to deep dark
// The scale of a plot's text for a window font scale: a plot has less room to give than a
// paragraph, so its text grows 60% as fast (2x fonts: 1.6x plot text).
double plotTextScale(double fontScale);
// The frame of one axis rect, the same in every plot and figure: tick labels at 10 pt and axis
// labels at 11 pt times `textScale` (never below 6 and 7 pt), axis lines and ticks `penWidth`
// wide. `tickScale` shrinks the tick labels of small panels (a stack of thin plots).
void styleAxes(QCPAxisRect& rect, double textScale, double penWidth, double tickScale = 1.0);
// Clears `plot` for a figure of several panels: its title on top (when not empty; 12 pt bold
// times `textScale`) and under it the grid the panels go into, which is returned.
QCPLayoutGrid* beginFigure(QCustomPlot& plot, const QString& title, double textScale);
// Fonts, tick labels and margins of a plot, scaled by plotTextScale (1.0 on screen, 1.5-2.5
// for slides).
// Also scales the plot's minimum size (scaleMinimumSize).
void applyPlotStyle(QCustomPlot& plot, double fontScale = 1.0);
// A key column at (row, column) of the plot's layout: `legend` at its top, the rest of its
// height empty, its width no more than the legend needs.
QCPLayoutGrid* addKeyColumn(QCustomPlot& plot, QCPLegend* legend, int row, int column);
// Where a plot's legend goes (inside where it covers no data, or beside): legend_placement.h.
// A widget's minimum size is set for screen fonts; with larger fonts the same axes and labels
// need more room, and the window (and presentation mode's fit to the screen) must know. Scales
// the minimum size the widget had at the first call by the square root of the font scale.
void scaleMinimumSize(QWidget& widget, double fontScale);
// The same with a new screen-font minimum (a view whose figure changes its number of rows).
void scaleMinimumSize(QWidget& widget, QSize base, double fontScale);

}  // namespace ui
