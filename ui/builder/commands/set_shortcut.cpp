#include "ui/builder/commands/set_shortcut.h"

#include "ui/document/network_document.h"

#include <QCoreApplication>

namespace ui {

QString shortcutChangeText(core::ShortcutKind before, core::ShortcutKind after) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Undo Commands", text); };
    if (after == core::ShortcutKind::None)
        return tr("Remove skip connection");
    if (before == core::ShortcutKind::None)
        return tr("Add skip connection");
    switch (after) {
    case core::ShortcutKind::Identity: return tr("Use identity shortcut");
    case core::ShortcutKind::Projection: return tr("Use projection shortcut");
    case core::ShortcutKind::ZeroPad: return tr("Use zero-padding shortcut");
    case core::ShortcutKind::None: break;
    }
    return tr("Change shortcut");
}

SetShortcutCommand::SetShortcutCommand(NetworkDocument* document, core::BlockId id, core::ShortcutKind shortcut,
                                       QUndoCommand* parent)
    : SetShortcutCommand(document, std::vector<Change>{{id, shortcut}}, QString(), parent) {
    if (!m_changes.empty())
        setText(shortcutChangeText(m_changes.front().before, shortcut));
}

SetShortcutCommand::SetShortcutCommand(NetworkDocument* document, const std::vector<Change>& changes,
                                       const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document) {
    for (const Change& change : changes) {
        const auto index = document->spec().indexOf(change.id);
        if (!index)
            continue;
        const core::ShortcutKind before = document->spec().blocks[*index].shortcut;
        if (before != change.shortcut)
            m_changes.push_back({change.id, before, change.shortcut});
    }
}

void SetShortcutCommand::apply(bool forward) {
    for (const Entry& entry : m_changes) {
        const auto index = m_document->spec().indexOf(entry.id);
        if (!index)
            continue;
        core::BlockSpec block = m_document->spec().blocks[*index];
        block.shortcut = forward ? entry.after : entry.before;
        m_document->replaceBlock(block);
    }
}

void SetShortcutCommand::redo() { apply(true); }
void SetShortcutCommand::undo() { apply(false); }

}  // namespace ui
