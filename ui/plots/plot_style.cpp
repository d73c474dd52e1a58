#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <iterator>
#include <cmath>

namespace ui {

QColor familyColor(const QString& family) {
    if (family == QLatin1String("plain"))
        return QColor(0xd6, 0x27, 0x28);
    if (family == QLatin1String("residual"))
        return QColor(0x1f, 0x5f, 0xb4);
    return QColor(0x55, 0x55, 0x55);
}

QColor depthColor(int index, int count) {
    // Viridis (van der Walt and Smith, matplotlib), sampled from its light yellow-green end
    // (shallow) to its dark violet end (deep): ordered by lightness, and its hue changes along
    // the way, so neighbouring depths stay apart (a single hue made 32 and 56 the same purple).
    static const QColor kStops[] = {QColor(0x44, 0x01, 0x54), QColor(0x48, 0x28, 0x78), QColor(0x3e, 0x4a, 0x89),
                                    QColor(0x31, 0x68, 0x8e), QColor(0x26, 0x82, 0x8e), QColor(0x1f, 0x9e, 0x89),
                                    QColor(0x35, 0xb7, 0x79), QColor(0x6d, 0xcd, 0x59), QColor(0xb4, 0xde, 0x2c)};
    constexpr int kLast = int(std::size(kStops)) - 1;
    const double t = count <= 1 ? 0.0 : 1.0 - double(index) / double(count - 1);   // 1 = shallowest
    const double at = t * kLast;
    const int i = std::min(kLast - 1, int(at));
    const double f = at - i;
    const QColor a = kStops[i], b = kStops[i + 1];
    return QColor(int(a.red() + (b.red() - a.red()) * f + 0.5), int(a.green() + (b.green() - a.green()) * f + 0.5),
                  int(a.blue() + (b.blue() - a.blue()) * f + 0.5));
}

double plotTextScale(double fontScale) { return fontScale <= 1.0 ? fontScale : 1.0 + 0.6 * (fontScale - 1.0); }

void styleAxes(QCPAxisRect& rect, double textScale, double penWidth, double tickScale) {
    QFont base = rect.parentPlot()->font();
    base.setPointSizeF(std::max(6.0, 10.0 * textScale * tickScale));
    QFont label = rect.parentPlot()->font();
    label.setPointSizeF(std::max(7.0, 11.0 * textScale));
    for (QCPAxis* axis : rect.axes()) {
        axis->setTickLabelFont(base);
        axis->setLabelFont(label);
        QPen pen = axis->basePen();
        pen.setWidthF(penWidth);
        axis->setBasePen(pen);
        axis->setTickPen(pen);
    }
}

QCPLayoutGrid* beginFigure(QCustomPlot& plot, const QString& title, double textScale) {
    plot.clearPlottables();
    plot.clearItems();
    plot.plotLayout()->clear();
    plot.setAntialiasedElements(QCP::aeAll);
    int row = 0;
    if (!title.isEmpty()) {
        QFont f;
        f.setPointSizeF(12 * textScale);
        f.setBold(true);
        plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, title, f));
        row = 1;
    }
    auto* panels = new QCPLayoutGrid;
    plot.plotLayout()->addElement(row, 0, panels);
    return panels;
}

void applyPlotStyle(QCustomPlot& plot, double fontScale) {
    const double text = plotTextScale(fontScale);
    if (QCPAxisRect* rect = plot.axisRect())
        styleAxes(*rect, text, std::max(1.0, fontScale));
    QFont base = plot.font();
    base.setPointSizeF(std::max(6.0, 10.0 * text));
    plot.legend->setFont(base);
    plot.setAntialiasedElements(QCP::aeAll);
    // Large tick labels on a plot that did not grow as much would overlap: ask for fewer.
    for (QCPAxis* axis : {plot.xAxis, plot.yAxis})
        axis->ticker()->setTickCount(fontScale > 1.25 ? 4 : 5);
    scaleMinimumSize(plot, fontScale);
}

QCPLayoutGrid* addKeyColumn(QCustomPlot& plot, QCPLegend* legend, int row, int column) {
    auto* key = new QCPLayoutGrid;
    plot.plotLayout()->addElement(row, column, key);
    plot.plotLayout()->setColumnStretchFactor(column, 0.01);
    key->addElement(0, 0, legend);
    key->addElement(1, 0, new QCPLayoutElement(&plot));   // takes the rest of the height
    key->setRowStretchFactor(0, 0.01);
    return key;
}

namespace {
constexpr const char* kBaseMinimum = "resnetlab_baseMinimumSize";
}  // namespace

void scaleMinimumSize(QWidget& widget, QSize base, double fontScale) {
    widget.setProperty(kBaseMinimum, base);
    scaleMinimumSize(widget, fontScale);
}

void scaleMinimumSize(QWidget& widget, double fontScale) {
    if (!widget.property(kBaseMinimum).isValid())
        widget.setProperty(kBaseMinimum, widget.minimumSize());
    const QSize base = widget.property(kBaseMinimum).toSize();
    // Axes and labels take a growing share of a plot as the fonts grow, but the data area may
    // shrink somewhat: the square root keeps 1.5x slides on a 1024x768 projector.
    const double s = std::sqrt(std::max(1.0, fontScale));
    widget.setMinimumSize(QSize(int(base.width() * s), int(base.height() * s)));
}

}  // namespace ui
