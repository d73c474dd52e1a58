// ui/builder/commands/command_ids.h: the merge ids of the undo commands, in one place so two
// command families can never share one by accident [Tiled]. QUndoStack merges a pushed
// command into the previous one only when both return the same id() (-1: never merge).
#pragma once

namespace ui {

enum class MergeId : int {
    ChangeBlockParam = 1,   // typing into one field of the same blocks is one undo step
    ChangeLayerParam,
    ChangeNetworkField,
    ChangeBlockDesign,      // likewise for a block-design field (lambda, b_g, ...)
};

}  // namespace ui
