#include "ui/builder/commands/insert_remove_block.h"

#include "ui/document/network_document.h"

#include <QCoreApplication>

namespace ui {

QString blockKindText(const core::BlockSpec& block) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Undo Commands", text); };
    if (block.kind == core::BlockKind::Bottleneck)
        return block.residual() ? tr("bottleneck block") : tr("plain bottleneck");
    switch (block.shortcut) {
    case core::ShortcutKind::None: return tr("plain block");
    case core::ShortcutKind::Identity: return tr("residual block");
    case core::ShortcutKind::Projection: return tr("convolution block");
    case core::ShortcutKind::ZeroPad: return tr("zero-padding block");
    }
    return tr("block");
}

InsertBlockCommand::InsertBlockCommand(NetworkDocument* document, int index, const core::BlockSpec& block,
                                       QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_index(index), m_block(block) {
    setText(QCoreApplication::translate("Undo Commands", "Insert %1").arg(blockKindText(block)));
}

void InsertBlockCommand::redo() {
    if (m_block.id == 0 || m_document->spec().indexOf(m_block.id))
        m_block.id = m_document->spec().nextBlockId();
    m_document->insertBlock(m_index, m_block);
}

void InsertBlockCommand::undo() { m_document->removeBlock(m_block.id); }

RemoveBlockCommand::RemoveBlockCommand(NetworkDocument* document, core::BlockId id, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_id(id) {
    if (const auto index = document->spec().indexOf(id))
        setText(QCoreApplication::translate("Undo Commands", "Delete %1")
                    .arg(blockKindText(document->spec().blocks[*index])));
}

void RemoveBlockCommand::redo() {
    const auto index = m_document->spec().indexOf(m_id);
    if (!index)
        return;
    m_index = int(*index);
    m_block = m_document->spec().blocks[*index];
    m_document->removeBlock(m_id);
}

void RemoveBlockCommand::undo() {
    if (m_index >= 0)
        m_document->insertBlock(m_index, m_block);
}

}  // namespace ui
