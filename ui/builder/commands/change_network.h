// ui/builder/commands/change_network.h: undo command that sets a network-wide field: the
// name, the input (points or images, features or channels, height, width) or the number of
// classes. These change every shape, so the command swaps whole specs (before/after) and the
// views rebuild. Consecutive edits of the same field merge into one undo step.
#pragma once

#include "core/spec/network_spec.h"

#include <QUndoCommand>
#include <QVariant>

namespace ui {

class NetworkDocument;

enum class NetworkField { Name, InputKind, InputChannels, InputHeight, InputWidth, Classes };

// The spec with `field` set (Name: QString; InputKind: int(core::InputKind); others: int).
// Switching the input kind sets sensible sizes: 2 features, or 1x28x28 images.
core::NetworkSpec withNetworkField(core::NetworkSpec spec, NetworkField field, const QVariant& value);

class ChangeNetworkCommand : public QUndoCommand {
public:
    ChangeNetworkCommand(NetworkDocument* document, NetworkField field, const QVariant& value,
                         QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;
    bool changesAnything() const { return m_before != m_after; }

private:
    NetworkDocument* m_document;
    NetworkField m_field;
    core::NetworkSpec m_before;
    core::NetworkSpec m_after;
};

}  // namespace ui
