#include "ui/builder/commands/change_block_design.h"

#include "ui/builder/commands/command_ids.h"

#include <QCoreApplication>

#include <utility>

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
    : ReplaceBlocksCommand(
          document, ids,
          [field, value](core::BlockSpec block) { return withDesignField(std::move(block), field, value); },
          fieldText(field), int(MergeId::ChangeBlockDesign), int(field), parent) {}

}  // namespace ui
