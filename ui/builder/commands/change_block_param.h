// ui/builder/commands/change_block_param.h: undo command that sets one field (width, kernel,
// stride, span, activation, batch norm, ...) of one or more blocks, as the properties panel
// does; edits of the same field merge (ReplaceBlocksCommand).
#pragma once

#include "ui/builder/commands/replace_blocks.h"

namespace ui {

enum class BlockField { Width, BottleneckWidth, Kernel, Stride, Span, Activation, BatchNorm };

// The block with `field` set to `value` (Activation: int(core::Activation); BatchNorm: 0/1).
core::BlockSpec withBlockField(core::BlockSpec block, BlockField field, int value);
int blockField(const core::BlockSpec& block, BlockField field);

class ChangeBlockParamCommand : public ReplaceBlocksCommand {
public:
    ChangeBlockParamCommand(NetworkDocument* document, const QList<core::BlockId>& ids, BlockField field,
                            int value, QUndoCommand* parent = nullptr);
};

}  // namespace ui
