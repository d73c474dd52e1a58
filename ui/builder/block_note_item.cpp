#include "ui/builder/block_note_item.h"

#include "ui/builder/builder_style.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace ui {

namespace {

constexpr double kMaxTextWidth = 260;
constexpr double kPointer = 9;

QColor noteFill() { return QColor(0xff, 0xf6, 0xd5); }
QColor noteBorder() { return QColor(0xd2, 0xa8, 0x3c); }

}  // namespace

BlockNoteItem::BlockNoteItem(QGraphicsItem* block) : QGraphicsItem(block) {
    setZValue(50);
    setCursor(Qt::PointingHandCursor);
    setToolTip(QObject::tr("Click to dismiss"));
}

void BlockNoteItem::setText(const QString& text) {
    m_text = text;
    setVisible(true);
    relayout();
}

void BlockNoteItem::setAnchorWidth(double width) {
    m_anchorWidth = width;
    relayout();
}

void BlockNoteItem::relayout() {
    prepareGeometryChange();
    const QFontMetricsF metrics(canvas::chipFont());
    const QRectF text = metrics.boundingRect(QRectF(0, 0, kMaxTextWidth, 1000), Qt::TextWordWrap, m_text);
    const double w = std::max(60.0, text.width() + 18);
    const double h = text.height() + 12;
    m_box = QRectF((m_anchorWidth - w) / 2, -h - kPointer - 2, w, h);
}

QRectF BlockNoteItem::boundingRect() const { return m_box.adjusted(-2, -2, 2, kPointer + 4); }

void BlockNoteItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath callout;
    callout.addRoundedRect(m_box, 7, 7);
    const double cx = m_box.center().x();
    QPainterPath pointer;
    pointer.moveTo(cx - kPointer, m_box.bottom() - 1);
    pointer.lineTo(cx, m_box.bottom() + kPointer);
    pointer.lineTo(cx + kPointer, m_box.bottom() - 1);
    pointer.closeSubpath();
    callout = callout.united(pointer);
    painter->setPen(QPen(noteBorder(), 1.3));
    painter->setBrush(noteFill());
    painter->drawPath(callout);
    painter->setPen(canvas::textColor());
    painter->setFont(canvas::chipFont());
    painter->drawText(m_box.adjusted(9, 6, -9, -6), Qt::TextWordWrap | Qt::AlignCenter, m_text);
}

void BlockNoteItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        setVisible(false);
}

}  // namespace ui
