#include "ui/builder/skip_arrow_item.h"

#include "ui/builder/block_item.h"
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_style.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace ui {

using namespace canvas;

namespace {

constexpr double kCorner = 14;
constexpr double kLaneOffset = 5;

}  // namespace

SkipArrowItem::SkipArrowItem(BlockItem* block) : QGraphicsItem(block), m_block(block) {
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(1);
    rebuild();
    updateToolTip();
}

void SkipArrowItem::setSpan(double startX, double endX) {
    if (startX == m_startX && endX == m_endX)
        return;
    prepareGeometryChange();
    m_startX = startX;
    m_endX = endX;
    rebuild();
}

void SkipArrowItem::setShortcut(core::ShortcutKind kind, bool images, bool batchNorm, int stride) {
    if (kind == m_kind && images == m_images && batchNorm == m_batchNorm && stride == m_stride)
        return;
    prepareGeometryChange();
    m_kind = kind;
    m_images = images;
    m_batchNorm = batchNorm;
    m_stride = stride;
    rebuild();
    updateToolTip();
}

void SkipArrowItem::setVariant(const core::BlockDesign& design) {
    if (design.shortcutVariant == m_variant && design.shortcutScale == m_lambda && design.dropoutRate == m_dropoutRate)
        return;
    prepareGeometryChange();
    m_variant = design.shortcutVariant;
    m_lambda = design.shortcutScale;
    m_dropoutRate = design.dropoutRate;
    rebuild();
    updateToolTip();
}

void SkipArrowItem::setGhostVisible(bool visible) {
    if (visible != m_ghost) {
        m_ghost = visible;
        update();
    }
}

void SkipArrowItem::setFlow(const std::optional<BlockFlow>& flow) {
    m_flow = flow;
    updateToolTip();
    update();
}

void SkipArrowItem::updateToolTip() {
    QString tip = m_kind == core::ShortcutKind::None
                      ? QObject::tr("Plain block: click to add a skip connection, out = g(F(x) + x)")
                      : QObject::tr("Skip connection: click to remove it and make the block plain, out = g(F(x))");
    switch (m_kind == core::ShortcutKind::None ? core::ShortcutVariant::None : m_variant) {
    case core::ShortcutVariant::ConstantScaling:
        tip += QObject::tr("\nConstant scaling: the skip carries %1 x (He et al. 2016, Fig. 2b)").arg(m_lambda, 0, 'g', 3);
        break;
    case core::ShortcutVariant::ExclusiveGating:
        tip += QObject::tr("\nExclusive gating: g(x) F(x) + (1 − g(x)) x, g(x) = σ(W_g x + b_g) (Fig. 2c)");
        break;
    case core::ShortcutVariant::ShortcutOnlyGating:
        tip += QObject::tr("\nShortcut-only gating: F(x) + (1 − g(x)) x, g(x) = σ(W_g x + b_g) (Fig. 2d)");
        break;
    case core::ShortcutVariant::Dropout:
        tip += QObject::tr("\nDropout shortcut: each value of x dropped with probability %1 in training (Fig. 2f)")
                   .arg(m_dropoutRate, 0, 'g', 3);
        break;
    case core::ShortcutVariant::None: break;
    }
    if (m_flow && m_kind != core::ShortcutKind::None)
        tip += QObject::tr("\nforward: ||x|| = %1 via the skip, ||F(x)|| = %2 via the branch (skip %3%)"
                           "\nbackward: gradient %4 via the shortcut, %5 via the branch (shortcut %6%)")
                   .arg(m_flow->inputNorm, 0, 'g', 3)
                   .arg(m_flow->branchNorm, 0, 'g', 3)
                   .arg(qRound(100 * m_flow->forwardSkipShare()))
                   .arg(m_flow->gradViaShortcut, 0, 'g', 3)
                   .arg(m_flow->gradViaBranch, 0, 'g', 3)
                   .arg(qRound(100 * m_flow->backwardSkipShare()));
    setToolTip(tip);
}

QPainterPath SkipArrowItem::arcPath(double x0, double x1, double top) const {
    const double bottom = kChipMid - kAddRadius - 1;
    QPainterPath path(QPointF(x0, kChipMid));
    path.lineTo(x0, top + kCorner);
    path.quadTo(x0, top, x0 + kCorner, top);
    path.lineTo(x1 - kCorner, top);
    path.quadTo(x1, top, x1, top + kCorner);
    path.lineTo(x1, bottom);
    return path;
}

QString SkipArrowItem::label() const {
    switch (m_kind) {
    case core::ShortcutKind::Projection: {
        QString text = m_images ? QObject::tr("1x1 conv") : QObject::tr("linear");
        if (m_stride > 1)
            text += QStringLiteral(" /%1").arg(m_stride);
        if (m_batchNorm)
            text += QObject::tr(", BN");
        return text;
    }
    case core::ShortcutKind::ZeroPad:
        return m_stride > 1 ? QObject::tr("zero-pad /%1").arg(m_stride) : QObject::tr("zero-pad");
    case core::ShortcutKind::None: return QObject::tr("+ skip");
    case core::ShortcutKind::Identity: break;
    }
    switch (m_variant) {
    case core::ShortcutVariant::ConstantScaling: return QStringLiteral("×%1").arg(m_lambda, 0, 'g', 3);
    case core::ShortcutVariant::ExclusiveGating:
    case core::ShortcutVariant::ShortcutOnlyGating: return QStringLiteral("×(1−g)");
    case core::ShortcutVariant::Dropout: return QObject::tr("dropout %1").arg(m_dropoutRate, 0, 'g', 3);
    case core::ShortcutVariant::None: break;
    }
    return {};
}

void SkipArrowItem::rebuild() {
    m_path = arcPath(m_startX, m_endX, kArcTop);
    QPainterPathStroker stroker;
    stroker.setWidth(14);
    m_hitShape = stroker.createStroke(m_path);
    const QString text = label();
    if (!text.isEmpty()) {
        const double w = QFontMetricsF(chipFont()).horizontalAdvance(text) + 14;
        m_hitShape.addRect(QRectF((m_startX + m_endX - w) / 2, kArcTop - 10, w, 20));
    }
    m_hitShape = m_hitShape.simplified();
}

QRectF SkipArrowItem::boundingRect() const {
    return m_hitShape.boundingRect().united(m_path.boundingRect()).adjusted(-10, -10, 10, 10);
}

QPainterPath SkipArrowItem::shape() const { return m_hitShape; }

void SkipArrowItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing);
    const QPointF end = m_path.currentPosition();

    if (m_kind == core::ShortcutKind::None) {
        if (!m_ghost && !m_hovered)
            return;
        QPen pen(m_hovered ? residualColor() : QColor(0x9a, 0xa3, 0xb2), m_hovered ? 2.0 : 1.4, Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
        paintArrowHead(*painter, end.x(), end.y() + 1, 0, 1, pen.color());
    } else if (m_flow) {
        // Two lanes: forward (the input x carried by the skip) outside, backward (the gradient
        // that returns through the shortcut) inside; thickness = share of the block's total.
        const double forward = std::max(1.2, kMaxFlowWidth * m_flow->forwardSkipShare());
        const double backward = std::max(1.2, kMaxFlowWidth * m_flow->backwardSkipShare());
        const QPainterPath outer = arcPath(m_startX - 3, m_endX + 3, kArcTop - kLaneOffset);
        const QPainterPath inner = arcPath(m_startX + 3, m_endX - 3, kArcTop + kLaneOffset);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(forwardFlowColor(), forward, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
        painter->drawPath(outer);
        painter->setPen(QPen(backwardFlowColor(), backward, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
        painter->drawPath(inner);
        const QPointF outerEnd = outer.currentPosition();
        paintArrowHead(*painter, outerEnd.x(), outerEnd.y() + 2, 0, 1, forwardFlowColor(), 6 + forward / 2);
        paintArrowHead(*painter, m_startX + 3, kChipMid - 2, 0, 1, backwardFlowColor(), 6 + backward / 2);
    } else {
        const QColor color = residualColor();
        const Qt::PenStyle style = m_variant == core::ShortcutVariant::Dropout ? Qt::DashLine : Qt::SolidLine;
        painter->setPen(QPen(color, m_hovered ? 3.2 : 2.2, style, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
        paintArrowHead(*painter, end.x(), end.y() + 1, 0, 1, color, 8);
    }

    const QString text = label();
    if (text.isEmpty() || lod < 0.45)
        return;
    const QFontMetricsF metrics(chipFont());
    const double w = metrics.horizontalAdvance(text) + 14;
    const QRectF box((m_startX + m_endX - w) / 2, kArcTop - 9, w, 18);
    if (m_kind == core::ShortcutKind::None) {
        painter->setPen(m_hovered ? residualColor() : mutedTextColor());
        painter->setBrush(QColor(255, 255, 255, 230));
        painter->drawRoundedRect(box, 9, 9);
    } else if (m_kind == core::ShortcutKind::Identity) {
        // The shortcut variant's operation, in the colour of the branch's scalars.
        painter->setPen(QPen(chipBorder(ChipKind::Scale), 1.1,
                             m_variant == core::ShortcutVariant::Dropout ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(chipFill(ChipKind::Scale));
        painter->drawRoundedRect(box, 5, 5);
        painter->setPen(textColor());
    } else {
        const bool zeroPad = m_kind == core::ShortcutKind::ZeroPad;
        painter->setPen(QPen(chipBorder(ChipKind::Pool), 1.1, zeroPad ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(chipFill(ChipKind::Pool));
        painter->drawRoundedRect(box, 5, 5);
        painter->setPen(textColor());
    }
    painter->setFont(chipFont());
    painter->drawText(box, Qt::AlignCenter, text);
}

void SkipArrowItem::hoverEnterEvent(QGraphicsSceneHoverEvent*) {
    m_hovered = true;
    update();
}

void SkipArrowItem::hoverLeaveEvent(QGraphicsSceneHoverEvent*) {
    m_hovered = false;
    update();
}

void SkipArrowItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() == Qt::LeftButton)
        event->accept();
    else
        event->ignore();
}

void SkipArrowItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !m_hitShape.contains(event->pos()))
        return;
    if (auto* builder = dynamic_cast<BuilderScene*>(scene()))
        builder->toggleSkip(m_block->blockId());
}

}  // namespace ui
