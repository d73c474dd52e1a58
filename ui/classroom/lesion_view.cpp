#include "ui/classroom/lesion_view.h"

#include "core/experiments/twin_training.h"
#include "core/spec/presets.h"
#include "ui/plots/lesion_figure.h"
#include "ui/plots/plot_style.h"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

LesionView::LesionView(QWidget* parent)
    : QWidget(parent), m_network(core::presetByName("spiral-residual-20")),
      m_run(new QPushButton(tr("Train twins and lesion"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)), m_label(new QLabel(this)), m_plot(new QCustomPlot(this)) {
    qRegisterMetaType<ui::LesionOutcome>();
    setObjectName(QStringLiteral("lesionView"));
    m_run->setObjectName(QStringLiteral("lesionRun"));
    m_cancel->setObjectName(QStringLiteral("lesionCancel"));
    m_config.draws = 10;
    m_config.removedCounts = {1, 2, 3, 4, 5, 6};
    m_label->setWordWrap(true);
    m_label->setText(tr("Train a 20-layer plain network and its residual twin on the spiral, then remove blocks at "
                        "test time. Press the button to start."));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_cancel->setEnabled(false);

    auto* top = new QHBoxLayout;
    top->addWidget(m_run);
    top->addWidget(m_cancel);
    top->addWidget(m_progress, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_label);
    m_plot->setMinimumSize(320, 220);
    layout->addWidget(m_plot, 1);

    connect(m_run, &QPushButton::clicked, this, &LesionView::run);
    connect(m_cancel, &QPushButton::clicked, this, &LesionView::cancel);
    connect(this, &LesionView::workerProgress, this, &LesionView::onProgress, Qt::QueuedConnection);
    connect(this, &LesionView::workerFinished, this, &LesionView::onFinished, Qt::QueuedConnection);
    redraw();
}

LesionView::~LesionView() { stopWorker(); }

void LesionView::stopWorker() {
    if (m_worker.joinable()) {
        m_worker.request_stop();
        m_worker.join();
    }
}

void LesionView::setStudy(const core::NetworkSpec& network, const QString& dataName, const core::DataOptions& data,
                          const core::TrainConfig& training, const core::LesionConfig& config) {
    m_network = network;
    m_dataName = dataName;
    m_data = data;
    m_training = training;
    m_config = config;
}

void LesionView::start(std::function<LesionOutcome(std::stop_token, int)> work) {
    stopWorker();
    const int job = ++m_job;
    m_running = true;
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 0);
    m_label->setText(tr("Starting..."));
    m_worker = std::jthread([this, job, work = std::move(work)](std::stop_token stop) {
        LesionOutcome outcome;
        try {
            outcome = work(stop, job);
        } catch (const std::exception& e) {
            outcome.error = QString::fromUtf8(e.what());
        }
        outcome.job = job;
        outcome.cancelled = outcome.cancelled || stop.stop_requested();
        emit workerFinished(outcome);
    });
}

void LesionView::run() {
    // Copies for the worker: it never touches the view's members.
    const core::NetworkSpec network = m_network;
    const std::string dataName = m_dataName.toStdString();
    const core::DataOptions dataOptions = m_data;
    const core::TrainConfig training = m_training;
    const core::LesionConfig config = m_config;
    start([=, this](std::stop_token stop, int job) {
        LesionOutcome out;
        const core::Dataset data = core::loadDataset(dataName, dataOptions);
        out.chanceError = data.classes > 0 ? 1.0 - 1.0 / data.classes : -1;
        const std::vector<core::NetworkSpec> specs = core::twinSpecs(network);
        const int total = training.epochs * int(specs.size());
        std::atomic<int> done{0};
        emit workerProgress(job, tr("Training the plain and the residual twin"), 0, total);
        std::vector<core::TrainedNetwork> nets =
            core::trainNetworks(specs, data, training, stop, [&](int, const core::EpochReport&) {
                emit workerProgress(job, tr("Training the plain and the residual twin"), ++done, total);
            });
        for (core::TrainedNetwork& t : nets) {
            if (stop.stop_requested())
                break;
            const QString phase = tr("Removing blocks from the %1 network").arg(QString::fromStdString(t.family));
            core::LesionResult r = core::runLesionStudy(*t.net, data.test, config, stop, [&](const core::LesionProgress& p) {
                emit workerProgress(job, phase, p.done, p.total);
            });
            r.label = t.family;
            out.results.push_back(std::move(r));
        }
        return out;
    });
}

bool LesionView::runOnBundle(const core::RunBundle& bundle) {
    bool any = false;
    for (const core::BundleRun& r : bundle.runs)
        any = any || r.weights.has_value();
    if (!any) {
        m_label->setText(tr("The bundle has no trained weights to lesion."));
        return false;
    }
    const core::RunBundle copy = bundle;
    const core::LesionConfig config = m_config;
    start([=, this](std::stop_token stop, int job) {
        LesionOutcome out;
        const core::Dataset data = core::loadDataset(copy.data, copy.dataOptions);
        out.chanceError = data.classes > 0 ? 1.0 - 1.0 / data.classes : -1;
        for (const core::BundleRun& run : copy.runs) {
            if (!run.weights || stop.stop_requested())
                continue;
            std::unique_ptr<core::Network> net = core::restoreNetwork(run, copy.name);
            const QString phase = tr("Removing blocks from %1").arg(QString::fromStdString(run.label));
            core::LesionResult r = core::runLesionStudy(*net, data.test, config, stop, [&](const core::LesionProgress& p) {
                emit workerProgress(job, phase, p.done, p.total);
            });
            r.label = core::familyOf(run.spec);
            out.results.push_back(std::move(r));
        }
        return out;
    });
    return true;
}

void LesionView::cancel() {
    if (m_worker.joinable())
        m_worker.request_stop();
    m_label->setText(tr("Cancelling..."));
}

void LesionView::onProgress(int job, const QString& phase, int done, int total) {
    if (job != m_job)
        return;
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(std::min(done, std::max(total, 1)));
    m_label->setText(tr("%1: %2 of %3").arg(phase).arg(done).arg(total));
}

void LesionView::onFinished(const LesionOutcome& outcome) {
    if (outcome.job != m_job)
        return;
    m_running = false;
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(outcome.cancelled || !outcome.error.isEmpty() ? 0 : 1);
    if (!outcome.error.isEmpty()) {
        m_label->setText(tr("<b>The lesion study could not run:</b> %1").arg(outcome.error.toHtmlEscaped()));
        emit statusMessage(tr("The lesion study could not run: %1").arg(outcome.error));
    } else {
        showResults(outcome.results, outcome.chanceError);
        QStringList parts;
        for (const core::LesionResult& r : outcome.results)
            parts << tr("%1: intact %2 %, one block removed %3 % on average")
                         .arg(QString::fromStdString(r.label))
                         .arg(100 * r.baselineError, 0, 'f', 1)
                         .arg(100 * (r.curve.size() > 1 ? r.curve[1].meanError : r.baselineError), 0, 'f', 1);
        m_label->setText((outcome.cancelled ? tr("Cancelled. ") : QString()) + parts.join(QStringLiteral("; ")));
        emit statusMessage(outcome.cancelled ? tr("Lesion study cancelled") : tr("Lesion study done"));
    }
    emit studyFinished(outcome.cancelled);
}

void LesionView::showResults(const std::vector<core::LesionResult>& results, double chanceError) {
    m_results = results;
    m_chance = chanceError;
    redraw();
}

QString LesionView::progressText() const { return m_label->text(); }

void LesionView::setFontScale(double scale) {
    m_fontScale = scale;
    scaleMinimumSize(*m_plot, scale);
    redraw();
}

void LesionView::redraw() {
    LesionFigureOptions options;
    options.fontScale = plotTextScale(m_fontScale);
    options.chanceError = m_chance;
    drawLesionFigure(*m_plot, m_results, options);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ui
