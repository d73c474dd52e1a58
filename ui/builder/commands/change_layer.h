// ui/builder/commands/change_layer.h: undo command that sets one field (units, kernel,
// stride, padding, bias) of a stem or head layer. Consecutive edits of the same field of the
// same layer merge into one undo step.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/document/network_document.h"

#include <QUndoCommand>

namespace ui {

enum class LayerField { Units, Kernel, Stride, Padding, Bias };

core::LayerSpec withLayerField(core::LayerSpec layer, LayerField field, int value);
int layerField(const core::LayerSpec& layer, LayerField field);

class ChangeLayerParamCommand : public QUndoCommand {
public:
    ChangeLayerParamCommand(NetworkDocument* document, LayerSection section, int index, LayerField field,
                            int value, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;
    bool changesAnything() const { return m_before != m_after; }

private:
    NetworkDocument* m_document;
    LayerSection m_section;
    int m_index;
    LayerField m_field;
    core::LayerSpec m_before;
    core::LayerSpec m_after;
};

}  // namespace ui
