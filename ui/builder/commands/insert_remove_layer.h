// ui/builder/commands/insert_remove_layer.h: undo commands that add a single layer (dense,
// conv, BN, ReLU, pooling, ...) to the stem or the head, or take one out. Removal keeps the
// layer by value so undo restores it exactly.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/document/network_document.h"

#include <QUndoCommand>

namespace ui {

class InsertLayerCommand : public QUndoCommand {
public:
    InsertLayerCommand(NetworkDocument* document, LayerSection section, int index, const core::LayerSpec& layer,
                       QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    NetworkDocument* m_document;
    LayerSection m_section;
    int m_index;
    core::LayerSpec m_layer;
};

class RemoveLayerCommand : public QUndoCommand {
public:
    RemoveLayerCommand(NetworkDocument* document, LayerSection section, int index, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    NetworkDocument* m_document;
    LayerSection m_section;
    int m_index;
    core::LayerSpec m_layer;   // the removed layer, by value
};

// "dense layer", "batch norm", ... for undo texts.
QString layerTypeText(core::LayerType type);

}  // namespace ui
