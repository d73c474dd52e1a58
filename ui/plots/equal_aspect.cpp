#include "ui/plots/equal_aspect.h"

#include <qcustomplot.h>

#include <algorithm>

namespace ui {

namespace {

constexpr char kData[] = "resnetlab_equalAspectData";
constexpr char kInstalled[] = "resnetlab_equalAspect";

void fit(QCPAxisRect& rect) {
    const QRectF data = rect.property(kData).toRectF();
    const double w = rect.width(), h = rect.height();
    if (data.isEmpty() || w < 2 || h < 2)
        return;
    // Units per pixel: enough for the data along both axes.
    const double u = std::max(data.width() / w, data.height() / h);
    const QPointF c = data.center();
    rect.axis(QCPAxis::atBottom)->setRange(c.x() - u * w / 2, c.x() + u * w / 2);
    rect.axis(QCPAxis::atLeft)->setRange(c.y() - u * h / 2, c.y() + u * h / 2);
}

}  // namespace

void keepEqualAspect(QCPAxisRect& rect, const QRectF& data) {
    rect.setProperty(kData, data.normalized());
    QCustomPlot* plot = rect.parentPlot();
    if (!plot->property(kInstalled).toBool()) {
        plot->setProperty(kInstalled, true);
        QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] { fitEqualAspects(*plot); });
    }
    fit(rect);
}

void fitEqualAspects(QCustomPlot& plot) {
    for (QCPAxisRect* rect : plot.axisRects())
        if (rect->property(kData).isValid())
            fit(*rect);
}

double scaleRatio(const QCPAxisRect& rect) {
    const QCPRange x = rect.axis(QCPAxis::atBottom)->range(), y = rect.axis(QCPAxis::atLeft)->range();
    return (rect.width() / x.size()) / (rect.height() / y.size());
}

}  // namespace ui
