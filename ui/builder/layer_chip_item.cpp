#include "ui/builder/layer_chip_item.h"

#include "ui/builder/builder_scene.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ui {

using namespace canvas;

LayerChipItem::LayerChipItem(LayerSection section, int index, const core::LayerSpec& layer, QGraphicsItem* parent)
    : QGraphicsItem(parent), m_section(section), m_index(index), m_layer(layer), m_width(chipWidth(layer.type)) {
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
}

ChipKind LayerChipItem::chipKind(core::LayerType type) {
    switch (type) {
    case core::LayerType::Dense:
    case core::LayerType::Conv: return ChipKind::Weight;
    case core::LayerType::BatchNorm: return ChipKind::Norm;
    case core::LayerType::ReLU:
    case core::LayerType::Tanh:
    case core::LayerType::Sigmoid: return ChipKind::Activation;
    case core::LayerType::GlobalAvgPool:
    case core::LayerType::Flatten: return ChipKind::Pool;
    }
    return ChipKind::Weight;
}

double LayerChipItem::chipWidth(core::LayerType type) {
    switch (chipKind(type)) {
    case ChipKind::Weight: return kWeightChipWidth;
    case ChipKind::Norm: return kNormChipWidth;
    case ChipKind::Activation: return kActChipWidth;
    default: return type == core::LayerType::Flatten ? 52 : 44;
    }
}

std::pair<QString, QString> LayerChipItem::chipText(const core::LayerSpec& layer) {
    switch (layer.type) {
    case core::LayerType::Dense: return {QStringLiteral("dense"), QString::number(layer.units)};
    case core::LayerType::Conv:
        return {QStringLiteral("conv %1x%1").arg(layer.kernel),
                layer.stride > 1 ? QStringLiteral("%1, /%2").arg(layer.units).arg(layer.stride)
                                 : QString::number(layer.units)};
    case core::LayerType::BatchNorm: return {QStringLiteral("BN"), {}};
    case core::LayerType::ReLU: return {QStringLiteral("ReLU"), {}};
    case core::LayerType::Tanh: return {QStringLiteral("tanh"), {}};
    case core::LayerType::Sigmoid: return {QStringLiteral("σ"), {}};
    case core::LayerType::GlobalAvgPool: return {QStringLiteral("avg"), QStringLiteral("pool")};
    case core::LayerType::Flatten: return {QStringLiteral("flatten"), {}};
    }
    return {};
}

void LayerChipItem::setLayer(const core::LayerSpec& layer) {
    if (layer == m_layer)
        return;
    const double width = chipWidth(layer.type);
    if (width != m_width) {
        prepareGeometryChange();
        m_width = width;
    }
    m_layer = layer;
    update();
}

void LayerChipItem::setInvalid(bool invalid) {
    if (invalid != m_invalid) {
        m_invalid = invalid;
        update();
    }
}

QRectF LayerChipItem::boundingRect() const { return QRectF(-2, -2, m_width + 4, kChipHeight + 4); }

void LayerChipItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const auto [a, b] = chipText(m_layer);
    paintChip(*painter, QRectF(0, 0, m_width, kChipHeight), chipKind(m_layer.type), a, b,
              option->levelOfDetailFromTransform(painter->worldTransform()), isSelected(), m_invalid);
}

void LayerChipItem::contextMenuEvent(QGraphicsSceneContextMenuEvent* event) {
    if (auto* builder = dynamic_cast<BuilderScene*>(scene()))
        builder->showLayerMenu(this, event);
}

QVariant LayerChipItem::itemChange(GraphicsItemChange change, const QVariant& value) {
    if (change == ItemSelectedHasChanged)
        update();
    return QGraphicsItem::itemChange(change, value);
}

}  // namespace ui
