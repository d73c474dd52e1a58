#include "ui/classroom/bundle_loader.h"

#include "core/experiments/depth_sweep.h"
#include "core/experiments/twin_training.h"
#include "ui/classroom/curve_replay.h"
#include "ui/classroom/lesion_view.h"
#include "ui/classroom/paths_view.h"
#include "ui/document/network_document.h"
#include "ui/plots/sweep_figure.h"
#include "ui/training/training_panel.h"
#include "ui/workspace/training_workspace.h"
#include "ui/views/depth_view.h"

#include <qcustomplot.h>

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

BundleLoader::BundleLoader(NetworkDocument* document, CurveReplay* replay, QObject* parent)
    : QObject(parent), m_document(document), m_replay(replay) {}

void BundleLoader::setViews(TrainingWorkspace* workspace, LesionView* lesion, PathsView* paths) {
    m_workspace = workspace;
    m_lesion = lesion;
    m_paths = paths;
    if (!workspace)
        return;
    TrainingController* c = workspace->controller();
    connect(c, &TrainingController::sessionStarted, this, &BundleLoader::onSessionStarted);
    connect(c, &TrainingController::runStarted, this, [this](const RunStartedSnapshot& s) {
        if (s.run >= 0 && std::size_t(s.run) < m_session.size())
            m_session[std::size_t(s.run)].label = s.family.toStdString();
    });
    connect(c, &TrainingController::progress, this, [this](const ProgressSnapshot& p) {
        if (p.run >= 0 && std::size_t(p.run) < m_session.size()) {
            core::TrainResult& r = m_session[std::size_t(p.run)].result;
            r.history.insert(r.history.end(), p.epochs.begin(), p.epochs.end());
            r.steps = p.step;
        }
    });
    connect(c, &TrainingController::runFinished, this, [this](const RunFinishedSnapshot& f) {
        if (f.run >= 0 && std::size_t(f.run) < m_session.size()) {
            core::TrainResult& r = m_session[std::size_t(f.run)].result;
            r.status = f.status;
            r.message = f.message.toStdString();
            r.steps = f.steps;
            r.divergedAtStep = f.divergedAtStep;
            r.seconds = f.seconds;
        }
    });
}

void BundleLoader::onSessionStarted(int, bool twin) {
    // The session trains what the panel describes for the document's network.
    const TrainingRequest request = m_workspace->currentRequest();
    m_session.clear();
    core::BundleRun main;
    main.label = core::familyOf(request.spec);
    main.spec = request.spec;
    main.seed = request.config.seed;
    m_session.push_back(main);
    if (twin) {
        core::BundleRun other = main;
        other.spec = request.twinSpec;
        other.label = core::familyOf(request.twinSpec);
        m_session.push_back(other);
    }
    m_opened.reset();
    m_replay->setRuns({});
}

bool BundleLoader::open(const QString& path, QString* error) {
    core::RunBundle bundle;
    try {
        bundle = core::loadBundleFile(path.toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    if (m_workspace && m_workspace->isTraining())
        m_workspace->stopAndWait();
    m_document->reset(bundle.spec);
    m_session.clear();
    m_opened = bundle;
    show(bundle);
    emit statusMessage(tr("Opened the results of %1 (nothing retrained)").arg(QFileInfo(path).fileName()));
    return true;
}

void BundleLoader::show(const core::RunBundle& bundle) {
    const QString title = QString::fromStdString(bundle.name.empty() ? bundle.spec.name : bundle.name);
    m_replay->setRuns(bundle.runs, title);
    if (m_workspace) {
        m_workspace->panel()->setSettings(QString::fromStdString(bundle.data), bundle.dataOptions, bundle.training);
        m_workspace->panel()->setTwin(bundle.runs.size() > 1);
        m_replay->setTarget(m_workspace->curvesView());
        m_replay->showAll();
        if (bundle.sweep && !bundle.sweep->runs.empty()) {
            SweepFigureOptions options;
            options.fontScale = m_workspace->fontScale();
            QCustomPlot* plot = m_workspace->depthView()->figurePlot();
            drawSweepFigure(*plot, core::summarizeSweep(bundle.sweep->runs), options);
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
        m_workspace->selectView(QStringLiteral("curves"));
    }
    if (m_lesion && !bundle.lesion.empty())
        m_lesion->showResults(bundle.lesion);
    if (m_paths && bundle.paths)
        m_paths->showResult(*bundle.paths);
}

core::RunBundle BundleLoader::currentResults() const {
    core::RunBundle b;
    if (m_opened && m_session.empty())
        b = *m_opened;   // nothing trained since: keep what the bundle had
    b.spec = m_document->spec();
    b.name = b.spec.name;
    if (m_workspace) {
        const TrainingRequest request = m_workspace->currentRequest();
        b.data = request.dataName;
        b.dataOptions = request.data;
        b.training = request.config;
        b.seed = request.config.seed;
        if (!m_session.empty()) {
            b.runs = m_session;
            const auto& trained = m_workspace->lastTrained();
            if (!trained.weights.isEmpty())
                b.runs.front().weights = trained.weights.toStdString();
        }
        const DepthView* depth = m_workspace->depthView();
        if (!depth->finishedRuns().empty() && !depth->isRunning())
            b.sweep = core::BundleSweep{depth->formConfig(), depth->finishedRuns()};
    }
    if (m_lesion && !m_lesion->results().empty())
        b.lesion = m_lesion->results();
    if (m_paths && m_paths->distribution().measured)
        b.paths = m_paths->distribution();
    return b;
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
