#include "ui/builder/commands/replace_blocks.h"

#include "ui/document/network_document.h"

#include <QCoreApplication>

namespace ui {

ReplaceBlocksCommand::ReplaceBlocksCommand(NetworkDocument* document, const QList<core::BlockId>& ids,
                                           const Edit& edit, const QString& fieldName, int mergeId, int field,
                                           QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_mergeId(mergeId), m_field(field) {
    for (core::BlockId id : ids) {
        if (const auto index = document->spec().indexOf(id)) {
            m_before.push_back(document->spec().blocks[*index]);
            m_after.push_back(edit(m_before.back()));
        }
    }
    setText(m_before.size() == 1
                ? QCoreApplication::translate("Undo Commands", "Change %1").arg(fieldName)
                : QCoreApplication::translate("Undo Commands", "Change %1 of %n blocks", nullptr,
                                              int(m_before.size()))
                      .arg(fieldName));
}

void ReplaceBlocksCommand::redo() {
    for (const core::BlockSpec& block : m_after)
        m_document->replaceBlock(block);
}

void ReplaceBlocksCommand::undo() {
    for (const core::BlockSpec& block : m_before)
        m_document->replaceBlock(block);
}

bool ReplaceBlocksCommand::mergeWith(const QUndoCommand* other) {
    // The stack only offers commands of the same id(), so `other` is one of these.
    const auto* next = static_cast<const ReplaceBlocksCommand*>(other);
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
