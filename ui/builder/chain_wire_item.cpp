#include "ui/builder/chain_wire_item.h"

#include "ui/builder/builder_style.h"

#include <QPainter>

namespace ui {

using namespace canvas;

ChainWireItem::ChainWireItem() {
    setZValue(-1);
    setAcceptedMouseButtons(Qt::NoButton);
}

void ChainWireItem::setChain(const std::vector<QRectF>& items, const std::vector<int>& rows, double wireY,
                             double rowGap) {
    prepareGeometryChange();
    m_lines = QPainterPath();
    m_heads.clear();
    constexpr double kCorner = 10;
    for (std::size_t i = 1; i < items.size(); ++i) {
        const QRectF& a = items[i - 1];
        const QRectF& b = items[i];
        const QPointF out(a.right(), a.top() + wireY);
        const QPointF in(b.left(), b.top() + wireY);
        if (rows[i] == rows[i - 1]) {
            m_lines.moveTo(out);
            m_lines.lineTo(in);
        } else {
            // Out of the row's end, down into the gap between rows, back to the left, down
            // into the next row's first item.
            const double right = out.x() + 14;
            const double left = in.x() - 14;
            const double midY = a.bottom() + rowGap / 2;
            m_lines.moveTo(out);
            m_lines.lineTo(right - kCorner, out.y());
            m_lines.quadTo(right, out.y(), right, out.y() + kCorner);
            m_lines.lineTo(right, midY - kCorner);
            m_lines.quadTo(right, midY, right - kCorner, midY);
            m_lines.lineTo(left + kCorner, midY);
            m_lines.quadTo(left, midY, left, midY + kCorner);
            m_lines.lineTo(left, in.y() - kCorner);
            m_lines.quadTo(left, in.y(), left + kCorner, in.y());
            m_lines.lineTo(in);
        }
        m_heads.push_back(in);
    }
}

QRectF ChainWireItem::boundingRect() const { return m_lines.boundingRect().adjusted(-8, -8, 8, 8); }

void ChainWireItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(wireColor(), 1.6));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_lines);
    for (const QPointF& tip : m_heads)
        paintArrowHead(*painter, tip.x(), tip.y(), 1, 0, wireColor());
}

}  // namespace ui
