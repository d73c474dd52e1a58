#include "ui/classroom/paths_view.h"

#include "core/spec/presets.h"
#include "ui/classroom/unraveled_graph_widget.h"
#include "ui/plots/paths_figure.h"
#include "ui/plots/plot_style.h"
#include "ui/results/results.h"
#include "ui/views/job_indicator.h"

#include <qcustomplot.h>

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>


namespace ui {

namespace {
int residualBlocks(const core::NetworkSpec& spec) {
    int n = 0;
    for (const core::BlockSpec& b : spec.blocks)
        n += b.shortcut != core::ShortcutKind::None;
    return n;
}
}  // namespace

PathsView::PathsView(Results& results, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), m_results(results), m_jobs(jobs), m_graph(new UnraveledGraphWidget(this)),
      m_drawn(new QSpinBox(this)), m_n(new QSpinBox(this)), m_expansion(new QLabel(this)),
      m_measure(new QPushButton(tr("Measure gradients"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)), m_label(new QLabel(this)), m_plot(new QCustomPlot(this)) {
    m_study.network = core::presetByName("spiral-residual-56");
    setObjectName(QStringLiteral("pathsView"));
    m_measure->setObjectName(QStringLiteral("pathsMeasure"));
    m_drawn->setRange(1, UnraveledGraphWidget::kMaxDrawnBlocks);
    m_drawn->setValue(3);
    m_n->setRange(1, core::kMaxPathBlocks);
    m_n->setValue(residualBlocks(m_study.network));
    m_label->setWordWrap(true);
    m_expansion->setTextFormat(Qt::RichText);
    m_expansion->setWordWrap(true);

    auto* leftForm = new QFormLayout;
    leftForm->addRow(tr("Blocks drawn:"), m_drawn);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(leftForm);
    leftLayout->addWidget(m_expansion);
    leftLayout->addWidget(m_graph, 1);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("n:"), this));
    controls->addWidget(m_n);
    controls->addWidget(m_measure);
    controls->addWidget(m_cancel);
    controls->addStretch();
    m_n->setToolTip(tr("Residual blocks of the distribution"));
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(controls);
    rightLayout->addWidget(m_progress);
    rightLayout->addWidget(m_label);
    m_plot->setMinimumSize(240, 180);
    rightLayout->addWidget(m_plot, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({400, 700});   // proportions: the three panels need the wider side
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_drawn, &QSpinBox::valueChanged, this, &PathsView::setDrawnBlocks);
    connect(m_n, &QSpinBox::valueChanged, this, [this](int n) {
        if (n != m_result.blocks)
            showResult(core::pathLengthDistribution(n));
    });
    connect(m_measure, &QPushButton::clicked, this, &PathsView::measure);
    connect(m_cancel, &QPushButton::clicked, this, &PathsView::cancel);
    connect(&m_results, &Results::pathsChanged, this, [this] {
        if (m_results.paths())
            showResult(*m_results.paths());
    });
    auto* indicator = new JobIndicator(m_jobs, kPathsJob, m_measure, m_cancel, m_progress, m_label, this);
    connect(indicator, &JobIndicator::finished, this, &PathsView::onFinished);
    setDrawnBlocks(3);
    m_label->setText(tr("The share of paths of each length: C(n, k) / 2<sup>n</sup>. Measure to add the gradient per "
                        "path length on a trained %1.").arg(QString::fromStdString(m_study.network.name).toHtmlEscaped()));
    showResult(core::pathLengthDistribution(m_n->value()));
}

void PathsView::setDrawnBlocks(int n) {
    if (m_drawn->value() != n)
        m_drawn->setValue(n);
    m_graph->setBlocks(n);
    // y_n = (1 + f_n) ... (1 + f_1)(x), and the number of paths of each length.
    QString product;
    for (int i = n; i >= 1; --i)
        product += QStringLiteral("(1 + f<sub>%1</sub>)").arg(i);
    QStringList counts;
    for (std::size_t k = 0; k < m_graph->graph().pathsByLength.size(); ++k)
        counts << QString::number(m_graph->graph().pathsByLength[k]);
    m_expansion->setText(tr("<span style='font-size:large'>y<sub>%1</sub> = %2(x)</span><br>%3 paths; by length "
                            "0..%1: %4")
                             .arg(n)
                             .arg(product)
                             .arg(1 << n)
                             .arg(counts.join(QStringLiteral(", "))));
}

void PathsView::setBlocks(int n) {
    m_n->setValue(n);
    if (m_result.blocks != n)
        showResult(core::pathLengthDistribution(n));
}

int PathsView::blocks() const { return m_result.blocks; }

void PathsView::setStudy(const PathsStudy& study) {
    m_study = study;
    if (const int n = residualBlocks(study.network); n > 0)
        setBlocks(n);
}

void PathsView::measure() {
    m_measuring = QString::fromStdString(m_study.network.name);
    startPathsStudy(m_jobs, m_results, m_study);
}

void PathsView::cancel() { m_jobs.cancel(kPathsJob); }

bool PathsView::isRunning() const { return m_jobs.isRunning(kPathsJob); }

void PathsView::onFinished(const JobOutcome& outcome) {
    using Status = JobOutcome::Status;
    if (outcome.status == Status::Failed)
        m_label->setText(tr("<b>Could not measure:</b> %1").arg(outcome.error.toHtmlEscaped()));
    else if (outcome.status == Status::Cancelled)
        m_label->setText(tr("Cancelled."));
    else if (m_results.paths()) {
        const core::PathLengthResult& r = *m_results.paths();
        m_label->setText(tr("%1: paths of length %2 to %3 carry 90 % of the gradient (n = %4, mean path length %5).")
                             .arg(m_measuring.toHtmlEscaped())
                             .arg(r.effectiveLow)
                             .arg(r.effectiveHigh)
                             .arg(r.blocks)
                             .arg(r.meanPathLength, 0, 'f', 1));
    }
    emit statusMessage(m_label->text());
    emit measured(outcome.status == Status::Cancelled);
}

void PathsView::showResult(const core::PathLengthResult& result) {
    m_result = result;
    if (m_n->value() != result.blocks) {
        const QSignalBlocker block(m_n);
        m_n->setValue(result.blocks);
    }
    redraw();
}

void PathsView::setFontScale(double scale) {
    m_fontScale = scale;
    m_graph->setFontScale(scale);
    scaleMinimumSize(*m_plot, scale);
    redraw();
}

void PathsView::redraw() {
    PathsFigureOptions options;
    options.fontScale = plotTextScale(m_fontScale);
    drawPathsFigure(*m_plot, m_result, options);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace ui
