// ui/builder/layer_chip_item.h: one single layer of the stem or the head (dense, conv, BN, an
// activation, pooling, flatten) as a selectable chip inside its LayerStackItem. Selecting it
// shows the layer's fields in the properties panel; Delete removes it (through a command).
#pragma once

#include "core/spec/network_spec.h"
#include "ui/builder/builder_style.h"
#include "ui/document/network_document.h"

#include <QGraphicsItem>

namespace ui {

class LayerChipItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };
    LayerChipItem(LayerSection section, int index, const core::LayerSpec& layer, QGraphicsItem* parent);

    LayerSection section() const { return m_section; }
    int index() const { return m_index; }
    double width() const { return m_width; }
    const core::LayerSpec& layer() const { return m_layer; }
    void setLayer(const core::LayerSpec& layer);
    void setInvalid(bool invalid);

    // How a layer is drawn: its chip kind, two lines of text and the chip's width.
    static canvas::ChipKind chipKind(core::LayerType type);
    static double chipWidth(core::LayerType type);
    static std::pair<QString, QString> chipText(const core::LayerSpec& layer);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    LayerSection m_section;
    int m_index;
    core::LayerSpec m_layer;
    double m_width;
    bool m_invalid = false;
};

}  // namespace ui
