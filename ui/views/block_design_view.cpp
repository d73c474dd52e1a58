#include "ui/views/block_design_view.h"

#include "core/data/synthetic_2d.h"
#include "ui/jobs/ablation_job.h"
#include "ui/plots/ablation_figure.h"
#include "ui/plots/hover_readout.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/replot_scheduler.h"
#include "ui/results/results.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace ui {

namespace {

QString errorRange(double median, double lo, double hi) {
    return QStringLiteral("%1 (%2–%3)").arg(median, 0, 'f', 3).arg(lo, 0, 'f', 3).arg(hi, 0, 'f', 3);
}

// The runs in the config's order (variants x seeds), whatever order they finished in, so the
// summary lists the variants as the table does.
std::vector<core::AblationRun> inTableOrder(const Results::Ablation& a) {
    std::vector<std::string> names = a.config.variants;
    if (names.empty())
        for (const core::AblationVariant& v : core::ablationVariants())
            names.push_back(v.name);
    std::map<std::string, std::size_t> rank;
    for (std::size_t i = 0; i < names.size(); ++i)
        rank.emplace(names[i], i);
    std::vector<core::AblationRun> runs = a.runs;
    std::stable_sort(runs.begin(), runs.end(), [&](const core::AblationRun& x, const core::AblationRun& y) {
        const std::size_t rx = rank.count(x.variant) ? rank[x.variant] : names.size();
        const std::size_t ry = rank.count(y.variant) ? rank[y.variant] : names.size();
        return rx != ry ? rx < ry : x.seed < y.seed;
    });
    return runs;
}

// A description of the default bench for the Run button's tooltip, from the config itself.
QString describe(const core::AblationConfig& c) {
    const std::size_t variants = c.variants.empty() ? core::ablationVariants().size() : c.variants.size();
    return QObject::tr("%1 variants x %2 seeds of %3-layer residual networks (width %4) on %5, %6 epochs each, "
                       "lr %7 with a %8-epoch warm-up, batch %9: the bench of resnetlab-cli ablate")
        .arg(variants)
        .arg(c.seeds.size())
        .arg(c.depth)
        .arg(c.width)
        .arg(QString::fromStdString(c.data))
        .arg(c.train.epochs)
        .arg(c.train.learningRate)
        .arg(c.train.warmupEpochs)
        .arg(c.train.batchSize);
}

}  // namespace

BlockDesignView::BlockDesignView(Results& results, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), m_results(results), m_jobs(jobs), m_variants(new QListWidget(this)),
      m_data(new QComboBox(this)), m_depth(new QSpinBox(this)), m_seeds(new QSpinBox(this)),
      m_epochs(new QSpinBox(this)), m_width(new QSpinBox(this)),
      m_runDefault(new QPushButton(tr("Run the default ablation"), this)), m_run(new QPushButton(tr("Run"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_showTest(new QCheckBox(tr("show test error"), this)),
      m_progress(new QProgressBar(this)), m_progressLabel(new QLabel(this)), m_figure(new QCustomPlot(this)),
      m_table(new QTableWidget(this)), m_clock(new QTimer(this)) {
    for (const core::AblationVariant& v : core::ablationVariants()) {
        auto* item = new QListWidgetItem(QString::fromStdString(v.label), m_variants);
        item->setData(Qt::UserRole, QString::fromStdString(v.name));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setToolTip(tr("%1 · %2 · paper (ResNet-110, CIFAR-10 test error): %3")
                             .arg(QString::fromStdString(v.name), QString::fromStdString(v.source),
                                  paperText(v.paper)));
    }
    m_variants->setToolTip(tr("The block designs to train, each from the same data, seeds and batch order"));
    // The paper's names are long: wrap them rather than cut them off.
    m_variants->setWordWrap(true);
    m_variants->setTextElideMode(Qt::ElideNone);
    m_variants->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    for (const std::string& kind : core::synthetic2dKinds())
        m_data->addItem(QString::fromStdString(kind));
    m_data->addItem(QStringLiteral("shapes"));
    m_data->setToolTip(tr("2-D sets train residual MLPs (any even depth >= 4); the shapes images train 6n+2 conv "
                          "nets (depths 8, 14, 20, 32, 56, 110, ...)"));
    m_depth->setRange(4, 1202);
    m_depth->setSingleStep(2);
    m_depth->setToolTip(tr("Weighted layers of every network; He et al. 2016 measured ResNet-110"));
    m_seeds->setRange(1, 20);
    m_seeds->setToolTip(tr("Seeds 0 .. n-1 per variant: the median over seeds is the bar, best to worst the whisker"));
    m_epochs->setRange(1, 10000);
    m_width->setRange(1, 4096);
    const core::AblationConfig defaults = core::defaultAblation();
    m_runDefault->setToolTip(describe(defaults));
    m_runDefault->setDefault(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("no ablation yet"));
    m_progressLabel->setText(tr("Which block trains a deep network? <b>Run the default ablation</b> trains every "
                                "block design of He et al. 2016 at the same depth, from the same seeds, and "
                                "compares its median error with the paper's."));
    m_progressLabel->setWordWrap(true);
    setForm(defaults);

    m_formRow = new QWidget(this);
    auto* form = new QHBoxLayout(m_formRow);
    form->setContentsMargins(0, 0, 0, 0);
    auto addField = [&](const QString& label, QWidget* w) {
        form->addWidget(new QLabel(label, this));
        form->addWidget(w);
    };
    addField(tr("Data"), m_data);
    addField(tr("Depth"), m_depth);
    addField(tr("Seeds"), m_seeds);
    addField(tr("Epochs"), m_epochs);
    addField(tr("Width"), m_width);
    form->addStretch(1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runDefault);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto* options = new QHBoxLayout;
    options->addWidget(m_progressLabel, 1);
    options->addWidget(m_showTest);
    options->addWidget(makeExportButton(this, {{tr("Block design ablation"), QStringLiteral("block_design"), m_figure,
                                                nullptr, [this](const QString& path) {
                                                    // ablation.csv's columns, as the CLI writes them.
                                                    QFile file(path);
                                                    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
                                                        return tr("Cannot write %1: %2").arg(path, file.errorString());
                                                    QTextStream out(&file);
                                                    out << "variant,seed,final_train_error,final_test_error,diverged,seconds\n";
                                                    if (m_results.ablation())
                                                        for (const core::AblationRun& r : inTableOrder(*m_results.ablation()))
                                                            out << QString::fromStdString(r.variant) << ',' << r.seed << ','
                                                                << r.finalTrainError << ',' << r.finalTestError << ','
                                                                << (r.diverged ? 1 : 0) << ',' << r.seconds << '\n';
                                                    return QString();
                                                }}}));

    // The variants on the left with quick choices; the figure and the table on the right.
    auto* variantsBox = m_variantsBox = new QWidget(this);
    auto* variantsLayout = new QVBoxLayout(variantsBox);
    variantsLayout->setContentsMargins(0, 0, 0, 0);
    variantsLayout->addWidget(new QLabel(tr("<b>Block designs</b>"), variantsBox));
    variantsLayout->addWidget(m_variants, 1);
    auto* pick = new QHBoxLayout;
    auto* all = new QPushButton(tr("All"), variantsBox);
    auto* none = new QPushButton(tr("None"), variantsBox);
    pick->addWidget(all);
    pick->addWidget(none);
    variantsLayout->addLayout(pick);
    connect(all, &QPushButton::clicked, this, [this] { setAllVariants(true); });
    connect(none, &QPushButton::clicked, this, [this] { setAllVariants(false); });

    m_table->setColumnCount(6);
    m_table->setHorizontalHeaderLabels({tr("Block design"), tr("Source"), tr("Training error"), tr("Test error"),
                                        tr("Failed"), tr("Paper")});
    const QStringList headerTips{tr("As He et al. 2016 name it"), tr("Where the paper (or a later one) has it"),
                                 tr("Final training error: median over seeds (best–worst seed)"),
                                 tr("Final test error: median over seeds (best–worst seed)"),
                                 tr("Runs that diverged or ended above 20% test error (the paper's \"fail\")"),
                                 tr("The paper's test error: ResNet-110 on CIFAR-10, median of 5 runs")};
    for (int c = 0; c < headerTips.size(); ++c)
        m_table->horizontalHeaderItem(c)->setToolTip(headerTips[c]);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // The numbers at their width; the names take what is left (elided, whole in the tooltip).
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setWordWrap(false);

    m_figure->setMinimumSize(340, 220);
    new HoverReadout(m_figure);
    installExportMenu(m_figure, QStringLiteral("block_design"));
    // The chart and the table as tabs, so the chart has the whole height; the chart scrolls
    // when its rows need more than that (sixteen designs on a small screen).
    auto* figureScroll = new QScrollArea(this);
    figureScroll->setWidget(m_figure);
    figureScroll->setWidgetResizable(true);
    figureScroll->setFrameShape(QFrame::NoFrame);
    figureScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As tall as the depth view's plots at least, so the window gives the tab room for a chart.
    figureScroll->setMinimumHeight(220);
    auto* right = new QTabWidget(this);
    right->setDocumentMode(true);
    right->addTab(figureScroll, tr("Bar chart"));
    right->addTab(m_table, tr("Table"));
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(variantsBox);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({250, 2000});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_formRow);
    layout->addLayout(buttons);
    layout->addLayout(options);
    layout->addWidget(split, 1);

    m_clock->setInterval(500);
    connect(m_clock, &QTimer::timeout, this, &BlockDesignView::updateProgressText);
    connect(m_runDefault, &QPushButton::clicked, this, &BlockDesignView::runDefaultAblation);
    connect(m_run, &QPushButton::clicked, this, &BlockDesignView::runAblation);
    connect(m_cancel, &QPushButton::clicked, this, &BlockDesignView::cancel);
    connect(m_showTest, &QCheckBox::toggled, this, &BlockDesignView::redraw);
    m_jobs.watch(kAblationJob, this, std::bind_front(&BlockDesignView::onStarted, this),
                 std::bind_front(&BlockDesignView::onProgress, this), std::bind_front(&BlockDesignView::onFinished, this));
    connect(&m_results, &Results::ablationChanged, this, &BlockDesignView::onAblationChanged);

    setFontScale(1.0);
    updateButtons();
}

core::AblationConfig BlockDesignView::formConfig() const {
    core::AblationConfig c = m_form;
    if (m_data->currentText().toStdString() != c.data) {
        c.data = m_data->currentText().toStdString();
        c.dataOptions = core::DataOptions{};
    }
    c.variants.clear();
    bool all = true;
    for (int i = 0; i < m_variants->count(); ++i) {
        const QListWidgetItem* item = m_variants->item(i);
        if (item->checkState() == Qt::Checked)
            c.variants.push_back(item->data(Qt::UserRole).toString().toStdString());
        else
            all = false;
    }
    if (all)
        c.variants.clear();
    else if (c.variants.empty())
        c.variants.push_back("");   // none ticked: refused by runConfig with a clear message
    c.depth = m_depth->value();
    c.seeds.clear();
    for (int s = 0; s < m_seeds->value(); ++s)
        c.seeds.push_back(std::uint64_t(s));
    c.train.epochs = m_epochs->value();
    c.width = m_width->value();
    return c;
}

void BlockDesignView::setForm(const core::AblationConfig& c) {
    m_form = c;
    m_data->setCurrentText(QString::fromStdString(c.data));
    for (int i = 0; i < m_variants->count(); ++i) {
        QListWidgetItem* item = m_variants->item(i);
        const std::string name = item->data(Qt::UserRole).toString().toStdString();
        const bool on = c.variants.empty() || std::find(c.variants.begin(), c.variants.end(), name) != c.variants.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    m_depth->setValue(c.depth);
    m_seeds->setValue(std::max(1, int(c.seeds.size())));
    m_epochs->setValue(c.train.epochs);
    m_width->setValue(c.width);
}

void BlockDesignView::setAllVariants(bool checked) {
    for (int i = 0; i < m_variants->count(); ++i)
        m_variants->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void BlockDesignView::setFontScale(double scale) {
    m_fontScale = scale;
    redraw();
}

void BlockDesignView::setShowTest(bool show) { m_showTest->setChecked(show); }

void BlockDesignView::setCompact(bool compact) {
    m_formRow->setVisible(!compact);
    m_variantsBox->setVisible(!compact);
}

bool BlockDesignView::isCompact() const { return m_formRow->isHidden(); }

void BlockDesignView::runDefaultAblation() {
    setForm(core::defaultAblation());
    runConfig(core::defaultAblation());
}

void BlockDesignView::runAblation() { runConfig(formConfig()); }

void BlockDesignView::runConfig(const core::AblationConfig& config) {
    QStringList problems;
    if (config.variants.size() == 1 && config.variants.front().empty())
        problems << tr("variants: tick at least one block design");
    else
        for (const std::string& p : core::checkAblationConfig(config))
            problems << QString::fromStdString(p);
    if (!problems.isEmpty()) {
        m_progressLabel->setText(tr("<b>Cannot run this ablation:</b> %1").arg(problems.join(QStringLiteral("; ")).toHtmlEscaped()));
        emit statusMessage(tr("Cannot run the ablation: %1").arg(problems.front()));
        return;
    }
    startAblation(m_jobs, m_results, config);
}

void BlockDesignView::cancel() {
    if (!isRunning())
        return;
    m_jobs.cancel(kAblationJob);
    m_progressLabel->setText(tr("Cancelling: the runs stop after their current batch..."));
}

void BlockDesignView::cancelAndWait() {
    m_jobs.cancel(kAblationJob);
    m_jobs.wait(kAblationJob);
}

bool BlockDesignView::isRunning() const { return m_jobs.isRunning(kAblationJob); }

int BlockDesignView::receivedRuns() const { return m_results.ablation() ? int(m_results.ablation()->runs.size()) : 0; }

std::vector<core::AblationSummaryRow> BlockDesignView::summary() const {
    if (!m_results.ablation())
        return {};
    return core::summarizeAblation(inTableOrder(*m_results.ablation()));
}

void BlockDesignView::onStarted() {
    const core::AblationConfig config = m_results.ablation() ? m_results.ablation()->config : core::AblationConfig{};
    const std::size_t variants = config.variants.empty() ? core::ablationVariants().size() : config.variants.size();
    m_batch.start(int(variants * config.seeds.size()), m_progress);
    m_verdict.clear();
    m_clock->start();
    updateProgressText();
    updateButtons();
    emit statusMessage(tr("Block-design ablation started: %1 runs").arg(m_batch.total()));
}

void BlockDesignView::onProgress(const JobProgress& p) {
    m_batch.report(p, m_progress);
    updateProgressText();
}

void BlockDesignView::onFinished(const JobOutcome& outcome) {
    const bool cancelled = outcome.status == JobOutcome::Status::Cancelled;
    const bool failed = outcome.status == JobOutcome::Status::Failed;
    const int runs = receivedRuns();
    m_clock->stop();
    m_batch.finish(outcome, runs, tr("ablation"));
    // What the run shows, in a sentence; compact (presentation mode, where the lesson's text
    // says it) the label keeps to the one line above the chart.
    m_verdict = !cancelled && !failed && !isCompact() ? verdict() : QString();
    updateProgressText();
    updateButtons();
    redraw();
    emit statusMessage(failed      ? tr("The ablation could not run: %1").arg(outcome.error)
                       : cancelled ? tr("Block-design ablation cancelled")
                                   : tr("Block-design ablation done: %1 runs").arg(runs));
    emit ablationFinished(cancelled || failed);
}

QString BlockDesignView::verdict() const {
    // What the run shows, in a sentence: the best design, and those that failed.
    const std::vector<core::AblationSummaryRow> rows = summary();
    if (rows.empty())
        return {};
    const auto best = std::min_element(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.medianTrainError < b.medianTrainError;
    });
    QString text = tr("Lowest median training error: %1 (%2).")
                       .arg(QString::fromStdString(best->label).toHtmlEscaped())
                       .arg(best->medianTrainError, 0, 'f', 3);
    QStringList failed;
    for (const core::AblationSummaryRow& r : rows)
        if (r.failedRuns * 2 > r.runs)
            failed << QString::fromStdString(r.variant).toHtmlEscaped();
    if (!failed.isEmpty())
        text += tr(" Failed on most seeds (test error above 20%): %1.").arg(failed.join(QStringLiteral(", ")));
    return text;
}

QString BlockDesignView::progressText() const { return m_progressLabel->text(); }

void BlockDesignView::updateProgressText() {
    if (!m_batch.outcome().isEmpty()) {
        m_progressLabel->setText(m_verdict.isEmpty() ? m_batch.outcome() : m_batch.outcome() + QLatin1Char(' ') + m_verdict);
        return;
    }
    if (!isRunning())
        return;
    QString text = tr("%1 of %2 runs done · %3 elapsed")
                       .arg(m_batch.last().done)
                       .arg(m_batch.total())
                       .arg(clockText(m_batch.elapsedSeconds())) +
                   m_batch.timeLeftText();
    if (m_results.ablation() && !m_results.ablation()->runs.empty() && !isCompact()) {
        const core::AblationRun& r = m_results.ablation()->runs.back();
        text += tr(" · last: %1, seed %2 → training error %3")
                    .arg(QString::fromStdString(r.variant))
                    .arg(r.seed)
                    .arg(r.finalTrainError, 0, 'f', 3);
    }
    m_progressLabel->setText(text);
}

void BlockDesignView::updateButtons() {
    const bool running = isRunning();
    m_runDefault->setEnabled(!running);
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void BlockDesignView::onAblationChanged() {
    redraw();
    updateProgressText();
}

void BlockDesignView::redraw() {
    const std::vector<core::AblationSummaryRow> rows = summary();
    AblationFigureOptions options;
    options.testError = m_showTest->isChecked();
    options.fontScale = m_fontScale;
    if (m_results.ablation() && m_results.ablation()->chanceError > 0)
        options.chance = m_results.ablation()->chanceError;
    const core::AblationConfig* config = m_results.ablation() ? &m_results.ablation()->config : nullptr;
    options.title = !config ? tr("Block design: no ablation yet")
                    : config->seeds.size() == 1
                        ? tr("Block design at %1 layers (%2, 1 seed)").arg(config->depth).arg(QString::fromStdString(config->data))
                        : tr("Block design at %1 layers (%2, %3 seeds)")
                              .arg(config->depth)
                              .arg(QString::fromStdString(config->data))
                              .arg(config->seeds.size());
    drawAblationFigure(*m_figure, rows, options);
    // Room for every row (two lines for the longer names): the scroll area scrolls below it.
    const double text = plotTextScale(m_fontScale);
    m_figure->setMinimumHeight(int((110 + 28 * std::max<std::size_t>(rows.size(), 4)) * text));
    requestReplot(m_figure);

    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        const core::AblationSummaryRow& r = rows[std::size_t(i)];
        const QStringList cells{QString::fromStdString(r.label.empty() ? r.variant : r.label),
                                QString::fromStdString(r.source),
                                errorRange(r.medianTrainError, r.minTrainError, r.maxTrainError),
                                errorRange(r.medianTestError, r.minTestError, r.maxTestError),
                                tr("%1 of %2").arg(r.failedRuns).arg(r.runs),
                                paperText(r.paper)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c >= 2 && c <= 4)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c == 0)
                item->setToolTip(QStringLiteral("%1 (%2)").arg(cells[0], QString::fromStdString(r.variant)));
            m_table->setItem(i, c, item);
        }
    }
}

}  // namespace ui
