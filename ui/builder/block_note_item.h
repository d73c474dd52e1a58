// ui/builder/block_note_item.h: a short message pinned over one block, in a callout that
// points at it ("branch zeroed: the block now passes its input through"). Click to dismiss.
#pragma once

#include <QGraphicsItem>
#include <QString>

namespace ui {

class BlockNoteItem : public QGraphicsItem {
public:
    enum { Type = UserType + 5 };
    explicit BlockNoteItem(QGraphicsItem* block);

    void setText(const QString& text);
    QString text() const { return m_text; }
    // The width of the block it sits on: the callout is centred over it.
    void setAnchorWidth(double width);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;

private:
    void relayout();

    QString m_text;
    double m_anchorWidth = 200;
    QRectF m_box;   // the callout, in the block's coordinates (above the block)
};

}  // namespace ui
