// ui/workspace/zero_branch_command.h: "Zero the branch" as an undoable step on the document's
// undo stack. Redo asks the training worker to zero the branch of one residual block of the
// trained network (core::zeroBranchDemo) and to measure max |a[l+2] - a[l]|; undo asks it to
// put the saved weights back (core::restoreBranch). The spec does not change: the weights
// live in the worker, so the command names the training session it belongs to, and says so
// when that session is gone.
#pragma once

#include "core/spec/network_spec.h"

#include <QPointer>
#include <QUndoCommand>

namespace ui {

class TrainingWorkspace;

class ZeroBranchCommand : public QUndoCommand {
public:
    ZeroBranchCommand(TrainingWorkspace* workspace, core::BlockId id, int blockIndex, int session);
    void redo() override;
    void undo() override;

private:
    QPointer<TrainingWorkspace> m_workspace;
    core::BlockId m_id;
    int m_block;
    int m_session;
};

}  // namespace ui
