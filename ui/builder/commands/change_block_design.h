// ui/builder/commands/change_block_design.h: undo command that sets one block-design field of
// one or more blocks (He et al. 2016's activation placement and shortcut variant with its
// lambda, b_g or dropout rate; the residual scale of ReZero, SkipInit or Fixup with SkipInit's
// initial alpha), as the properties panel does; edits of the same field merge
// (ReplaceBlocksCommand).
#pragma once

#include "ui/builder/commands/replace_blocks.h"

namespace ui {

enum class DesignField { Placement, ShortcutVariant, ShortcutScale, ScaleBranch, GateBias, DropoutRate,
                         ResidualScale, AlphaInit };

// The block with `field` set to `value` (enums: their int value; ScaleBranch: 0/1).
core::BlockSpec withDesignField(core::BlockSpec block, DesignField field, double value);
double designField(const core::BlockSpec& block, DesignField field);

class ChangeBlockDesignCommand : public ReplaceBlocksCommand {
public:
    ChangeBlockDesignCommand(NetworkDocument* document, const QList<core::BlockId>& ids, DesignField field,
                             double value, QUndoCommand* parent = nullptr);
};

}  // namespace ui
