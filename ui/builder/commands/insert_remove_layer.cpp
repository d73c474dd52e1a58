#include "ui/builder/commands/insert_remove_layer.h"

#include <QCoreApplication>

namespace ui {

namespace {

QString sectionText(LayerSection section) {
    return section == LayerSection::Stem ? QCoreApplication::translate("Undo Commands", "stem")
                                         : QCoreApplication::translate("Undo Commands", "head");
}

}  // namespace

QString layerTypeText(core::LayerType type) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Undo Commands", text); };
    switch (type) {
    case core::LayerType::Dense: return tr("dense layer");
    case core::LayerType::Conv: return tr("conv layer");
    case core::LayerType::BatchNorm: return tr("batch norm");
    case core::LayerType::ReLU: return tr("ReLU");
    case core::LayerType::Tanh: return tr("tanh");
    case core::LayerType::Sigmoid: return tr("sigmoid");
    case core::LayerType::GlobalAvgPool: return tr("global average pooling");
    case core::LayerType::Flatten: return tr("flatten");
    }
    return tr("layer");
}

InsertLayerCommand::InsertLayerCommand(NetworkDocument* document, LayerSection section, int index,
                                       const core::LayerSpec& layer, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_section(section), m_index(index), m_layer(layer) {
    setText(QCoreApplication::translate("Undo Commands", "Insert %1 into the %2")
                .arg(layerTypeText(layer.type), sectionText(section)));
}

void InsertLayerCommand::redo() {
    m_index = std::clamp(m_index, 0, int(m_document->layers(m_section).size()));
    m_document->insertLayer(m_section, m_index, m_layer);
}

void InsertLayerCommand::undo() { m_document->removeLayer(m_section, m_index); }

RemoveLayerCommand::RemoveLayerCommand(NetworkDocument* document, LayerSection section, int index,
                                       QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_section(section), m_index(index) {
    const auto& layers = document->layers(section);
    if (index >= 0 && index < int(layers.size()))
        m_layer = layers[std::size_t(index)];
    setText(QCoreApplication::translate("Undo Commands", "Delete %1 from the %2")
                .arg(layerTypeText(m_layer.type), sectionText(section)));
}

void RemoveLayerCommand::redo() {
    m_layer = m_document->layers(m_section)[std::size_t(m_index)];
    m_document->removeLayer(m_section, m_index);
}

void RemoveLayerCommand::undo() { m_document->insertLayer(m_section, m_index, m_layer); }

}  // namespace ui
