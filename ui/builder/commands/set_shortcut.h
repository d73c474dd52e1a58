// ui/builder/commands/set_shortcut.h: undo command that sets the shortcut of one or more
// blocks: the skip toggle (None <-> identity/projection), the one-click fix of a mismatch
// (projection or zero-padding), and "make every block plain / residual" as one undo step.
#pragma once

#include "core/spec/network_spec.h"

#include <QUndoCommand>

#include <vector>

namespace ui {

class NetworkDocument;

class SetShortcutCommand : public QUndoCommand {
public:
    struct Change {
        core::BlockId id;
        core::ShortcutKind shortcut;
    };
    SetShortcutCommand(NetworkDocument* document, core::BlockId id, core::ShortcutKind shortcut,
                       QUndoCommand* parent = nullptr);
    // Blocks that already have the requested shortcut are left out.
    SetShortcutCommand(NetworkDocument* document, const std::vector<Change>& changes, const QString& text,
                       QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    // False when every block already has its shortcut (nothing to push).
    bool changesAnything() const { return !m_changes.empty(); }

private:
    struct Entry {
        core::BlockId id;
        core::ShortcutKind before;
        core::ShortcutKind after;
    };
    void apply(bool forward);

    NetworkDocument* m_document;
    std::vector<Entry> m_changes;
};

// "Add skip", "Remove skip", "Use projection shortcut", ...
QString shortcutChangeText(core::ShortcutKind before, core::ShortcutKind after);

}  // namespace ui
