#include "ui/views/landscape_view.h"

#include "ui/plots/landscape_figure.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/results/results.h"
#include "ui/views/job_indicator.h"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

std::vector<core::PlaneSurface> landscapeSlices(const std::vector<core::PlaneSurface>& surfaces) {
    std::vector<core::PlaneSurface> slices;
    for (const core::PlaneSurface& s : surfaces) {
        if (s.betas.empty())
            continue;
        const Eigen::Index middle = Eigen::Index(s.betas.size() / 2);
        core::PlaneSurface slice;
        slice.label = s.label;
        slice.alphas = s.alphas;
        slice.betas = {s.betas[std::size_t(middle)]};
        slice.loss = s.loss.col(middle);
        slice.error = s.error.col(middle);
        slice.complete = s.complete;
        slices.push_back(std::move(slice));
    }
    return slices;
}

namespace {

QString lossText(double v) {
    if (!std::isfinite(v))
        return QStringLiteral("inf");
    return v >= 1e4 || v < 1e-2 ? QString::number(v, 'e', 1) : QString::number(v, 'g', 3);
}

// The depth of a spiral preset ("spiral-residual-56", "spiral-plain-8"), or 0 for any other
// network: the depth box can rebuild the former.
int spiralDepth(const core::NetworkSpec& spec) {
    for (const char* prefix : {"spiral-residual-", "spiral-plain-"}) {
        const std::string p(prefix);
        if (spec.name.rfind(p, 0) != 0)
            continue;
        bool ok = false;
        const int depth = QString::fromStdString(spec.name.substr(p.size())).toInt(&ok);
        return ok && depth >= 4 && depth % 2 == 0 ? depth : 0;
    }
    return 0;
}

}  // namespace

LandscapeView::LandscapeView(Results& results, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), m_results(results), m_jobs(jobs), m_request(defaultLandscapeRequest()),
      m_depth(new QSpinBox(this)), m_grid(new QSpinBox(this)),
      m_run(new QPushButton(tr("Train twins and map the loss"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)), m_label(new QLabel(this)), m_summary(new QLabel(this)),
      m_maps(new QCustomPlot(this)), m_slices(new QCustomPlot(this)) {
    setObjectName(QStringLiteral("landscapeView"));
    m_run->setObjectName(QStringLiteral("landscapeRun"));
    m_cancel->setObjectName(QStringLiteral("landscapeCancel"));
    m_maps->setObjectName(QStringLiteral("landscapeMaps"));
    m_slices->setObjectName(QStringLiteral("landscapeSlices"));
    m_depth->setRange(4, 200);
    m_depth->setSingleStep(2);
    m_depth->setValue(56);
    m_depth->setToolTip(tr("Layers of the spiral twins (even: 2 + 2 per block)"));
    m_grid->setRange(5, 101);
    m_grid->setSingleStep(2);
    m_grid->setValue(m_request.config.grid);
    m_grid->setToolTip(tr("Points per axis of each plane (odd, so that the trained weights are on the grid)"));
    m_label->setWordWrap(true);
    m_label->setText(tr("Train a plain network and its residual twin, then evaluate the training loss around each "
                        "one's trained weights on a random plane (Li et al. 2018). Press the button to start."));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);

    QToolButton* exportButton =
        makeExportButton(this, {{tr("Loss landscape"), QStringLiteral("loss_landscape"), m_maps, nullptr, {}},
                                {tr("Slices through the trained weights"), QStringLiteral("loss_landscape_slices"),
                                 m_slices, nullptr, {}}});
    installExportMenu(m_maps, QStringLiteral("loss_landscape"));
    installExportMenu(m_slices, QStringLiteral("loss_landscape_slices"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Depth:"), this));
    top->addWidget(m_depth);
    top->addWidget(new QLabel(tr("Grid:"), this));
    top->addWidget(m_grid);
    top->addWidget(m_run);
    top->addWidget(m_cancel);
    top->addStretch(1);
    top->addWidget(exportButton);
    applyMinimumSizes();
    m_slices->setMinimumSize(180, 150);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_maps);
    split->addWidget(m_slices);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({900, 300});
    auto* layout = new QVBoxLayout(this);
    // The progress bar on a row of its own: beside the controls, the row would not fit a
    // projector's width at presentation font sizes.
    layout->addLayout(top);
    layout->addWidget(m_progress);
    layout->addWidget(m_label);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &LandscapeView::run);
    connect(m_cancel, &QPushButton::clicked, this, &LandscapeView::cancel);
    connect(&m_results, &Results::landscapeChanged, this, &LandscapeView::redraw);
    auto* indicator = new JobIndicator(m_jobs, kLandscapeJob, m_run, m_cancel, m_progress, m_label, this);
    connect(indicator, &JobIndicator::finished, this, &LandscapeView::onFinished);
    redraw();
}

void LandscapeView::setRequest(const LandscapeRequest& request) {
    m_request = request;
    const int depth = spiralDepth(request.network);
    m_spiralDefault = depth > 0;
    m_depth->setEnabled(m_spiralDefault);
    if (m_spiralDefault)
        m_depth->setValue(depth);
    m_grid->setValue(request.config.grid);
}

void LandscapeView::run() {
    LandscapeRequest request = m_request;
    if (m_spiralDefault)   // the same settings, the twins at the box's depth
        request.network = defaultLandscapeRequest(std::max(4, m_depth->value() - m_depth->value() % 2)).network;
    request.config.grid = m_grid->value() | 1;
    startLandscape(m_jobs, m_results, request);
}

void LandscapeView::cancel() {
    m_jobs.cancel(kLandscapeJob);
    m_label->setText(tr("Cancelling..."));
}

bool LandscapeView::isRunning() const { return m_jobs.isRunning(kLandscapeJob); }

void LandscapeView::onFinished(const JobOutcome& outcome) {
    const bool cancelled = outcome.status == JobOutcome::Status::Cancelled;
    if (outcome.status == JobOutcome::Status::Failed) {
        m_label->setText(tr("<b>The loss landscape could not be computed:</b> %1").arg(outcome.error.toHtmlEscaped()));
        emit statusMessage(tr("The loss landscape could not be computed: %1").arg(outcome.error));
    } else {
        const auto& study = m_results.landscape();
        m_label->setText(cancelled ? tr("Cancelled; the map shows the points evaluated before.")
                                   : tr("Done: %1 s for the random planes, %2 s for the paths' planes.")
                                         .arg(study ? study->randomSeconds : 0.0, 0, 'f', 1)
                                         .arg(study ? study->pathSeconds : 0.0, 0, 'f', 1));
        emit statusMessage(cancelled ? tr("Loss landscape cancelled") : tr("Loss landscape done"));
    }
    emit studyFinished(cancelled);
}

QString LandscapeView::summaryText() const { return m_summary->text(); }

void LandscapeView::setFontScale(double scale) {
    m_fontScale = scale;
    applyMinimumSizes();
    scaleMinimumSize(*m_slices, scale);
    redraw();
}

void LandscapeView::setCompact(bool compact) {
    if (compact == m_compact)
        return;
    m_compact = compact;
    m_slices->setVisible(!compact);
    m_summary->setVisible(!compact);
    applyMinimumSizes();
    redraw();
}

void LandscapeView::applyMinimumSizes() {
    // Two rows of maps (the random planes, the paths' planes) with their titles and axes need
    // twice the height of the compact figure's one row: with less they were squeezed to a strip
    // in a 360-pixel training area; the page scrolls instead.
    scaleMinimumSize(*m_maps, QSize(340, m_compact ? 200 : 420), m_fontScale);
}

void LandscapeView::redraw() {
    LandscapeFigureOptions options;
    options.fontScale = plotTextScale(m_fontScale);
    const std::optional<core::LandscapeStudy>& study = m_results.landscape();
    if (!study || study->random.empty()) {
        m_maps->clearPlottables();
        m_maps->clearItems();
        m_slices->clearPlottables();
        m_summary->clear();
        m_maps->replot(QCustomPlot::rpQueuedReplot);
        m_slices->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    if (m_compact) {
        options.compact = true;
        core::LandscapeStudy randomPlanes = *study;
        randomPlanes.pathPlane.clear();
        randomPlanes.paths.clear();
        drawLandscapeFigure(*m_maps, randomPlanes, options);
    } else {
        drawLandscapeFigure(*m_maps, *study, options);
    }
    m_slices->clearPlottables();
    m_slices->clearItems();
    m_slices->plotLayout()->clear();
    auto* rect = new QCPAxisRect(m_slices);
    m_slices->plotLayout()->addElement(0, 0, rect);
    auto* legend = new QCPLegend;
    m_slices->plotLayout()->addElement(1, 0, legend);
    m_slices->plotLayout()->setRowStretchFactor(1, 0.001);
    legend->setLayer(QStringLiteral("legend"));
    legend->setBorderPen(Qt::NoPen);
    drawLandscapeSlices(*m_slices, rect, legend, landscapeSlices(study->random), options);

    QStringList rows;
    for (const core::PlaneSurface& s : study->random) {
        const core::SurfaceStats st = core::surfaceStats(s.loss);
        rows << tr("<b>%1</b>: local minima %2, loss %3 to %4, roughness %5")
                    .arg(QString::fromStdString(s.label).toHtmlEscaped())
                    .arg(st.localMinima)
                    .arg(lossText(st.minLoss), lossText(st.maxLoss))
                    .arg(st.roughness, 0, 'f', 3);
    }
    m_summary->setText(rows.join(QStringLiteral(" &nbsp; ")) +
                       (study->complete ? QString() : tr(" &nbsp; (partial: the study was stopped)")));
    m_maps->replot(QCustomPlot::rpQueuedReplot);
    m_slices->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ui
