#include "ui/views/depth_view.h"

#include "core/data/synthetic_2d.h"
#include "ui/jobs/sweep_job.h"
#include "ui/results/results.h"
#include "ui/plots/hover_readout.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/replot_scheduler.h"
#include "ui/plots/sweep_figure.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTextStream>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <functional>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace ui {

namespace {

// The families' panels of the curves plot, plain first (left), as in the paper.
const QStringList kFamilies{QStringLiteral("plain"), QStringLiteral("residual")};

}  // namespace

DepthView::DepthView(Results& results, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), m_results(results), m_jobs(jobs), m_data(new QComboBox(this)),
      m_depths(new QLineEdit(this)), m_seeds(new QSpinBox(this)), m_epochs(new QSpinBox(this)),
      m_width(new QSpinBox(this)), m_runDefault(new QPushButton(tr("Run the default sweep"), this)),
      m_run(new QPushButton(tr("Run"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_showTest(new QCheckBox(tr("show test error"), this)), m_seedChoice(new QComboBox(this)),
      m_progress(new QProgressBar(this)), m_progressLabel(new QLabel(this)), m_figure(new QCustomPlot(this)),
      m_curves(new QCustomPlot(this)), m_curvesTimer(new QTimer(this)), m_clock(new QTimer(this)) {
    for (const std::string& kind : core::synthetic2dKinds())
        m_data->addItem(QString::fromStdString(kind), QString::fromStdString(kind));
    m_data->addItem(QStringLiteral("shapes"), QStringLiteral("shapes"));
    m_data->addItem(tr("Fashion-MNIST (the image lesson)"), QStringLiteral("fashion-mnist"));
    m_data->setToolTip(tr("2-D sets train multilayer perceptrons (any even depth >= 4); images train 6n+2 conv "
                          "nets (depths 8, 14, 20, 32, 44, 56, ...). Fashion-MNIST starts from the image lesson's "
                          "settings: 2,000 training images at 14x14, width 8, depths 8, 20, 44, 6 epochs, batch "
                          "64, lr 0.02"));
    m_depths->setToolTip(tr("Depths in weighted layers, separated by commas"));
    m_seeds->setRange(1, 20);
    m_seeds->setToolTip(tr("Seeds 0 .. n-1 per depth: the spread over seeds is drawn as a band"));
    m_epochs->setRange(1, 10000);
    m_width->setRange(1, 4096);
    m_runDefault->setToolTip(tr("3-class two-turn spiral, width 32, BN, SGD momentum 0.9, lr 0.05 cosine, batch 128, "
                                "40 epochs, depths 4, 8, 16, 32, 56, seeds 0, 1, 2"));
    m_runDefault->setDefault(true);
    m_seedChoice->addItem(tr("mean over seeds"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("no sweep yet"));   // "%v of %m runs" once one starts
    m_progressLabel->setText(tr("One click on <b>Run the default sweep</b> trains plain and residual networks of "
                                "depth 4 to 56 and draws the degradation figure."));
    m_progressLabel->setWordWrap(true);
    setForm(core::defaultSweep());

    // The fields in two rows: in one they would not fit a projector's width at presentation
    // font sizes.
    m_formRow = new QWidget(this);
    auto* form = new QGridLayout(m_formRow);
    form->setContentsMargins(0, 0, 0, 0);
    auto addField = [&](int row, int column, const QString& label, QWidget* w) {
        form->addWidget(new QLabel(label, this), row, 2 * column);
        form->addWidget(w, row, 2 * column + 1);
    };
    addField(0, 0, tr("Data"), m_data);
    addField(0, 1, tr("Depths"), m_depths);
    addField(1, 0, tr("Seeds"), m_seeds);
    addField(1, 1, tr("Epochs"), m_epochs);
    addField(1, 2, tr("Width"), m_width);
    form->setColumnStretch(6, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runDefault);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto* options = new QHBoxLayout;
    options->addWidget(m_progressLabel, 1);
    options->addWidget(m_showTest);
    options->addWidget(m_curvesLabel = new QLabel(tr("curves:"), this));
    options->addWidget(m_seedChoice);
    options->addWidget(makeExportButton(
        this, {{tr("Error against depth"), QStringLiteral("error_against_depth"), m_figure, nullptr, {}},
               {tr("Curves by depth"), QStringLiteral("curves_by_depth"), m_curves, nullptr, {}}}));

    m_figure->setMinimumSize(260, 200);
    m_curves->setMinimumSize(320, 200);
    new HoverReadout(m_figure);
    new HoverReadout(m_curves);
    installExportMenu(m_figure, QStringLiteral("error_against_depth"));
    installExportMenu(m_curves, QStringLiteral("curves_by_depth"));
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_figure);
    split->addWidget(m_curves);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({2000, 3000});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_formRow);
    layout->addLayout(buttons);
    layout->addLayout(options);
    layout->addWidget(split, 1);

    m_curvesTimer->setSingleShot(true);
    m_curvesTimer->setInterval(100);
    connect(m_curvesTimer, &QTimer::timeout, this, &DepthView::redrawCurves);
    m_clock->setInterval(500);
    connect(m_clock, &QTimer::timeout, this, &DepthView::updateProgressText);
    connect(m_runDefault, &QPushButton::clicked, this, &DepthView::runDefaultSweep);
    connect(m_run, &QPushButton::clicked, this, &DepthView::runSweep);
    connect(m_cancel, &QPushButton::clicked, this, &DepthView::cancel);
    // Another data set starts from its own sweep (the image lesson's for Fashion-MNIST).
    connect(m_data, &QComboBox::activated, this,
            [this](int index) {
                const std::string data = m_data->itemData(index).toString().toStdString();
                if (data != m_formBase.data)
                    setForm(core::defaultSweepFor(data));
            });
    connect(m_showTest, &QCheckBox::toggled, this, [this] {
        redrawFigure();
        redrawCurves();
    });
    connect(m_seedChoice, &QComboBox::currentIndexChanged, this, &DepthView::scheduleCurves);
    m_jobs.watch(kSweepJob, this, std::bind_front(&DepthView::onStarted, this), std::bind_front(&DepthView::onProgress, this),
                 std::bind_front(&DepthView::onFinished, this));
    connect(&m_results, &Results::sweepChanged, this, &DepthView::onSweepChanged);

    setFontScale(1.0);
    updateButtons();
}

core::SweepConfig DepthView::formConfig() const {
    // The fields the form does not show (data options, training settings) come from the sweep
    // it was set to, or from the data set's own sweep.
    const std::string data = m_data->currentData().toString().toStdString();
    core::SweepConfig c = m_formBase.data == data ? m_formBase : core::defaultSweepFor(data);
    c.depths.clear();
    for (const QString& part : m_depths->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int d = part.toInt(&ok);
        c.depths.push_back(ok ? d : -1);
    }
    c.seeds.clear();
    for (int s = 0; s < m_seeds->value(); ++s)
        c.seeds.push_back(std::uint64_t(s));
    c.train.epochs = m_epochs->value();
    c.width = m_width->value();
    return c;
}

void DepthView::setForm(const core::SweepConfig& c) {
    m_formBase = c;
    int index = m_data->findData(QString::fromStdString(c.data));
    if (index < 0) {   // a data set the list does not name (idx:..., cifar10:...): offered while set
        m_data->addItem(QString::fromStdString(c.data), QString::fromStdString(c.data));
        index = m_data->count() - 1;
    }
    m_data->setCurrentIndex(index);
    QStringList depths;
    for (int d : c.depths)
        depths << QString::number(d);
    m_depths->setText(depths.join(QStringLiteral(", ")));
    m_seeds->setValue(int(c.seeds.size()));
    m_epochs->setValue(c.train.epochs);
    m_width->setValue(c.width);
}

void DepthView::setCompact(bool compact) {
    if (compact == isCompact())
        return;
    for (QWidget* w : std::initializer_list<QWidget*>{m_formRow, m_curves, m_curvesLabel, m_seedChoice})
        w->setVisible(!compact);
}

bool DepthView::isCompact() const { return m_formRow->isHidden(); }

void DepthView::setFontScale(double scale) {
    m_fontScale = scale;
    applyPlotStyle(*m_figure, scale);
    redrawFigure();
    redrawCurves();
}

void DepthView::setShowTest(bool show) { m_showTest->setChecked(show); }

void DepthView::runDefaultSweep() {
    setForm(core::defaultSweep());
    runConfig(core::defaultSweep());
}

void DepthView::runSweep() { runConfig(formConfig()); }

void DepthView::runConfig(const core::SweepConfig& config) {
    QStringList problems;
    for (const std::string& p : core::checkSweepConfig(config))
        problems << QString::fromStdString(p);
    if (!problems.isEmpty()) {
        m_progressLabel->setText(tr("<b>Cannot run this sweep:</b> %1").arg(problems.join(QStringLiteral("; ")).toHtmlEscaped()));
        emit statusMessage(tr("Cannot run the sweep: %1").arg(problems.front()));
        return;
    }
    startSweep(m_jobs, m_results, config);
}

void DepthView::cancel() {
    if (!isRunning())
        return;
    m_jobs.cancel(kSweepJob);
    m_progressLabel->setText(tr("Cancelling: the runs stop after their current batch..."));
}

void DepthView::cancelAndWait() {
    m_jobs.cancel(kSweepJob);
    m_jobs.wait(kSweepJob);
}

bool DepthView::isRunning() const { return m_jobs.isRunning(kSweepJob); }

int DepthView::receivedRuns() const { return m_results.sweep() ? int(m_results.sweep()->runs.size()) : 0; }

void DepthView::onStarted() {
    m_batch.start(int(m_config.families.size() * m_config.depths.size() * m_config.seeds.size()), m_progress);
    m_clock->start();
    updateProgressText();
    updateButtons();
    emit statusMessage(tr("Depth sweep started: %1 runs").arg(m_batch.total()));
}

void DepthView::onSweepChanged() {
    const core::SweepConfig config = m_results.sweep() ? m_results.sweep()->config : core::SweepConfig{};
    const bool newSeeds = config.seeds != m_config.seeds || m_seedChoice->count() != int(config.seeds.size()) + 1;
    m_config = config;
    if (newSeeds) {
        const QString previous = m_seedChoice->currentText();
        const QSignalBlocker block(m_seedChoice);
        m_seedChoice->clear();
        m_seedChoice->addItem(tr("mean over seeds"));
        for (std::uint64_t s : m_config.seeds)
            m_seedChoice->addItem(tr("seed %1").arg(s));
        m_seedChoice->setCurrentIndex(std::max(0, m_seedChoice->findText(previous)));
    }
    redrawFigure();
    scheduleCurves();
}

void DepthView::onProgress(const JobProgress& p) {
    m_batch.report(p, m_progress);
    updateProgressText();
}

void DepthView::onFinished(const JobOutcome& outcome) {
    const bool cancelled = outcome.status == JobOutcome::Status::Cancelled;
    const bool failed = outcome.status == JobOutcome::Status::Failed;
    const int runs = receivedRuns();
    m_clock->stop();
    m_batch.finish(outcome, runs, tr("sweep"));
    updateProgressText();
    updateButtons();
    redrawFigure();
    redrawCurves();
    emit statusMessage(failed      ? tr("The depth sweep could not run: %1").arg(outcome.error)
                       : cancelled ? tr("Depth sweep cancelled")
                                   : tr("Depth sweep done: %1 runs").arg(runs));
    emit sweepFinished(cancelled || failed);
}

QString DepthView::progressText() const { return m_progressLabel->text(); }

void DepthView::updateProgressText() {
    if (!m_batch.outcome().isEmpty()) {
        m_progressLabel->setText(m_batch.outcome());
        return;
    }
    if (!isRunning())
        return;
    const int total = m_batch.total();
    const int done = m_batch.last().done;
    const int running = std::max(m_batch.last().running,
                                 std::min(total - done, std::max(1, m_config.jobs > 0 ? m_config.jobs : QThread::idealThreadCount())));
    m_progressLabel->setText(tr("Run %1 of %2 · %3 done, %4 running, %5 left · %6 elapsed")
                                 .arg(std::min(total, done + 1))
                                 .arg(total)
                                 .arg(done)
                                 .arg(running)
                                 .arg(total - done)
                                 .arg(clockText(m_batch.elapsedSeconds())) +
                             m_batch.timeLeftText());
}

void DepthView::updateButtons() {
    const bool running = isRunning();
    m_runDefault->setEnabled(!running);
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
}

void DepthView::redrawFigure() {
    SweepFigureOptions options;
    options.showTest = m_showTest->isChecked();
    options.fontScale = m_fontScale;
    // The run count is on the progress bar and the status line; with presentation fonts a
    // longer title would not fit the panel.
    options.title = tr("Training error against depth");
    const std::vector<core::SweepRun> none;
    const std::vector<core::SweepRun>& finished = m_results.sweep() ? m_results.sweep()->runs : none;
    drawSweepFigure(*m_figure, core::summarizeSweep(finished), options);
    if (finished.empty())
        m_figure->xAxis->setRange(0, 60);
    requestReplot(m_figure);
}

void DepthView::scheduleCurves() {
    if (!m_curvesTimer->isActive())
        m_curvesTimer->start();
}

std::vector<DepthView::Curve> DepthView::curves() const {
    // The finished runs with their whole history, then the runs still training with the epochs
    // they have reported (by index in the config's order).
    std::vector<Curve> out;
    std::set<std::tuple<std::string, int, std::uint64_t>> finished;
    if (m_results.sweep())
        for (const core::SweepRun& r : m_results.sweep()->runs) {
            out.push_back({QString::fromStdString(r.family), r.depth, r.seed, &r.result.history});
            finished.insert({r.family, r.depth, r.seed});
        }
    for (std::size_t f = 0; f < m_config.families.size(); ++f)
        for (std::size_t d = 0; d < m_config.depths.size(); ++d)
            for (std::size_t s = 0; s < m_config.seeds.size(); ++s) {
                const auto it = m_results.sweepEpochs().find(sweepRunIndex(m_config, int(f), int(d), int(s)));
                if (it == m_results.sweepEpochs().end() ||
                    finished.count({m_config.families[f], m_config.depths[d], m_config.seeds[s]}))
                    continue;
                out.push_back({QString::fromStdString(m_config.families[f]), m_config.depths[d], m_config.seeds[s],
                               &it->second});
            }
    return out;
}

void DepthView::redrawCurves() {
    QCustomPlot& plot = *m_curves;
    plot.clearPlottables();
    plot.clearItems();
    plot.plotLayout()->clear();
    QFont title = plot.font();
    title.setPointSizeF(11 * plotTextScale(m_fontScale));
    title.setBold(true);
    QFont tick = plot.font();
    tick.setPointSizeF(std::max(6.0, 9.0 * plotTextScale(m_fontScale)));
    delete m_curveMargins;   // after the layout that used it is gone
    m_curveMargins = new QCPMarginGroup(&plot);
    QCPMarginGroup* margins = m_curveMargins;
    std::vector<QCPAxisRect*> rects;
    std::vector<int> depths = m_config.depths;
    std::sort(depths.begin(), depths.end());
    int maxEpochs = std::max(1, m_config.train.epochs);
    double maxError = 0.05;
    const std::vector<Curve> runs = curves();
    for (const Curve& c : runs)
        for (const core::EpochReport& e : *c.history)
            maxError = std::max({maxError, e.trainError, m_showTest->isChecked() ? e.testError : 0.0});
    for (int f = 0; f < kFamilies.size(); ++f) {
        auto* heading = new QCPTextElement(&plot, tr("%1 networks").arg(kFamilies[f]), title);
        heading->setTextColor(familyColor(kFamilies[f]));
        auto* rect = new QCPAxisRect(&plot);
        plot.plotLayout()->addElement(0, f, heading);
        plot.plotLayout()->addElement(1, f, rect);
        rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
        rect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));
        rect->axis(QCPAxis::atLeft)->setLabel(tr("error"));
        for (QCPAxis* a : rect->axes()) {
            a->setTickLabelFont(tick);
            a->setLabelFont(tick);
        }
        rect->axis(QCPAxis::atBottom)->setRange(0, maxEpochs);
        rect->axis(QCPAxis::atLeft)->setRange(-0.01, std::min(1.0, maxError * 1.1 + 0.02));
        rects.push_back(rect);
    }
    plot.plotLayout()->setRowStretchFactor(0, 0.01);
    // The key to both panels, in a column of its own on their right, its entries at the top:
    // inside a panel it would cover the curves (with presentation fonts, most of them).
    auto* legend = new QCPLegend;
    addKeyColumn(plot, legend, 1, int(kFamilies.size()));
    legend->setLayer(QStringLiteral("legend"));
    legend->setFont(tick);
    legend->setBrush(QColor(255, 255, 255, 210));

    // The legend lists each depth once, in its colour (entries without data).
    for (std::size_t di = 0; di < depths.size(); ++di) {
        QCPGraph* entry = plot.addGraph(rects.back()->axis(QCPAxis::atBottom), rects.back()->axis(QCPAxis::atLeft));
        entry->setName(tr("depth %1").arg(depths[di]));
        entry->setPen(QPen(depthColor(int(di), int(depths.size())), 2.6 * m_fontScale));
        entry->removeFromLegend();
        entry->addToLegend(legend);
    }
    // The band: the spread over the seeds around their mean.
    const int seedChoice = m_seedChoice->currentIndex();   // 0 = mean
    const bool bands = seedChoice == 0 && m_config.seeds.size() > 1;
    if (bands) {
        QCPGraph* entry = plot.addGraph(rects.back()->axis(QCPAxis::atBottom), rects.back()->axis(QCPAxis::atLeft));
        entry->setName(tr("band: min-max over %1 seeds").arg(m_config.seeds.size()));
        entry->setPen(QPen(QColor(0, 0, 0, 60), 8 * m_fontScale));
        entry->removeFromLegend();
        entry->addToLegend(legend);
    }
    // And the two line weights, as in the paper's figures.
    for (const bool test : {false, true}) {
        if (test && !m_showTest->isChecked())
            continue;
        QCPGraph* entry = plot.addGraph(rects.back()->axis(QCPAxis::atBottom), rects.back()->axis(QCPAxis::atLeft));
        entry->setName(test ? tr("thin: test error") : tr("bold: training error"));
        entry->setPen(QPen(Qt::black, (test ? 1.0 : 2.6) * m_fontScale));
        entry->removeFromLegend();
        entry->addToLegend(legend);
    }

    // One curve per (family, depth): one seed, or the mean over the seeds at each epoch with
    // the band from the lowest to the highest seed.
    for (int f = 0; f < kFamilies.size(); ++f) {
        for (std::size_t di = 0; di < depths.size(); ++di) {
            std::map<int, std::pair<double, int>> train, test;   // epoch -> (sum, count)
            std::map<int, std::pair<double, double>> spread;      // epoch -> (min, max) training error
            for (const Curve& c : runs) {
                if (c.family != kFamilies[f] || c.depth != depths[di])
                    continue;
                if (seedChoice > 0 && c.seed != m_config.seeds[std::size_t(seedChoice - 1)])
                    continue;
                for (const core::EpochReport& e : *c.history) {
                    auto [it, first] = spread.try_emplace(e.epoch, e.trainError, e.trainError);
                    if (!first)
                        it->second = {std::min(it->second.first, e.trainError), std::max(it->second.second, e.trainError)};
                    train[e.epoch].first += e.trainError;
                    ++train[e.epoch].second;
                    test[e.epoch].first += e.testError;
                    ++test[e.epoch].second;
                }
            }
            if (train.empty())
                continue;
            QVector<double> epochs, trainError, testError;
            for (const auto& [epoch, sum] : train) {
                epochs << epoch;
                trainError << sum.first / sum.second;
                testError << test[epoch].first / test[epoch].second;
            }
            const QColor color = depthColor(int(di), int(depths.size()));
            QCPAxis* x = rects[std::size_t(f)]->axis(QCPAxis::atBottom);
            QCPAxis* y = rects[std::size_t(f)]->axis(QCPAxis::atLeft);
            if (bands) {
                QVector<double> lo, hi;
                for (const auto& [epoch, range] : spread) {
                    lo << range.first;
                    hi << range.second;
                }
                QCPGraph* upper = plot.addGraph(x, y);
                upper->setName(tr("%1-%2 training error, highest seed").arg(kFamilies[f]).arg(depths[di]));
                upper->setData(epochs, hi, true);
                upper->setPen(Qt::NoPen);
                upper->removeFromLegend();
                QCPGraph* lower = plot.addGraph(x, y);
                lower->setName(tr("%1-%2 training error, lowest seed").arg(kFamilies[f]).arg(depths[di]));
                lower->setData(epochs, lo, true);
                lower->setPen(Qt::NoPen);
                lower->removeFromLegend();
                QColor fill = color;
                fill.setAlpha(55);
                upper->setBrush(fill);
                upper->setChannelFillGraph(lower);
            }
            QCPGraph* g = plot.addGraph(x, y);
            g->setName(tr("%1-%2 training error").arg(kFamilies[f]).arg(depths[di]));
            g->setData(epochs, trainError, true);
            g->setPen(QPen(color, 2.6 * m_fontScale));
            g->removeFromLegend();
            if (m_showTest->isChecked()) {
                QCPGraph* t = plot.addGraph(x, y);
                t->setName(tr("%1-%2 test error").arg(kFamilies[f]).arg(depths[di]));
                t->setData(epochs, testError, true);
                t->setPen(QPen(color, 1.0 * m_fontScale));
                t->removeFromLegend();
            }
        }
    }
    requestReplot(&plot);
}

}  // namespace ui
