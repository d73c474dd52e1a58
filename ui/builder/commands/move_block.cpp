#include "ui/builder/commands/move_block.h"

#include "ui/document/network_document.h"

#include <QCoreApplication>

#include <algorithm>

namespace ui {

namespace {

std::vector<core::BlockId> chainOrder(const core::NetworkSpec& spec) {
    std::vector<core::BlockId> order;
    for (const core::BlockSpec& b : spec.blocks)
        order.push_back(b.id);
    return order;
}

}  // namespace

std::vector<core::BlockId> MoveBlocksCommand::reorder(const std::vector<core::BlockId>& order,
                                                      const QList<core::BlockId>& ids, int insertionIndex) {
    std::vector<core::BlockId> moved;
    std::vector<core::BlockId> rest;
    int target = std::clamp(insertionIndex, 0, int(order.size()));
    for (int i = 0; i < int(order.size()); ++i) {
        if (ids.contains(order[std::size_t(i)])) {
            moved.push_back(order[std::size_t(i)]);
            if (i < insertionIndex)
                --target;   // the gap shifts left for every moved block that stood before it
        } else {
            rest.push_back(order[std::size_t(i)]);
        }
    }
    target = std::clamp(target, 0, int(rest.size()));
    rest.insert(rest.begin() + target, moved.begin(), moved.end());
    return rest;
}

MoveBlocksCommand::MoveBlocksCommand(NetworkDocument* document, const QList<core::BlockId>& ids,
                                     int insertionIndex, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_before(chainOrder(document->spec())),
      m_after(reorder(m_before, ids, insertionIndex)) {
    setText(ids.size() == 1 ? QCoreApplication::translate("Undo Commands", "Move block")
                            : QCoreApplication::translate("Undo Commands", "Move %n blocks", nullptr,
                                                          int(ids.size())));
}

// Brings the chain into `order` one moveBlock() at a time: position i is fixed by moving the
// block that belongs there from wherever it is (it is always at i or later), so positions
// 0..i-1 never change again and each block that is already in place emits nothing.
void MoveBlocksCommand::apply(const std::vector<core::BlockId>& order) {
    for (std::size_t i = 0; i < order.size(); ++i)
        if (m_document->spec().blocks[i].id != order[i])
            m_document->moveBlock(order[i], int(i));
}

void MoveBlocksCommand::redo() { apply(m_after); }
void MoveBlocksCommand::undo() { apply(m_before); }

}  // namespace ui
