#include "ui/views/shatter_view.h"

#include "ui/jobs/shatter_job.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/shatter_figure.h"
#include "ui/results/results.h"
#include "ui/views/job_indicator.h"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

std::vector<int> shatterDepths(int deepest) {
    std::vector<int> depths;
    for (int d = 1; d < deepest; d *= 2)
        depths.push_back(d);
    depths.push_back(std::max(1, deepest));
    return depths;
}

ShatterView::ShatterView(Results& results, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), m_results(results), m_jobs(jobs), m_slider(new QSlider(Qt::Horizontal, this)),
      m_depthLabel(new QLabel(this)), m_inits(new QSpinBox(this)), m_run(new QPushButton(tr("Measure"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_progress(new QProgressBar(this)), m_label(new QLabel(this)),
      m_summary(new QLabel(this)), m_plot(new QCustomPlot(this)), m_settle(new QTimer(this)) {
    setObjectName(QStringLiteral("shatterView"));
    m_slider->setObjectName(QStringLiteral("shatterDepth"));
    m_run->setObjectName(QStringLiteral("shatterRun"));
    m_cancel->setObjectName(QStringLiteral("shatterCancel"));
    m_plot->setObjectName(QStringLiteral("shatterPlot"));
    m_slider->setRange(1, kMaxDepth);
    m_slider->setValue(50);
    m_slider->setToolTip(tr("The deepest network; the depths measured are the powers of two below it and itself"));
    m_depthLabel->setMinimumWidth(m_depthLabel->fontMetrics().horizontalAdvance(QStringLiteral("1, 2, 4, 8, 16, 32, 64, 100")));
    m_inits->setRange(1, 50);
    m_inits->setValue(m_config.inits);
    m_inits->setToolTip(tr("Initialisations per network; the correlation is their mean"));
    m_label->setWordWrap(true);
    m_label->setText(tr("dy/dx of networks from one number to one number, at initialisation, over 256 inputs "
                        "(Balduzzi et al. 2017). Move the slider or press Measure."));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_settle->setSingleShot(true);
    m_settle->setInterval(250);

    QToolButton* exportButton =
        makeExportButton(this, {{tr("Shattered gradients"), QStringLiteral("shattered_gradients"), m_plot, nullptr, {}}});
    installExportMenu(m_plot, QStringLiteral("shattered_gradients"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Deepest:"), this));
    top->addWidget(m_slider, 1);
    top->addWidget(m_depthLabel);
    // The measuring controls on a row of their own: in one row with the slider they would not
    // fit a projector's width at presentation font sizes.
    auto* measure = new QHBoxLayout;
    measure->addWidget(new QLabel(tr("Initialisations:"), this));
    measure->addWidget(m_inits);
    measure->addWidget(m_run);
    measure->addWidget(m_cancel);
    measure->addWidget(m_progress, 1);
    measure->addWidget(exportButton);
    m_plot->setMinimumSize(380, 200);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(measure);
    layout->addWidget(m_label);
    layout->addWidget(m_summary);
    layout->addWidget(m_plot, 1);

    showDepths(shatterDepths(m_slider->value()));
    connect(m_slider, &QSlider::valueChanged, this, [this](int deepest) {
        showDepths(shatterDepths(deepest));
        m_settle->start();   // measure once the slider rests for a moment
    });
    connect(m_settle, &QTimer::timeout, this, &ShatterView::measure);
    connect(m_run, &QPushButton::clicked, this, &ShatterView::measure);
    connect(m_cancel, &QPushButton::clicked, this, &ShatterView::cancel);
    connect(&m_results, &Results::shatterChanged, this, &ShatterView::redraw);
    auto* indicator = new JobIndicator(m_jobs, kShatterJob, m_run, m_cancel, m_progress, m_label, this);
    // The slider stays live while a job runs: moving it replaces the job.
    connect(indicator, &JobIndicator::finished, this, &ShatterView::onFinished);
    redraw();
}

void ShatterView::showDepths(const std::vector<int>& depths) {
    QStringList d;
    for (int v : depths)
        d << QString::number(v);
    m_depthLabel->setText(d.join(QStringLiteral(", ")));
}

void ShatterView::setDeepest(int depth) {
    const QSignalBlocker block(m_slider);
    m_slider->setValue(std::clamp(depth, 1, kMaxDepth));
    measure();
}

int ShatterView::deepest() const { return m_slider->value(); }

void ShatterView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    if (!m_results.shatter() && !isRunning())
        measure();
}

void ShatterView::measure() { measureDepths(shatterDepths(m_slider->value())); }

void ShatterView::measureDepths(const std::vector<int>& depths) {
    m_settle->stop();
    if (!depths.empty()) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(std::clamp(*std::max_element(depths.begin(), depths.end()), 1, kMaxDepth));
        showDepths(depths);
    }
    core::ShatterConfig config = m_config;
    config.depths = depths;
    config.inits = m_inits->value();
    startShatter(m_jobs, m_results, config);
}

void ShatterView::cancel() {
    m_settle->stop();
    m_jobs.cancel(kShatterJob);
}

bool ShatterView::isRunning() const { return m_jobs.isRunning(kShatterJob); }

void ShatterView::onFinished(const JobOutcome& outcome) {
    if (outcome.status == JobOutcome::Status::Failed) {
        m_label->setText(tr("<b>The gradients could not be measured:</b> %1").arg(outcome.error.toHtmlEscaped()));
        emit statusMessage(tr("The gradients could not be measured: %1").arg(outcome.error));
    } else if (outcome.status == JobOutcome::Status::Cancelled) {
        m_label->setText(tr("Cancelled."));
    } else {
        m_label->setText(tr("Left: dy/dx of one initialisation at each depth, plain beside residual. Right: the "
                            "correlation of the gradients at neighbouring inputs (1: smooth, 0: white noise)."));
    }
}

QString ShatterView::summaryText() const { return m_summary->text(); }

void ShatterView::setFontScale(double scale) {
    m_fontScale = scale;
    scaleMinimumSize(*m_plot, scale);
    redraw();
}

void ShatterView::setCompact(bool compact) {
    if (compact == m_compact)
        return;
    m_compact = compact;
    m_label->setVisible(!compact);
    m_summary->setVisible(!compact);
    redraw();
}

void ShatterView::redraw() {
    const std::optional<core::ShatterResult>& result = m_results.shatter();
    if (!result || result->summary.empty()) {
        m_plot->clearPlottables();
        m_plot->clearItems();
        m_summary->clear();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    ShatterFigureOptions options;
    options.fontScale = plotTextScale(m_fontScale);
    options.maxStackedDepths = m_compact ? 3 : 4;   // a tab has the room of a slide, not of a page
    options.compact = m_compact;
    drawShatterFigure(*m_plot, *result, options);
    QStringList rows;
    for (const std::string family : {"plain", "residual"}) {
        QStringList cells;
        for (const core::ShatterSummary& s : result->summary)
            if (s.family == family)
                cells << tr("%1: %2").arg(s.depth).arg(s.lag1, 0, 'f', 2);
        if (!cells.isEmpty())
            rows << tr("<b>%1</b> lag-1 correlation by depth: %2")
                        .arg(QString::fromStdString(family), cells.join(QStringLiteral(", ")));
    }
    m_summary->setText(rows.join(QStringLiteral("<br>")));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ui
