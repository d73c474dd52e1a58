#include "ui/builder/commands/change_layer.h"

#include "ui/builder/commands/command_ids.h"

#include <QCoreApplication>

namespace ui {

core::LayerSpec withLayerField(core::LayerSpec layer, LayerField field, int value) {
    switch (field) {
    case LayerField::Units: layer.units = value; break;
    case LayerField::Kernel: layer.kernel = value; break;
    case LayerField::Stride: layer.stride = value; break;
    case LayerField::Padding: layer.padding = value; break;
    case LayerField::Bias: layer.bias = value != 0; break;
    }
    return layer;
}

int layerField(const core::LayerSpec& layer, LayerField field) {
    switch (field) {
    case LayerField::Units: return layer.units;
    case LayerField::Kernel: return layer.kernel;
    case LayerField::Stride: return layer.stride;
    case LayerField::Padding: return layer.padding;
    case LayerField::Bias: return layer.bias ? 1 : 0;
    }
    return 0;
}

ChangeLayerParamCommand::ChangeLayerParamCommand(NetworkDocument* document, LayerSection section, int index,
                                                 LayerField field, int value, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_section(section), m_index(index), m_field(field) {
    const auto& layers = document->layers(section);
    if (index >= 0 && index < int(layers.size()))
        m_before = layers[std::size_t(index)];
    m_after = withLayerField(m_before, field, value);
    setText(section == LayerSection::Stem ? QCoreApplication::translate("Undo Commands", "Change stem layer")
                                          : QCoreApplication::translate("Undo Commands", "Change head layer"));
}

void ChangeLayerParamCommand::redo() { m_document->replaceLayer(m_section, m_index, m_after); }
void ChangeLayerParamCommand::undo() { m_document->replaceLayer(m_section, m_index, m_before); }

int ChangeLayerParamCommand::id() const { return int(MergeId::ChangeLayerParam); }

bool ChangeLayerParamCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const ChangeLayerParamCommand*>(other);
    if (next->m_section != m_section || next->m_index != m_index || next->m_field != m_field)
        return false;
    m_after = next->m_after;
    setObsolete(!changesAnything());
    return true;
}

}  // namespace ui
