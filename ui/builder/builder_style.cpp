#include "ui/builder/builder_style.h"

#include "core/format.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace ui::canvas {

QColor chipFill(ChipKind kind) {
    switch (kind) {
    case ChipKind::Weight: return QColor(0xe4, 0xec, 0xf8);
    case ChipKind::Norm: return QColor(0xfb, 0xf1, 0xd4);
    case ChipKind::Activation: return QColor(0xe2, 0xf2, 0xe5);
    case ChipKind::Pool: return QColor(0xee, 0xe8, 0xf7);
    case ChipKind::Add: return Qt::white;
    case ChipKind::Scale: return QColor(0xfc, 0xe8, 0xf1);
    }
    return Qt::white;
}

QColor chipBorder(ChipKind kind) {
    switch (kind) {
    case ChipKind::Weight: return QColor(0x5a, 0x7a, 0xb3);
    case ChipKind::Norm: return QColor(0xc2, 0x9a, 0x35);
    case ChipKind::Activation: return QColor(0x4b, 0x95, 0x5f);
    case ChipKind::Pool: return QColor(0x7d, 0x62, 0xb0);
    case ChipKind::Add: return QColor(0x30, 0x30, 0x30);
    case ChipKind::Scale: return QColor(0xb0, 0x3a, 0x7a);
    }
    return Qt::black;
}

QColor plainColor() { return QColor(0xd6, 0x27, 0x28); }
QColor plainTitleColor() { return QColor(0x3a, 0x3f, 0x47); }
QColor residualColor() { return QColor(0x1f, 0x5f, 0xb4); }
QColor selectionColor() { return QColor(0x2f, 0x7b, 0xf0); }
QColor invalidFill() { return QColor(0xfd, 0xec, 0xec); }
QColor invalidBorder() { return QColor(0xd3, 0x3a, 0x3a); }
QColor wireColor() { return QColor(0x6b, 0x72, 0x80); }
QColor textColor() { return QColor(0x22, 0x26, 0x2e); }
QColor mutedTextColor() { return QColor(0x5c, 0x63, 0x70); }
QColor forwardFlowColor() { return QColor(0x1f, 0x77, 0xb4); }
QColor backwardFlowColor() { return QColor(0xe8, 0x7a, 0x1c); }
QColor canvasBackground() { return QColor(0xf4, 0xf6, 0xf9); }

namespace {

QFont pixelFont(int pixels, bool bold = false) {
    QFont font = QApplication::font();
    font.setPixelSize(pixels);
    font.setBold(bold);
    return font;
}

}  // namespace

QFont chipFont() { return pixelFont(11); }
QFont headerFont() { return pixelFont(12, true); }
QFont footerFont() { return pixelFont(11); }
QFont footerBoldFont() { return pixelFont(12, true); }

void paintChip(QPainter& painter, const QRectF& rect, ChipKind kind, const QString& line1, const QString& line2,
               double lod, bool selected, bool invalid) {
    painter.setPen(QPen(invalid ? invalidBorder() : selected ? selectionColor() : chipBorder(kind),
                        selected || invalid ? 2.2 : 1.1));
    painter.setBrush(invalid ? invalidFill() : chipFill(kind));
    painter.drawRoundedRect(rect, 5, 5);
    if (lod < 0.45)
        return;
    painter.setPen(textColor());
    painter.setFont(chipFont());
    if (line2.isEmpty()) {
        painter.drawText(rect, Qt::AlignCenter, line1);
    } else {
        const QRectF top(rect.left(), rect.top() + 4, rect.width(), rect.height() / 2 - 4);
        const QRectF bottom(rect.left(), rect.center().y(), rect.width(), rect.height() / 2 - 4);
        painter.drawText(top, Qt::AlignHCenter | Qt::AlignVCenter, line1);
        painter.drawText(bottom, Qt::AlignHCenter | Qt::AlignVCenter, line2);
    }
}

void paintAdd(QPainter& painter, double cx, double cy) {
    painter.setPen(QPen(chipBorder(ChipKind::Add), 1.6));
    painter.setBrush(Qt::white);
    painter.drawEllipse(QPointF(cx, cy), kAddRadius, kAddRadius);
    const double a = kAddRadius * 0.6;
    painter.drawLine(QPointF(cx - a, cy), QPointF(cx + a, cy));
    painter.drawLine(QPointF(cx, cy - a), QPointF(cx, cy + a));
}

void paintArrowHead(QPainter& painter, double x, double y, double dx, double dy, const QColor& color,
                    double size) {
    const double length = std::hypot(dx, dy);
    if (length <= 0)
        return;
    const double ux = dx / length, uy = dy / length;
    QPainterPath head;
    head.moveTo(x, y);
    head.lineTo(x - size * ux + 0.55 * size * uy, y - size * uy - 0.55 * size * ux);
    head.lineTo(x - size * ux - 0.55 * size * uy, y - size * uy + 0.55 * size * ux);
    head.closeSubpath();
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawPath(head);
}

QString compactCount(qint64 n) {
    if (n < 10'000)
        return QString::fromStdString(core::groupThousands(n));
    if (n < 1'000'000)
        return QString::number(double(n) / 1e3, 'f', n < 100'000 ? 1 : 0) + "k";
    return QString::number(double(n) / 1e6, 'f', 2) + "M";
}

}  // namespace ui::canvas

namespace ui::canvas {

QString problemsText(int count) {
    return count == 1 ? QObject::tr("1 problem") : QObject::tr("%1 problems").arg(count);
}

QString flopsText(qint64 flops) {
    QString text = QString::fromStdString(core::humanCount(double(flops)));
    // humanCount gives "320" or "28.99 k": a unit prefix joins "FLOPs", a bare number is spaced.
    if (!text.isEmpty() && text.back().isDigit())
        text += ' ';
    return text + QStringLiteral("FLOPs");
}

}  // namespace ui::canvas
