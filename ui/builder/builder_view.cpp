#include "ui/builder/builder_view.h"

#include "ui/builder/block_note_item.h"
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_style.h"
#include "ui/builder/skip_arrow_item.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

// Blocks and layer chips (selectable), the skip arrow and a note: everything else (boxes of
// the stem and head, wires, background) is "empty space" that pans.
bool reactsToClicks(const QGraphicsItem* item) {
    return (item->flags() & QGraphicsItem::ItemIsSelectable) || item->type() == SkipArrowItem::Type ||
           item->type() == BlockNoteItem::Type;
}

}  // namespace

BuilderView::BuilderView(BuilderScene* scene, QWidget* parent) : QGraphicsView(scene, parent), m_scene(scene) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setAcceptDrops(true);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setFrameShape(QFrame::NoFrame);
}

double BuilderView::zoom() const { return transform().m11(); }

void BuilderView::setZoom(double zoom) {
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    setTransform(QTransform::fromScale(zoom, zoom));
    setTransformationAnchor(anchor);
    emit zoomChanged(zoom);
}

void BuilderView::scaleBy(double factor) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    const double applied = target / zoom();
    if (std::abs(applied - 1.0) < 1e-6)
        return;
    scale(applied, applied);
    emit zoomChanged(zoom());
}

void BuilderView::zoomIn() {
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    scaleBy(1.25);
    setTransformationAnchor(anchor);
}

void BuilderView::zoomOut() {
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    scaleBy(1 / 1.25);
    setTransformationAnchor(anchor);
}

void BuilderView::fitToView() {
    const QRectF rect = m_scene->networkRect().adjusted(-30, -30, 30, 30);
    if (rect.isEmpty() || viewport()->width() < 10)
        return;
    const double fit = std::min(viewport()->width() / rect.width(), viewport()->height() / rect.height());
    setZoom(std::min(1.0, fit));
    centerOn(rect.center());
}

void BuilderView::ensureNetworkVisible() {
    const QRectF network = m_scene->networkRect();
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    if (!network.isEmpty() && !visible.contains(network))
        fitToView();
}

void BuilderView::drawForeground(QPainter* painter, const QRectF& rect) {
    QGraphicsView::drawForeground(painter, rect);
    if (!m_scene->showsFlow())
        return;
    // In viewport pixels, bottom left, whatever the zoom.
    painter->save();
    painter->resetTransform();
    // The canvas's own small type: in presentation mode the key must not cover the network.
    QFont font = this->font();
    font.setPointSizeF(9);
    painter->setFont(font);
    const QFontMetrics metrics(font);
    const QStringList lines{tr("forward: ‖x‖ on the skip, ‖F(x)‖ on the branch (thickness = share)"),
                            tr("backward: the gradient through the skip and through the branch")};
    const QColor colors[] = {canvas::forwardFlowColor(), canvas::backwardFlowColor()};
    const int bar = 28, gap = 8, pad = 8, line = metrics.height() + 4;
    int textWidth = 0;
    for (const QString& l : lines)
        textWidth = std::max(textWidth, metrics.horizontalAdvance(l));
    const QRect box(pad, viewport()->height() - pad - 2 * line - 2 * pad, 2 * pad + bar + gap + textWidth,
                    2 * line + 2 * pad);
    painter->setPen(QColor(0xc8, 0xcc, 0xd2));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(box, 4, 4);
    for (int i = 0; i < 2; ++i) {
        const int y = box.top() + pad + i * line + line / 2;
        painter->setPen(QPen(colors[i], 4, Qt::SolidLine, Qt::FlatCap));
        painter->drawLine(box.left() + pad, y, box.left() + pad + bar, y);
        painter->setPen(palette().color(QPalette::WindowText));
        painter->drawText(QRect(box.left() + pad + bar + gap, y - line / 2, textWidth + 2, line),
                          Qt::AlignVCenter | Qt::AlignLeft, lines[i]);
    }
    painter->restore();
}

void BuilderView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    scaleBy(std::pow(1.15, steps));
    event->accept();
}

void BuilderView::mousePressEvent(QMouseEvent* event) {
    m_pressPos = event->pos();
    m_pressOnEmpty = true;
    for (QGraphicsItem* item : items(event->pos()))
        if (reactsToClicks(item))
            m_pressOnEmpty = false;
    // Shift+drag on empty space: a rubber band instead of panning.
    if (m_pressOnEmpty && event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier))
        setDragMode(RubberBandDrag);
    QGraphicsView::mousePressEvent(event);
}

void BuilderView::mouseReleaseEvent(QMouseEvent* event) {
    QGraphicsView::mouseReleaseEvent(event);
    // A click (not a pan) on empty space clears the selection: the panel shows the network.
    if (dragMode() == ScrollHandDrag && m_pressOnEmpty && event->button() == Qt::LeftButton &&
        (event->pos() - m_pressPos).manhattanLength() < 4 && !(event->modifiers() & Qt::ControlModifier))
        m_scene->clearSelection();
    setDragMode(ScrollHandDrag);
}

}  // namespace ui
