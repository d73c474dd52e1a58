// ui/document/autosave.h: crash safety for the open document. Every minute and after every
// structural edit (a block inserted, removed or moved, a new network) the document's spec and
// its unsaved results (the last trained weights) are written atomically to a recovery file.
// A clean close removes the file; if it is still there at the next start, the app crashed and
// offers to restore it, but only when it holds a change (a copy equal to its file, or to the
// network a new window starts with, has nothing to recover).
#pragma once

#include "core/spec/network_spec.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace ui {

class NetworkDocument;

struct Recovery {
    QString originalPath;     // the file the document came from ("" when never saved)
    QByteArray specJson;      // the network as a spec file
    QByteArray weights;       // trained weights in the weights-file format, may be empty
    QString savedAt;          // ISO date and time of the autosave
    // What the copy is compared with: the spec of its file, or the untitled network; none when
    // that file cannot be read. Restoring marks the document modified against it.
    std::optional<core::NetworkSpec> savedSpec;
};

class Autosaver : public QObject {
    Q_OBJECT
public:
    // `path`: the recovery file (default: <app data>/recovery.json).
    explicit Autosaver(NetworkDocument* document, const QString& path = {}, int intervalMs = 60000,
                       QObject* parent = nullptr);

    QString path() const { return m_path; }
    // Writes the recovery file now; returns false with a message on failure.
    bool saveNow(QString* error = nullptr);
    // The document was saved or closed cleanly: nothing to recover.
    void discard();
    // The results (trained weights) to keep with the document, set by the training side.
    void setResults(const QByteArray& weights);

    // What a previous session left behind, if it did not close cleanly. With `untitled` (the
    // network a new window shows), a copy without changes (equal to its file, or to `untitled`
    // when it was never saved) is removed and nothing is returned.
    static std::optional<Recovery> pending(const QString& path = {},
                                           const std::optional<core::NetworkSpec>& untitled = std::nullopt);
    static QString defaultPath();

private:
    NetworkDocument* m_document;
    QString m_path;
    QTimer m_timer;
    QByteArray m_weights;
    bool m_structuralPending = false;
};

}  // namespace ui
