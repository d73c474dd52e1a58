#include "ui/plots/figure_export.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QSvgGenerator>

namespace ui {

QString savePlot(QCustomPlot& plot, const QString& path, int width, int height) {
    if (width < 16 || height < 16 || width > 16384 || height > 16384)
        return QStringLiteral("%1: a figure must be between 16 and 16384 pixels wide and high").arg(path);
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == "png") {
        ok = plot.savePng(path, width, height, 1.0, -1, 96);
    } else if (suffix == "pdf") {
        ok = plot.savePdf(path, width, height);
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(QStringLiteral("ResNet Lab figure"));
        const QSize old = plot.size();
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot.toPainter(&painter, width, height);
            painter.end();
        }
        plot.resize(old);
    } else {
        return QStringLiteral("%1: unknown figure format '%2' (use .png, .svg or .pdf)").arg(path, suffix);
    }
    return ok ? QString() : QStringLiteral("%1: cannot write the figure").arg(path);
}

}  // namespace ui
