// ui/builder/commands/replace_blocks.h: the undo command under every edit of a block's fields
// (ChangeBlockParamCommand, ChangeBlockDesignCommand): it replaces one or more blocks by edited
// copies, and back. Consecutive edits of the same field of the same blocks merge into one undo
// step, so typing "128" into the width box is one step, not three, and typing back to the old
// value leaves no step at all.
#pragma once

#include "core/spec/network_spec.h"

#include <QList>
#include <QUndoCommand>

#include <functional>
#include <vector>

namespace ui {

class NetworkDocument;

class ReplaceBlocksCommand : public QUndoCommand {
public:
    using Edit = std::function<core::BlockSpec(core::BlockSpec)>;

    // Edits each block of `ids` still in the document with `edit`. `fieldName` names the field
    // in the undo text ("Change width of 3 blocks"); commands of the same `mergeId` and `field`
    // merge.
    ReplaceBlocksCommand(NetworkDocument* document, const QList<core::BlockId>& ids, const Edit& edit,
                         const QString& fieldName, int mergeId, int field, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand* other) override;
    bool changesAnything() const { return m_before != m_after; }

private:
    NetworkDocument* m_document;
    int m_mergeId;
    int m_field;
    std::vector<core::BlockSpec> m_before;
    std::vector<core::BlockSpec> m_after;
};

}  // namespace ui
