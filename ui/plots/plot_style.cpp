#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <algorithm>

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

void applyPlotStyle(QCustomPlot& plot, double fontScale) {
    QFont base = plot.font();
    base.setPointSizeF(std::max(6.0, 10.0 * fontScale));
    QFont label = base;
    label.setPointSizeF(std::max(7.0, 11.0 * fontScale));
    for (QCPAxis* axis : {plot.xAxis, plot.yAxis, plot.xAxis2, plot.yAxis2}) {
        axis->setTickLabelFont(base);
        axis->setLabelFont(label);
        QPen pen = axis->basePen();
        pen.setWidthF(std::max(1.0, fontScale));
        axis->setBasePen(pen);
        axis->setTickPen(pen);
    }
    plot.legend->setFont(base);
    plot.setAntialiasedElements(QCP::aeAll);
}

}  // namespace ui
