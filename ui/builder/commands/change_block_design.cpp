#include "ui/builder/commands/change_block_design.h"

#include "ui/builder/commands/command_ids.h"
#include "ui/document/network_document.h"

#include <QCoreApplication>

namespace ui {

namespace {

QString fieldText(DesignField field) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Undo Commands", text); };
    switch (field) {
    case DesignField::Placement: return tr("activation placement");
    case DesignField::ShortcutVariant: return tr("shortcut variant");
    case DesignField::ShortcutScale: return tr("shortcut scale");
    case DesignField::ScaleBranch: return tr("branch scaling");
    case DesignField::GateBias: return tr("gate bias");
    case DesignField::DropoutRate: return tr("dropout rate");
    case DesignField::ResidualScale: return tr("identity at initialisation");
    case DesignField::AlphaInit: return tr("initial alpha");
    }
    return {};
}

}  // namespace

core::BlockSpec withDesignField(core::BlockSpec block, DesignField field, double value) {
    core::BlockDesign& d = block.design;
    switch (field) {
    case DesignField::Placement: d.placement = core::Placement(int(value)); break;
    case DesignField::ShortcutVariant: d.shortcutVariant = core::ShortcutVariant(int(value)); break;
    case DesignField::ShortcutScale: d.shortcutScale = value; break;
    case DesignField::ScaleBranch: d.scaleBranch = value != 0.0; break;
    case DesignField::GateBias: d.gateBias = value; break;
    case DesignField::DropoutRate: d.dropoutRate = value; break;
    case DesignField::ResidualScale: d.residualScale = core::ResidualScale(int(value)); break;
    case DesignField::AlphaInit: d.alphaInit = value; break;
    }
    return block;
}

double designField(const core::BlockSpec& block, DesignField field) {
    const core::BlockDesign& d = block.design;
    switch (field) {
    case DesignField::Placement: return int(d.placement);
    case DesignField::ShortcutVariant: return int(d.shortcutVariant);
    case DesignField::ShortcutScale: return d.shortcutScale;
    case DesignField::ScaleBranch: return d.scaleBranch ? 1.0 : 0.0;
    case DesignField::GateBias: return d.gateBias;
    case DesignField::DropoutRate: return d.dropoutRate;
    case DesignField::ResidualScale: return int(d.residualScale);
    case DesignField::AlphaInit: return d.alphaInit;
    }
    return 0.0;
}

ChangeBlockDesignCommand::ChangeBlockDesignCommand(NetworkDocument* document, const QList<core::BlockId>& ids,
                                                   DesignField field, double value, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_field(field) {
    for (core::BlockId id : ids) {
        if (const auto index = document->spec().indexOf(id)) {
            m_before.push_back(document->spec().blocks[*index]);
            m_after.push_back(withDesignField(m_before.back(), field, value));
        }
    }
    setText(m_before.size() == 1
                ? QCoreApplication::translate("Undo Commands", "Change %1").arg(fieldText(field))
                : QCoreApplication::translate("Undo Commands", "Change %1 of %n blocks", nullptr,
                                              int(m_before.size()))
                      .arg(fieldText(field)));
}

void ChangeBlockDesignCommand::redo() {
    for (const core::BlockSpec& block : m_after)
        m_document->replaceBlock(block);
}

void ChangeBlockDesignCommand::undo() {
    for (const core::BlockSpec& block : m_before)
        m_document->replaceBlock(block);
}

int ChangeBlockDesignCommand::id() const { return int(MergeId::ChangeBlockDesign); }

bool ChangeBlockDesignCommand::changesAnything() const { return m_before != m_after; }

bool ChangeBlockDesignCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const ChangeBlockDesignCommand*>(other);
    if (next->m_field != m_field || next->m_before.size() != m_after.size())
        return false;
    for (std::size_t i = 0; i < m_after.size(); ++i)
        if (next->m_before[i].id != m_after[i].id)
            return false;
    m_after = next->m_after;
    setObsolete(!changesAnything());
    return true;
}

}  // namespace ui
