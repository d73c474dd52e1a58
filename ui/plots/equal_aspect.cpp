#include "ui/plots/equal_aspect.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

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
        // Fitted before the layout, which then places the ticks for the new ranges, on the
        // axis rect's size of the last layout; when the layout changed that size (a resize,
        // new fonts), one more replot fits it again.
        QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { fitEqualAspects(*plot); });
        QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] {
            for (QCPAxisRect* r : plot->axisRects())
                if (r->property(kData).isValid() && std::abs(scaleRatio(*r) - 1.0) > 0.005) {
                    plot->replot(QCustomPlot::rpQueuedReplot);
                    return;
                }
        });
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
    if (rect.width() <= 0 || rect.height() <= 0 || x.size() <= 0 || y.size() <= 0)
        return 1.0;
    return (rect.width() / x.size()) / (rect.height() / y.size());
}

}  // namespace ui
