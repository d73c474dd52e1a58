#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
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
    const double t = count <= 1 ? 1.0 : double(index) / double(count - 1);
    // From a light teal to a deep violet: deeper nets darker.
    return QColor::fromHsvF(0.5 + 0.28 * t, 0.55 + 0.35 * t, 0.85 - 0.45 * t);
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

void placeLegendBeside(QCustomPlot& plot, int row, bool beside) {
    QCPLayoutGrid* layout = plot.plotLayout();
    auto* key = layout->hasElement(row, 1) ? qobject_cast<QCPLayoutGrid*>(layout->element(row, 1)) : nullptr;
    const bool isBeside = key && key->hasElement(0, 0) && key->element(0, 0) == plot.legend;
    if (beside == isBeside)
        return;
    if (beside) {
        plot.axisRect()->insetLayout()->take(plot.legend);
        plot.axisRect()->insetLayout()->simplify();
        addKeyColumn(plot, plot.legend, row, 1);
    } else {
        key->take(plot.legend);
        layout->remove(key);   // deletes the key grid and its spacer
        layout->simplify();
        plot.axisRect()->insetLayout()->addElement(plot.legend, Qt::AlignTop | Qt::AlignRight);
    }
}

void scaleMinimumSize(QWidget& widget, double fontScale) {
    constexpr const char* kBaseMinimum = "resnetlab_baseMinimumSize";
    if (!widget.property(kBaseMinimum).isValid())
        widget.setProperty(kBaseMinimum, widget.minimumSize());
    const QSize base = widget.property(kBaseMinimum).toSize();
    // Axes and labels take a growing share of a plot as the fonts grow, but the data area may
    // shrink somewhat: the square root keeps 1.5x slides on a 1024x768 projector.
    const double s = std::sqrt(std::max(1.0, fontScale));
    widget.setMinimumSize(QSize(int(base.width() * s), int(base.height() * s)));
}

}  // namespace ui
