// ui/builder/commands/change_block_param.h: undo command that sets one field (width, kernel,
// stride, span, activation, batch norm, ...) of one or more blocks, as the properties panel
// does. Consecutive edits of the same field of the same blocks merge into one undo step, so
// typing "128" into the width box is one step, not three.
#pragma once

#include "core/spec/network_spec.h"

#include <QList>
#include <QUndoCommand>

#include <vector>

namespace ui {

class NetworkDocument;

enum class BlockField { Width, BottleneckWidth, Kernel, Stride, Span, Activation, BatchNorm };

// The block with `field` set to `value` (Activation: int(core::Activation); BatchNorm: 0/1).
core::BlockSpec withBlockField(core::BlockSpec block, BlockField field, int value);
int blockField(const core::BlockSpec& block, BlockField field);

class ChangeBlockParamCommand : public QUndoCommand {
public:
    ChangeBlockParamCommand(NetworkDocument* document, const QList<core::BlockId>& ids, BlockField field,
                            int value, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;
    bool changesAnything() const;

private:
    NetworkDocument* m_document;
    BlockField m_field;
    std::vector<core::BlockSpec> m_before;
    std::vector<core::BlockSpec> m_after;
};

}  // namespace ui
