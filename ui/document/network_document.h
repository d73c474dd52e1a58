// ui/document/network_document.h: the open network. It owns the spec (the model), the
// QUndoStack every edit goes through, the file it came from and whether it has unsaved
// changes. Views (the builder scene, the properties panel, the training panel) read the spec
// and react to the signals; they never change the spec directly but push commands
// (ui/builder/commands/*) whose redo/undo call the mutators below.
#pragma once

#include "core/spec/network_spec.h"
#include "core/spec/spec_analysis.h"

#include <QObject>
#include <QString>

class QUndoStack;

namespace ui {

// The two runs of single layers around the chain of blocks.
enum class LayerSection { Stem, Head };

// One single layer of the stem or the head.
struct LayerRef {
    LayerSection section = LayerSection::Stem;
    int index = 0;
    bool operator==(const LayerRef&) const = default;
};

class NetworkDocument : public QObject {
    Q_OBJECT
public:
    explicit NetworkDocument(QObject* parent = nullptr);
    ~NetworkDocument() override;

    const core::NetworkSpec& spec() const { return m_spec; }
    // Shapes, parameter counts, FLOPs and validation issues of the current spec, recomputed
    // after every change.
    const core::SpecAnalysis& analysis() const { return m_analysis; }
    QUndoStack* undoStack() const { return m_undoStack; }
    // True when the spec can be built (no validation issues): training needs it.
    bool isValid() const { return m_analysis.valid(); }

    QString filePath() const { return m_filePath; }
    // The name for the window title: the file's name, or the spec's name when unsaved.
    QString displayName() const;
    // The spec differs from the one last loaded, reset or saved. Undoable actions that do not
    // change the spec (zeroing a trained branch) leave it alone, and editing back to the saved
    // network clears it.
    bool isModified() const { return m_modified; }

    // Replaces the whole document (New, New from preset, Open): clears the undo stack and
    // marks it unmodified. Emits specReset().
    void reset(const core::NetworkSpec& spec, const QString& filePath = {});
    // Open: reads and validates a spec file. On failure returns false with the core's message
    // in *error and leaves the document exactly as it was.
    bool load(const QString& path, QString* error);
    // Save atomically (QSaveFile); marks the undo stack clean. On failure returns false with
    // a message naming the file and leaves the document modified.
    bool save(const QString& path, QString* error);

    // Mutators, called by undo commands only. Each emits its signal and changed().
    void insertBlock(int index, const core::BlockSpec& block);
    void removeBlock(core::BlockId id);
    void moveBlock(core::BlockId id, int newIndex);
    void replaceBlock(const core::BlockSpec& block);      // by block.id
    void replaceSpec(const core::NetworkSpec& spec);      // whole-network edits; emits specReset()
    // The single layers of the stem or the head (index into spec.stem / spec.head).
    void insertLayer(LayerSection section, int index, const core::LayerSpec& layer);
    void removeLayer(LayerSection section, int index);
    void replaceLayer(LayerSection section, int index, const core::LayerSpec& layer);

    const std::vector<core::LayerSpec>& layers(LayerSection section) const {
        return section == LayerSection::Stem ? m_spec.stem : m_spec.head;
    }

signals:
    void blockInserted(core::BlockId id);
    void blockRemoved(core::BlockId id);
    void blockMoved(core::BlockId id);
    void blockChanged(core::BlockId id);
    void specReset();
    // A layer of the stem or the head was inserted, removed or changed.
    void layersChanged(ui::LayerSection section);
    // After any change of the spec (edit, undo, redo, reset).
    void changed();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);

private:
    void afterChange();
    void updateModified();
    std::vector<core::LayerSpec>& layersOf(LayerSection section) {
        return section == LayerSection::Stem ? m_spec.stem : m_spec.head;
    }

    core::NetworkSpec m_spec;
    core::SpecAnalysis m_analysis;
    QUndoStack* m_undoStack;
    core::NetworkSpec m_savedSpec;   // the spec as last loaded, reset or saved
    bool m_modified = false;
    QString m_filePath;
};

}  // namespace ui
