// ui/builder/commands/change_block_design.h: undo command that sets one block-design field of
// one or more blocks (He et al. 2016's activation placement and shortcut variant with its
// lambda, b_g or dropout rate; the residual scale of ReZero, SkipInit or Fixup with SkipInit's
// initial alpha), as the properties panel does. Consecutive edits of the same field of the same
// blocks merge into one undo step.
#pragma once

#include "core/spec/network_spec.h"

#include <QList>
#include <QUndoCommand>

#include <vector>

namespace ui {

class NetworkDocument;

enum class DesignField { Placement, ShortcutVariant, ShortcutScale, ScaleBranch, GateBias, DropoutRate,
                         ResidualScale, AlphaInit };

// The block with `field` set to `value` (enums: their int value; ScaleBranch: 0/1).
core::BlockSpec withDesignField(core::BlockSpec block, DesignField field, double value);
double designField(const core::BlockSpec& block, DesignField field);

class ChangeBlockDesignCommand : public QUndoCommand {
public:
    ChangeBlockDesignCommand(NetworkDocument* document, const QList<core::BlockId>& ids, DesignField field,
                             double value, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;
    bool changesAnything() const;

private:
    NetworkDocument* m_document;
    DesignField m_field;
    std::vector<core::BlockSpec> m_before;
    std::vector<core::BlockSpec> m_after;
};

}  // namespace ui
