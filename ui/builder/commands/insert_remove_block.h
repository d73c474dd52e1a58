// ui/builder/commands/insert_remove_block.h: undo commands that add a block to the chain or
// take one out. Removal keeps the removed block *by value* with its index, so undo puts back
// exactly the same block (same id, same fields) at exactly the same place.
#pragma once

#include "core/spec/network_spec.h"

#include <QUndoCommand>

namespace ui {

class NetworkDocument;

class InsertBlockCommand : public QUndoCommand {
public:
    // A block with id 0 gets a fresh id on the first redo and keeps it afterwards.
    InsertBlockCommand(NetworkDocument* document, int index, const core::BlockSpec& block,
                       QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    core::BlockId blockId() const { return m_block.id; }

private:
    NetworkDocument* m_document;
    int m_index;
    core::BlockSpec m_block;
};

class RemoveBlockCommand : public QUndoCommand {
public:
    RemoveBlockCommand(NetworkDocument* document, core::BlockId id, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    NetworkDocument* m_document;
    core::BlockId m_id;
    int m_index = -1;           // where the block was when it was removed
    core::BlockSpec m_block;    // the removed block, by value
};

// A short name for a block in undo texts: "residual block", "bottleneck", ...
QString blockKindText(const core::BlockSpec& block);

}  // namespace ui
