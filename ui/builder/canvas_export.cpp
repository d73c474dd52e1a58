#include "ui/builder/canvas_export.h"

#include "ui/builder/builder_scene.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace ui {

namespace {

// Renders the network into `painter` filling `target`, with nothing selected.
void renderNetwork(BuilderScene& scene, QPainter& painter, const QRectF& target, const QRectF& source) {
    const QList<QGraphicsItem*> selected = scene.selectedItems();
    scene.clearSelection();
    scene.setPlainBackground(true);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    scene.render(&painter, target, source);
    scene.setPlainBackground(false);
    for (QGraphicsItem* item : selected)
        item->setSelected(true);
}

}  // namespace

bool exportCanvas(BuilderScene& scene, const QString& path, QString* error) {
    const QRectF source = scene.networkRect().adjusted(-24, -24, 24, 24);
    const QString suffix = QFileInfo(path).suffix().toLower();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(QStringLiteral("ResNet Lab network"));
        QPainter painter(&svg);
        renderNetwork(scene, painter, QRectF(QPointF(0, 0), source.size()), source);
    } else if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(&buffer);
        pdf.setTitle(QStringLiteral("ResNet Lab network"));
        pdf.setResolution(192);
        pdf.setPageSize(QPageSize(source.size() * 0.75, QPageSize::Point));   // 96 px per inch
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter(&pdf);
        const QRectF page(0, 0, pdf.width(), pdf.height());
        renderNetwork(scene, painter, page, source);
    } else if (suffix == QLatin1String("png") || suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg")) {
        QImage image((source.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            renderNetwork(scene, painter, QRectF(QPointF(0, 0), source.size() * 2), source);
        }
        if (!image.save(&buffer, suffix == QLatin1String("png") ? "PNG" : "JPG")) {
            if (error)
                *error = QObject::tr("%1: cannot encode the picture").arg(path);
            return false;
        }
    } else {
        if (error)
            *error = QObject::tr("%1: unknown picture format; use .png, .svg or .pdf").arg(path);
        return false;
    }
    buffer.close();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QObject::tr("%1: cannot write the file: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace ui
