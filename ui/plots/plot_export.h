// ui/plots/plot_export.h: every plot's figure and data leave the app the same way. The data
// of a plot (graphs, curves, bars, colour maps) as a long-format CSV table; a widget that is
// not a plot (the image grid) rendered to PNG, SVG or PDF; and the right-click menu and
// dialog that offer "Save figure..." at a chosen size and "Export data as CSV...".
#pragma once

#include <QString>

#include <functional>

#include <QList>

class QCustomPlot;
class QToolButton;
class QWidget;

namespace ui {

// Writes the plot's data: one row per point, columns series,x,y,z (z only for colour maps,
// whose x/y are the cell centres). Series are named after the graph's legend name (and its
// axis rect's title when a plot has several). Returns "" or a message naming the file.
QString savePlotCsv(QCustomPlot& plot, const QString& path);

// Renders any widget to PNG, SVG or PDF (by the extension) at width x height pixels.
QString saveWidget(QWidget& widget, const QString& path, int width, int height);

// A CSV writer for a plot whose data is more than its plottables (the decision map).
using CsvWriter = std::function<QString(const QString& path)>;

// Adds "Save figure..." and "Export data as CSV..." to the plot's context menu. `baseName`
// suggests the file names ("loss" -> loss.png, loss.csv).
void installExportMenu(QCustomPlot* plot, const QString& baseName, CsvWriter csv = {});

// The dialogs behind the menu: ask for a file and a size, then save. They report failures in
// a message box and return whether a file was written.
bool exportFigureInteractively(QWidget* parent, QCustomPlot& plot, const QString& baseName);
bool exportWidgetInteractively(QWidget* parent, QWidget& widget, const QString& baseName);
bool exportCsvInteractively(QWidget* parent, const QString& baseName, const CsvWriter& writer);

// One entry of a view's Export button: a plot (figure and data) or another widget (figure).
struct ExportTarget {
    QString label;             // "Loss"
    QString baseName;          // "loss"
    QCustomPlot* plot = nullptr;
    QWidget* widget = nullptr; // when it is not a plot
    CsvWriter csv;             // optional: data beyond the plottables
};

// A tool button "Export" whose menu saves each target's figure (PNG, SVG, PDF at a chosen
// size) and data (CSV).
QToolButton* makeExportButton(QWidget* parent, const QList<ExportTarget>& targets);

}  // namespace ui
