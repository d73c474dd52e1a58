#include "ui/builder/commands/change_block_param.h"

#include "ui/builder/commands/command_ids.h"
#include "ui/document/network_document.h"

#include <QCoreApplication>

namespace ui {

namespace {

QString fieldText(BlockField field) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Undo Commands", text); };
    switch (field) {
    case BlockField::Width: return tr("width");
    case BlockField::BottleneckWidth: return tr("bottleneck width");
    case BlockField::Kernel: return tr("kernel");
    case BlockField::Stride: return tr("stride");
    case BlockField::Span: return tr("layers in the branch");
    case BlockField::Activation: return tr("activation");
    case BlockField::BatchNorm: return tr("batch norm");
    }
    return {};
}

}  // namespace

core::BlockSpec withBlockField(core::BlockSpec block, BlockField field, int value) {
    switch (field) {
    case BlockField::Width: block.width = value; break;
    case BlockField::BottleneckWidth: block.bottleneckWidth = value; break;
    case BlockField::Kernel: block.kernel = value; break;
    case BlockField::Stride: block.stride = value; break;
    case BlockField::Span: block.span = value; break;
    case BlockField::Activation: block.activation = core::Activation(value); break;
    case BlockField::BatchNorm: block.batchNorm = value != 0; break;
    }
    return block;
}

int blockField(const core::BlockSpec& block, BlockField field) {
    switch (field) {
    case BlockField::Width: return block.width;
    case BlockField::BottleneckWidth: return block.bottleneckWidth;
    case BlockField::Kernel: return block.kernel;
    case BlockField::Stride: return block.stride;
    case BlockField::Span: return block.span;
    case BlockField::Activation: return int(block.activation);
    case BlockField::BatchNorm: return block.batchNorm ? 1 : 0;
    }
    return 0;
}

ChangeBlockParamCommand::ChangeBlockParamCommand(NetworkDocument* document, const QList<core::BlockId>& ids,
                                                 BlockField field, int value, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_field(field) {
    for (core::BlockId id : ids) {
        if (const auto index = document->spec().indexOf(id)) {
            m_before.push_back(document->spec().blocks[*index]);
            m_after.push_back(withBlockField(m_before.back(), field, value));
        }
    }
    setText(m_before.size() == 1
                ? QCoreApplication::translate("Undo Commands", "Change %1").arg(fieldText(field))
                : QCoreApplication::translate("Undo Commands", "Change %1 of %n blocks", nullptr,
                                              int(m_before.size()))
                      .arg(fieldText(field)));
}

void ChangeBlockParamCommand::redo() {
    for (const core::BlockSpec& block : m_after)
        m_document->replaceBlock(block);
}

void ChangeBlockParamCommand::undo() {
    for (const core::BlockSpec& block : m_before)
        m_document->replaceBlock(block);
}

int ChangeBlockParamCommand::id() const { return int(MergeId::ChangeBlockParam); }

bool ChangeBlockParamCommand::changesAnything() const { return m_before != m_after; }

bool ChangeBlockParamCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const ChangeBlockParamCommand*>(other);
    if (next->m_field != m_field || next->m_before.size() != m_after.size())
        return false;
    for (std::size_t i = 0; i < m_after.size(); ++i)
        if (next->m_before[i].id != m_after[i].id)
            return false;
    m_after = next->m_after;
    setObsolete(!changesAnything());   // typed back to the old value: no step at all
    return true;
}

}  // namespace ui
