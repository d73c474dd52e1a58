#include "ui/classroom/bundle_loader.h"

#include "ui/document/network_document.h"
#include "ui/results/results.h"
#include "ui/training/training_panel.h"
#include "ui/workspace/training_workspace.h"

#include <QFile>
#include <QFileInfo>

namespace ui {

namespace {
constexpr qint64 kSniffBytes = 64 * 1024 * 1024;   // a spec is far smaller; bundles are read in full later
}  // namespace

bool isBundleFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = file.read(kSniffBytes);
    return core::looksLikeBundle(std::string_view(text.constData(), std::size_t(text.size())));
}

BundleLoader::BundleLoader(NetworkDocument& document, Results& results, TrainingWorkspace& workspace, QObject* parent)
    : QObject(parent), m_document(document), m_results(results), m_workspace(workspace) {}

bool BundleLoader::open(const QString& path, QString* error) {
    core::RunBundle bundle;
    try {
        bundle = core::loadBundleFile(path.toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    if (m_workspace.isTraining())
        m_workspace.stopAndWait();
    m_document.reset(bundle.spec);
    m_workspace.panel()->setSettings(QString::fromStdString(bundle.data), bundle.dataOptions, bundle.training);
    m_workspace.panel()->setTwin(bundle.runs.size() > 1);
    m_results.load(bundle);
    m_workspace.selectView(QStringLiteral("curves"));
    emit statusMessage(tr("Opened the results of %1 (nothing retrained)").arg(QFileInfo(path).fileName()));
    return true;
}

core::RunBundle BundleLoader::currentResults() const {
    core::RunBundle header;
    header.spec = m_document.spec();
    header.name = header.spec.name;
    const TrainingRequest request = m_workspace.currentRequest();
    header.data = request.dataName;
    header.dataOptions = request.data;
    header.training = request.config;
    header.seed = request.config.seed;
    return m_results.toBundle(header);
}

bool BundleLoader::save(const QString& path, QString* error) const {
    try {
        core::saveBundleFile(currentResults(), path.toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

}  // namespace ui
