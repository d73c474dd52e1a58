// ui/builder/insertion_marker_item.h: the bar that shows, during a drag, where the dragged
// block or layer will land: a vertical accent line across the chip row of the gap.
#pragma once

#include <QGraphicsItem>

namespace ui {

class InsertionMarkerItem : public QGraphicsItem {
public:
    enum { Type = UserType + 7 };
    InsertionMarkerItem();

    // Shows the marker centred on `scenePoint` (the middle of the chip row at the gap).
    void showAt(const QPointF& scenePoint);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
};

}  // namespace ui
