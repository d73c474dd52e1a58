#include "ui/builder/insertion_marker_item.h"

#include "ui/builder/builder_style.h"

#include <QPainter>
#include <QPainterPath>

namespace ui {

namespace {

constexpr double kHalfHeight = 40;

}  // namespace

InsertionMarkerItem::InsertionMarkerItem() {
    setZValue(100);
    setVisible(false);
    setAcceptedMouseButtons(Qt::NoButton);
}

void InsertionMarkerItem::showAt(const QPointF& scenePoint) {
    setPos(scenePoint);
    setVisible(true);
}

QRectF InsertionMarkerItem::boundingRect() const { return QRectF(-9, -kHalfHeight - 9, 18, 2 * kHalfHeight + 18); }

void InsertionMarkerItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor color = canvas::selectionColor();
    painter->setPen(QPen(color, 4, Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(QPointF(0, -kHalfHeight), QPointF(0, kHalfHeight));
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    for (double sign : {-1.0, 1.0}) {
        QPainterPath caret;
        const double y = sign * (kHalfHeight + 1);
        caret.moveTo(-8, y + sign * 8);
        caret.lineTo(8, y + sign * 8);
        caret.lineTo(0, y);
        caret.closeSubpath();
        painter->drawPath(caret);
    }
}

}  // namespace ui
