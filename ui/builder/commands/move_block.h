// ui/builder/commands/move_block.h: undo command that moves one or more blocks to a new place
// in the chain (a drag inside the canvas). The moved blocks keep their relative order and land
// together at the insertion point; undo restores the previous order of the whole chain.
#pragma once

#include "core/spec/network_spec.h"

#include <QList>
#include <QUndoCommand>

#include <vector>

namespace ui {

class NetworkDocument;

class MoveBlocksCommand : public QUndoCommand {
public:
    // insertionIndex is a gap of the current chain: 0 = before the first block,
    // blocks.size() = after the last one.
    MoveBlocksCommand(NetworkDocument* document, const QList<core::BlockId>& ids, int insertionIndex,
                      QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    // False when the move leaves the chain as it is (nothing to push).
    bool changesOrder() const { return m_before != m_after; }

    // The chain order after moving `ids` to `insertionIndex` (exposed for tests and previews).
    static std::vector<core::BlockId> reorder(const std::vector<core::BlockId>& order,
                                              const QList<core::BlockId>& ids, int insertionIndex);

private:
    void apply(const std::vector<core::BlockId>& order);

    NetworkDocument* m_document;
    std::vector<core::BlockId> m_before;
    std::vector<core::BlockId> m_after;
};

}  // namespace ui
