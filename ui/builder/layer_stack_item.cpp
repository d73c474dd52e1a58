#include "ui/builder/layer_stack_item.h"

#include "ui/builder/builder_style.h"
#include "ui/builder/layer_chip_item.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace ui {

using namespace canvas;

namespace {

constexpr double kEndTagWidthMin = 58;
constexpr double kPlaceholderWidth = 84;

}  // namespace

LayerStackItem::LayerStackItem(LayerSection section) : m_section(section) {
    setCacheMode(DeviceCoordinateCache);
}

bool LayerStackItem::setLayers(const std::vector<core::LayerSpec>& layers, const QString& endText,
                               const QString& outputShape, qint64 params, const std::set<int>& invalidLayers,
                               const QString& issuesText) {
    const bool sameChips = int(layers.size()) == m_chips.size() &&
                           std::equal(layers.begin(), layers.end(), m_chips.begin(),
                                      [](const core::LayerSpec& l, const LayerChipItem* c) { return l == c->layer(); });
    const bool invalid = !invalidLayers.empty() || !issuesText.isEmpty();
    if (sameChips && endText == m_endText && outputShape == m_outputShape && params == m_params &&
        invalidLayers == m_invalidLayers && issuesText == m_issuesText && m_laidOut)
        return false;
    const double oldWidth = m_width;
    m_endText = endText;
    m_outputShape = outputShape;
    m_params = params;
    m_invalid = invalid;
    m_invalidLayers = invalidLayers;
    m_issuesText = issuesText;
    m_laidOut = true;

    // Same number of layers: update the chips in place, so a selected chip stays selected while
    // its fields are edited. Otherwise recreate them.
    if (int(layers.size()) == m_chips.size()) {
        for (int i = 0; i < m_chips.size(); ++i)
            m_chips[i]->setLayer(layers[std::size_t(i)]);
    } else {
        qDeleteAll(m_chips);
        m_chips.clear();
        for (int i = 0; i < int(layers.size()); ++i)
            m_chips << new LayerChipItem(m_section, i, layers[std::size_t(i)], this);
    }

    const double tagWidth =
        std::max(kEndTagWidthMin, QFontMetricsF(chipFont()).horizontalAdvance(endText) + 16);
    double x = kPadLeft;
    if (m_section == LayerSection::Stem)
        x += tagWidth + 2 * kChipGap;
    m_chipsLeft = x;
    for (int i = 0; i < m_chips.size(); ++i) {
        m_chips[i]->setPos(x, kChipTop);
        m_chips[i]->setInvalid(invalidLayers.count(i) > 0);
        x += m_chips[i]->width() + kChipGap;
    }
    if (layers.empty())
        x += kPlaceholderWidth + kChipGap;
    m_chipsRight = x - kChipGap;
    if (m_section == LayerSection::Head)
        x += 2 * kChipGap + tagWidth + kChipGap;
    const double width = std::max(x - kChipGap + kPadRight, 120.0);
    if (width != oldWidth) {
        prepareGeometryChange();
        m_width = width;
    }
    setToolTip(issuesText.isEmpty()
                   ? (m_section == LayerSection::Stem
                          ? QObject::tr("The stem: single layers before the first block. Drop dense, conv, "
                                        "BN or activation layers here.")
                          : QObject::tr("The head: single layers after the last block, ending with one unit "
                                        "per class. Drop pooling, flatten or dense layers here."))
                   : issuesText);
    update();
    return width != oldWidth;
}

LayerChipItem* LayerStackItem::chip(int index) const {
    return index >= 0 && index < m_chips.size() ? m_chips[index] : nullptr;
}

std::vector<double> LayerStackItem::gapXs() const {
    if (m_chips.isEmpty())
        return {(m_chipsLeft + m_chipsRight) / 2};
    std::vector<double> xs;
    xs.push_back(m_chips.front()->x() - kChipGap / 2);
    for (int i = 1; i < m_chips.size(); ++i)
        xs.push_back((m_chips[i - 1]->x() + m_chips[i - 1]->width() + m_chips[i]->x()) / 2);
    xs.push_back(m_chips.back()->x() + m_chips.back()->width() + kChipGap / 2);
    return xs;
}

QRectF LayerStackItem::endTagRect() const {
    const double w = std::max(kEndTagWidthMin, QFontMetricsF(chipFont()).horizontalAdvance(m_endText) + 16);
    if (m_section == LayerSection::Stem)
        return QRectF(kPadLeft - 10, kChipTop, w, kChipHeight);
    return QRectF(m_chipsRight + 2 * kChipGap, kChipTop, w, kChipHeight);
}

QRectF LayerStackItem::boundingRect() const { return QRectF(-3, -3, m_width + 6, kItemHeight + 6); }

void LayerStackItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF box(0, 0, m_width, kItemHeight);
    painter->setPen(QPen(m_invalid ? invalidBorder() : QColor(0xc3, 0xca, 0xd5), m_invalid ? 2.0 : 1.2,
                         Qt::SolidLine));
    painter->setBrush(m_invalid ? invalidFill() : QColor(0xfa, 0xfb, 0xfc));
    painter->drawRoundedRect(box, 10, 10);

    // The main path through the chips.
    const QRectF tag = endTagRect();
    painter->setPen(QPen(wireColor(), 1.6));
    if (m_section == LayerSection::Stem)
        painter->drawLine(QPointF(tag.right(), kChipMid), QPointF(m_width, kChipMid));
    else
        painter->drawLine(QPointF(0, kChipMid), QPointF(tag.left(), kChipMid));
    if (m_section == LayerSection::Head)
        paintArrowHead(*painter, tag.left(), kChipMid, 1, 0, wireColor());

    // The input or output tag.
    painter->setPen(QPen(QColor(0x8a, 0x93, 0xa3), 1.1));
    painter->setBrush(QColor(0xee, 0xf0, 0xf3));
    painter->drawRoundedRect(tag, 5, 5);
    if (m_chips.isEmpty()) {
        const QRectF hole(m_chipsLeft, kChipTop, m_chipsRight - m_chipsLeft, kChipHeight);
        painter->setPen(QPen(QColor(0x9a, 0xa3, 0xb2), 1.2, Qt::DashLine));
        painter->setBrush(Qt::white);
        painter->drawRoundedRect(hole, 5, 5);
        if (lod >= 0.45) {
            painter->setFont(chipFont());
            painter->setPen(mutedTextColor());
            painter->drawText(hole, Qt::AlignCenter, QObject::tr("drop layers\nhere"));
        }
    }
    if (lod < 0.45)
        return;
    painter->setFont(chipFont());
    painter->setPen(textColor());
    const QRectF top(tag.left(), tag.top() + 4, tag.width(), tag.height() / 2 - 4);
    const QRectF bottom(tag.left(), tag.center().y(), tag.width(), tag.height() / 2 - 4);
    painter->drawText(top, Qt::AlignCenter, m_section == LayerSection::Stem ? QObject::tr("input") : QObject::tr("output"));
    painter->drawText(bottom, Qt::AlignCenter, m_endText);

    painter->setFont(headerFont());
    painter->setPen(m_invalid ? invalidBorder() : textColor());
    painter->drawText(QPointF(12, kHeaderBaseline), m_section == LayerSection::Stem ? QObject::tr("Stem") : QObject::tr("Head"));

    painter->setFont(footerBoldFont());
    painter->setPen(textColor());
    painter->drawText(QPointF(12, kFooterBaseline), QStringLiteral("→ ") + m_outputShape);
    painter->setFont(footerFont());
    painter->setPen(mutedTextColor());
    painter->drawText(QRectF(0, kFooterBaseline - 13, m_width - 12, 16), Qt::AlignRight | Qt::AlignVCenter,
                      QObject::tr("%1 params").arg(compactCount(m_params)));
}

}  // namespace ui
