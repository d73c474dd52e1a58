// ui/builder/layer_stack_item.h: the stem or the head of the network on the canvas: a box at
// one end of the chain holding its single layers as chips, in the order of spec.stem or
// spec.head. The stem shows the input it receives, the head the classes it produces; both show
// their output shape and parameter count. Palette layers are dropped between its chips.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/document/network_document.h"

#include <QGraphicsItem>
#include <QList>
#include <QString>

#include <set>
#include <vector>

namespace ui {

class LayerChipItem;

class LayerStackItem : public QGraphicsItem {
public:
    enum { Type = UserType + 4 };
    explicit LayerStackItem(LayerSection section);

    LayerSection section() const { return m_section; }
    // Recreates the chips. `endText`: the input ("2" or "1x28x28") for the stem, the classes for
    // the head. `invalidLayers`: indices named by a validation issue. Returns true when the
    // width changed.
    bool setLayers(const std::vector<core::LayerSpec>& layers, const QString& endText, const QString& outputShape,
                   qint64 params, const std::set<int>& invalidLayers, const QString& issuesText);
    const QList<LayerChipItem*>& chips() const { return m_chips; }
    LayerChipItem* chip(int index) const;
    // Where a layer dropped into gap j (0..layers) lands, in item coordinates (x on the chip row).
    std::vector<double> gapXs() const;
    double width() const { return m_width; }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QRectF endTagRect() const;

    LayerSection m_section;
    QList<LayerChipItem*> m_chips;
    QString m_endText;
    QString m_outputShape;
    qint64 m_params = 0;
    bool m_invalid = false;
    std::set<int> m_invalidLayers;
    QString m_issuesText;
    bool m_laidOut = false;
    double m_chipsLeft = 0;
    double m_chipsRight = 0;
    double m_width = 120;
};

}  // namespace ui
