// ui/classroom/bundle_loader.h: run bundles (core/io/run_bundle.h) in the GUI. Opening one puts
// its network into the document, its settings into the training panel and its results into
// the Results model at once, without training: the views show the training curves (which
// can then be replayed), the depth sweep, the lesion and path-length results. Saving writes
// the Results model as a bundle, with the network and the panel's settings.
#pragma once

#include "core/io/run_bundle.h"

#include <QObject>
#include <QString>

namespace ui {

class NetworkDocument;
class Results;
class TrainingWorkspace;

// Whether the file is a run bundle rather than a network spec (by its "format" field).
bool isBundleFile(const QString& path);

class BundleLoader : public QObject {
    Q_OBJECT
public:
    BundleLoader(NetworkDocument& document, Results& results, TrainingWorkspace& workspace, QObject* parent = nullptr);

    // Reads and checks the bundle, then replaces the document and the results. On failure
    // returns false with the core's message in *error; nothing has changed then.
    bool open(const QString& path, QString* error);
    // The session as a bundle: the document's network, the panel's settings, every result.
    core::RunBundle currentResults() const;
    // currentResults(), written to `path` (atomically).
    bool save(const QString& path, QString* error) const;

signals:
    void statusMessage(const QString& message);

private:
    NetworkDocument& m_document;
    Results& m_results;
    TrainingWorkspace& m_workspace;
};

}  // namespace ui
