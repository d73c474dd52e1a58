#include "ui/builder/commands/change_network.h"

#include "ui/builder/commands/command_ids.h"
#include "ui/document/network_document.h"

#include <QCoreApplication>

namespace ui {

core::NetworkSpec withNetworkField(core::NetworkSpec spec, NetworkField field, const QVariant& value) {
    switch (field) {
    case NetworkField::Name: spec.name = value.toString().toStdString(); break;
    case NetworkField::InputKind: {
        const auto kind = core::InputKind(value.toInt());
        if (kind != spec.input.kind)
            spec.input = kind == core::InputKind::Points ? core::InputSpec{core::InputKind::Points, 2, 1, 1}
                                                         : core::InputSpec{core::InputKind::Image, 1, 28, 28};
        break;
    }
    case NetworkField::InputChannels: spec.input.channels = value.toInt(); break;
    case NetworkField::InputHeight: spec.input.height = value.toInt(); break;
    case NetworkField::InputWidth: spec.input.width = value.toInt(); break;
    case NetworkField::Classes: spec.classes = value.toInt(); break;
    }
    return spec;
}

ChangeNetworkCommand::ChangeNetworkCommand(NetworkDocument* document, NetworkField field, const QVariant& value,
                                           QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_field(field), m_before(document->spec()),
      m_after(withNetworkField(document->spec(), field, value)) {
    auto tr = [](const char* text) { return QCoreApplication::translate("Undo Commands", text); };
    switch (field) {
    case NetworkField::Name: setText(tr("Rename network")); break;
    case NetworkField::InputKind: setText(tr("Change input kind")); break;
    case NetworkField::InputChannels:
    case NetworkField::InputHeight:
    case NetworkField::InputWidth: setText(tr("Change input size")); break;
    case NetworkField::Classes: setText(tr("Change number of classes")); break;
    }
}

void ChangeNetworkCommand::redo() { m_document->replaceSpec(m_after); }
void ChangeNetworkCommand::undo() { m_document->replaceSpec(m_before); }

int ChangeNetworkCommand::id() const { return int(MergeId::ChangeNetworkField); }

bool ChangeNetworkCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const ChangeNetworkCommand*>(other);
    if (next->m_field != m_field)
        return false;
    m_after = next->m_after;
    setObsolete(!changesAnything());
    return true;
}

}  // namespace ui
