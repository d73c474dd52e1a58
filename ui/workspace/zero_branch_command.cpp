#include "ui/workspace/zero_branch_command.h"

#include "ui/workspace/training_workspace.h"

namespace ui {

ZeroBranchCommand::ZeroBranchCommand(TrainingWorkspace* workspace, core::BlockId id, int blockIndex, int session)
    : QUndoCommand(QObject::tr("Zero the branch of block %1").arg(blockIndex)), m_workspace(workspace), m_id(id),
      m_block(blockIndex), m_session(session) {}

void ZeroBranchCommand::redo() {
    if (m_workspace)
        m_workspace->applyBranchChange(m_id, m_block, m_session, true);
}

void ZeroBranchCommand::undo() {
    if (m_workspace)
        m_workspace->applyBranchChange(m_id, m_block, m_session, false);
}

}  // namespace ui
