#include "ui/classroom/lesion_view.h"

#include "core/spec/presets.h"
#include "ui/plots/lesion_figure.h"
#include "ui/plots/plot_style.h"
#include "ui/results/results.h"
#include "ui/views/job_indicator.h"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>


namespace ui {

LesionView::LesionView(Results& results, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), m_results(results), m_jobs(jobs), m_run(new QPushButton(tr("Train and lesion"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)), m_label(new QLabel(this)), m_plot(new QCustomPlot(this)) {
    m_study.network = core::presetByName("spiral-residual-20");
    m_study.networks = core::defaultLesionNetworks();
    m_study.config.draws = 10;
    m_study.config.removedCounts = {1, 2, 3, 4, 5, 6};
    setObjectName(QStringLiteral("lesionView"));
    m_run->setObjectName(QStringLiteral("lesionRun"));
    m_cancel->setObjectName(QStringLiteral("lesionCancel"));
    m_label->setWordWrap(true);
    m_label->setText(tr("Train a %1-layer plain network (shallow enough to train well) and a %2-layer residual "
                        "network on the spiral, then remove blocks at test time. Press the button to start.")
                         .arg(core::kDefaultLesionPlainDepth)
                         .arg(core::kDefaultLesionResidualDepth));

    auto* top = new QHBoxLayout;
    top->addWidget(m_run);
    top->addWidget(m_cancel);
    top->addWidget(m_progress, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_label);
    m_plot->setMinimumSize(280, 180);
    layout->addWidget(m_plot, 1);

    connect(m_run, &QPushButton::clicked, this, &LesionView::run);
    connect(m_cancel, &QPushButton::clicked, this, &LesionView::cancel);
    connect(&m_results, &Results::lesionChanged, this, &LesionView::redraw);
    auto* indicator = new JobIndicator(m_jobs, kLesionJob, m_run, m_cancel, m_progress, m_label, this);
    connect(indicator, &JobIndicator::finished, this, &LesionView::onFinished);
    redraw();
}

void LesionView::run() { startLesionStudy(m_jobs, m_results, m_study); }

bool LesionView::runOnBundle(const core::RunBundle& bundle) {
    bool any = false;
    for (const core::BundleRun& r : bundle.runs)
        any = any || r.weights.has_value();
    if (!any) {
        m_label->setText(tr("The bundle has no trained weights to lesion."));
        return false;
    }
    startLesionOnBundle(m_jobs, m_results, bundle, m_study.config);
    return true;
}

void LesionView::cancel() {
    m_jobs.cancel(kLesionJob);
    m_label->setText(tr("Cancelling..."));
}

bool LesionView::isRunning() const { return m_jobs.isRunning(kLesionJob); }

void LesionView::onFinished(const JobOutcome& outcome) {
    const bool cancelled = outcome.status == JobOutcome::Status::Cancelled;
    if (outcome.status == JobOutcome::Status::Failed) {
        m_label->setText(tr("<b>The lesion study could not run:</b> %1").arg(outcome.error.toHtmlEscaped()));
        emit statusMessage(tr("The lesion study could not run: %1").arg(outcome.error));
    } else {
        QStringList parts;
        for (const core::LesionResult& r : m_results.lesion())
            parts << tr("%1: intact %2 %, one block removed %3 % on average")
                         .arg(QString::fromStdString(r.label))
                         .arg(100 * r.baselineError, 0, 'f', 1)
                         .arg(100 * (r.curve.size() > 1 ? r.curve[1].meanError : r.baselineError), 0, 'f', 1);
        m_label->setText((cancelled ? tr("Cancelled. ") : QString()) + parts.join(QStringLiteral("; ")));
        emit statusMessage(cancelled ? tr("Lesion study cancelled") : tr("Lesion study done"));
    }
    emit studyFinished(cancelled);
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
    options.chanceError = m_results.lesionChanceError();
    drawLesionFigure(*m_plot, m_results.lesion(), options);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ui
