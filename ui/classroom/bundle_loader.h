// ui/classroom/bundle_loader.h: run bundles (core/io/run_bundle.h) in the GUI. Opening one puts
// its network into the document and its stored results into the views at once, without
// training: the training curves (history), the depth sweep, the lesion and path-length
// results; the curves can then be replayed. Saving writes the current session as a bundle: the
// network, the data and training settings, and whatever results exist (the last session's
// histories and trained weights, the sweep, the lesion study, the measured path lengths).
#pragma once

#include "core/io/run_bundle.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>
#include <vector>

namespace ui {

class CurveReplay;
class LesionView;
class NetworkDocument;
class PathsView;
class TrainingWorkspace;

// Whether the file is a run bundle rather than a network spec (by its "format" field).
bool isBundleFile(const QString& path);

class BundleLoader : public QObject {
    Q_OBJECT
public:
    BundleLoader(NetworkDocument* document, CurveReplay* replay, QObject* parent = nullptr);

    // The views results go into; any may be null. Records the workspace's sessions from now on.
    void setViews(TrainingWorkspace* workspace, LesionView* lesion, PathsView* paths);

    // Reads and checks the bundle, then replaces the document and shows the results. On
    // failure returns false with the core's message in *error; nothing has changed then.
    bool open(const QString& path, QString* error);
    // The current session as a bundle, and written to `path` (atomically).
    core::RunBundle currentResults() const;
    bool save(const QString& path, QString* error) const;
    // The bundle opened last (until a new session is trained).
    const std::optional<core::RunBundle>& openedBundle() const { return m_opened; }

signals:
    void statusMessage(const QString& message);

private:
    void show(const core::RunBundle& bundle);
    void onSessionStarted(int session, bool twin);

    NetworkDocument* m_document;
    CurveReplay* m_replay;
    QPointer<TrainingWorkspace> m_workspace;
    QPointer<LesionView> m_lesion;
    QPointer<PathsView> m_paths;
    std::optional<core::RunBundle> m_opened;
    // The workspace's last session, recorded from its controller's snapshots.
    std::vector<core::BundleRun> m_session;
};

}  // namespace ui
