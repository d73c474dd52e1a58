// ui/builder/chain_wire_item.h: the wires of the chain: an arrow from each item's output to
// the next item's input, and where the chain wraps into the next row, a wire that runs back
// under the row like a line of text. One item for all wires, rebuilt after each layout (a few
// hundred path elements even for ResNet-110).
#pragma once

#include <QGraphicsItem>
#include <QPainterPath>
#include <QRectF>

#include <vector>

namespace ui {

class ChainWireItem : public QGraphicsItem {
public:
    enum { Type = UserType + 6 };
    ChainWireItem();

    // `items`: the scene rectangles of the chain's items in order; `rows`: the row of each.
    // Wires leave and enter at height `wireY` inside each item.
    void setChain(const std::vector<QRectF>& items, const std::vector<int>& rows, double wireY, double rowGap);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override { return {}; }   // wires never take clicks
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QPainterPath m_lines;
    std::vector<QPointF> m_heads;   // arrow tips, all pointing right
};

}  // namespace ui
