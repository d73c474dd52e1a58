#include "ui/views/curves_view.h"

#include "ui/plots/clipped_graph.h"
#include "ui/plots/hover_readout.h"
#include "ui/plots/legend_placement.h"
#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/replot_scheduler.h"
#include "ui/plots/robust_range.h"
#include "ui/views/current_page_sizing.h"
#include "ui/views/decision_map_view.h"
#include "ui/views/image_predictions_view.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ui {

namespace {

QCustomPlot* makePlot(QWidget* parent, const QString& yLabel) {
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumSize(240, 150);
    plot->yAxis->setLabel(yLabel);
    plot->legend->setVisible(true);
    plot->legend->setBrush(QColor(255, 255, 255, 210));
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->setNoAntialiasingOnDrag(true);
    // No legend before the first run has named its curves: an empty key is an empty box. (Connected
    // before the placement rule, which then places what is shown.)
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot,
                     [plot] { plot->legend->setVisible(plot->legend->itemCount() > 0); });
    keepLegendClearOfData(*plot);
    return plot;
}

QColor lighter(QColor c, int alpha) {
    c.setAlpha(alpha);
    return c;
}

}  // namespace

CurvesView::CurvesView(QWidget* parent) : QWidget(parent) {
    m_loss = makePlot(this, tr("loss"));
    m_error = makePlot(this, tr("error"));
    m_lossReadout = new HoverReadout(m_loss);
    m_errorReadout = new HoverReadout(m_error);
    installExportMenu(m_loss, QStringLiteral("loss"));
    installExportMenu(m_error, QStringLiteral("error"));

    m_map = new DecisionMapView(this);
    m_images = new ImagePredictionsView(this);
    m_xChoice = new QComboBox(this);
    m_xChoice->addItem(tr("against step"));
    m_xChoice->addItem(tr("against epoch"));
    m_logChoice = new QCheckBox(tr("log scale"), this);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);   // with large presentation fonts the line wraps instead of widening the window
    connect(m_xChoice, &QComboBox::currentIndexChanged, this,
            [this](int i) { setXAxis(i == 0 ? XAxis::Step : XAxis::Epoch); });
    connect(m_logChoice, &QCheckBox::toggled, this, &CurvesView::setLogScale);

    m_nothingBelow = new QLabel(tr("The decision regions appear here for 2-D data, the test images with their "
                                   "predictions and the confusion matrix for image data."),
                                this);
    static_cast<QLabel*>(m_nothingBelow)->setAlignment(Qt::AlignCenter);
    static_cast<QLabel*>(m_nothingBelow)->setWordWrap(true);
    m_below = new QStackedWidget(this);
    m_below->addWidget(m_nothingBelow);
    m_below->addWidget(m_map);
    m_below->addWidget(m_images);
    sizeToCurrentPage(m_below);

    auto* tools = new QHBoxLayout;
    auto* legend = new QLabel(tr("<b>Loss and error</b> — bold: whole training set · thin: test set · faint: "
                                 "batches (training mode)"),
                              this);
    legend->setWordWrap(true);
    tools->addWidget(legend, 1);
    tools->addWidget(m_xChoice);
    tools->addWidget(m_logChoice);
    tools->addWidget(makeExportButton(
        this, {{tr("Loss"), QStringLiteral("loss"), m_loss, nullptr, {}},
               {tr("Error"), QStringLiteral("error"), m_error, nullptr, {}},
               {tr("Decision regions"), QStringLiteral("decision_regions"), m_map->plot(), nullptr,
                [this](const QString& path) { return m_map->saveCsv(path); }},
               {tr("Test images"), QStringLiteral("test_images"), nullptr, m_images->grid(), {}},
               {tr("Confusion matrix"), QStringLiteral("confusion_matrix"), m_images->confusionPlot(), nullptr, {}}}));
    auto* header = new QVBoxLayout;
    header->addLayout(tools);
    header->addWidget(m_status);
    auto* curves = new QSplitter(Qt::Horizontal, this);
    curves->addWidget(m_loss);
    curves->addWidget(m_error);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(curves);
    split->addWidget(m_below);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({1000, 1000});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addWidget(split, 1);

    setFontScale(1.0);
    clear(false);
}

void CurvesView::setFontScale(double scale) {
    m_fontScale = scale;
    applyPlotStyle(*m_loss, scale);
    applyPlotStyle(*m_error, scale);
    styleGraphs();
    m_map->setFontScale(scale);
    m_images->setFontScale(scale);
    requestReplot(m_loss);
    requestReplot(m_error);
}

void CurvesView::clear(bool twin) {
    for (QCPAbstractItem* item : m_marks)
        item->parentPlot()->removeItem(item);
    m_marks.clear();
    if (m_clipNote)
        m_loss->removeItem(m_clipNote);
    m_clipNote = nullptr;
    m_diverged.clear();
    m_divergence.clear();
    m_loss->clearGraphs();
    m_error->clearGraphs();
    for (Series& s : m_series)
        s = Series{};
    m_status->clear();
    m_map->clear(twin ? 2 : 1);
    m_images->clear();
    m_below->setCurrentWidget(m_nothingBelow);
    const QString xLabel = m_xAxis == XAxis::Step ? tr("step") : tr("epoch");
    m_loss->xAxis->setLabel(xLabel);
    m_error->xAxis->setLabel(xLabel);
    m_loss->xAxis->setRange(0, 1);
    m_error->xAxis->setRange(0, 1);
    m_loss->yAxis->setRange(m_log ? 1e-3 : 0, m_log ? 10 : 1.2);
    m_error->yAxis->setRange(m_log ? 1e-3 : 0, 1);
    requestReplot(m_loss);
    requestReplot(m_error);
}

void CurvesView::createGraphs(int run) {
    Series& s = m_series[std::size_t(run)];
    const QString who = s.family.isEmpty() ? tr("run %1").arg(run + 1) : s.family;
    auto make = [&](QCustomPlot* plot, const QString& what) {
        QCPGraph* g = new ClippedGraph(plot->xAxis, plot->yAxis);
        g->setName(who + QStringLiteral(" · ") + what);
        return g;
    };
    s.lossBatch = make(m_loss, tr("batch (training mode)"));
    s.lossTrain = make(m_loss, tr("training set"));
    s.lossTest = make(m_loss, tr("test set"));
    s.errorBatch = make(m_error, tr("batch (training mode)"));
    s.errorTrain = make(m_error, tr("training set"));
    s.errorTest = make(m_error, tr("test set"));
    // The legend names the families; the line styles are explained once, above the plots.
    for (QCPGraph* g : {s.lossBatch, s.lossTest, s.errorBatch, s.errorTest})
        g->removeFromLegend();
    styleGraphs();
}

void CurvesView::styleGraphs() {
    const double w = m_fontScale;
    for (Series& s : m_series) {
        if (!s.lossBatch)
            continue;
        const QColor c = familyColor(s.family);
        for (QCPGraph* g : {s.lossBatch, s.errorBatch})
            g->setPen(QPen(lighter(c, 90), 1.0 * w));
        for (QCPGraph* g : {s.lossTrain, s.errorTrain}) {
            g->setPen(QPen(c, 2.6 * w));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 4 * w));
        }
        // Thin and solid: a dashed pen is stroked along its whole length, and the first
        // evaluation losses of an unstable start can lie far off the plot (seconds per repaint).
        for (QCPGraph* g : {s.lossTest, s.errorTest})
            g->setPen(QPen(lighter(c, 200), 1.2 * w));
    }
}

double CurvesView::keyOfStep(const Series& s, double step) const {
    return m_xAxis == XAxis::Step ? step : step / double(std::max<qint64>(1, s.stepsPerEpoch));
}

void CurvesView::setRunInfo(const RunStartedSnapshot& run) {
    if (run.run < 0 || run.run > 1)
        return;
    Series& s = m_series[std::size_t(run.run)];
    s.used = true;
    s.family = run.family;
    s.stepsPerEpoch = std::max<qint64>(1, run.stepsPerEpoch);
    s.totalSteps = run.totalSteps;
    s.epochs = run.epochs;
    if (!s.lossBatch)
        createGraphs(run.run);
    m_map->setRunFamily(run.run, run.family);
    m_images->setRunFamily(run.run, run.family);
    rescale();
}

void CurvesView::appendTo(int run, const ProgressSnapshot& p) {
    Series& s = m_series[std::size_t(run)];
    if (p.batches > 0) {
        const double key = keyOfStep(s, double(p.step));
        s.lossBatch->addData(key, p.batchLoss);
        s.errorBatch->addData(key, p.batchError);
    }
    for (const core::EpochReport& e : p.epochs) {
        const double key = m_xAxis == XAxis::Step ? double(e.step) : double(e.epoch);
        s.lossTrain->addData(key, e.trainLoss);
        s.errorTrain->addData(key, e.trainError);
        if (e.testLoss > 0 || e.testError > 0) {
            s.lossTest->addData(key, e.testLoss);
            s.errorTest->addData(key, e.testError);
        }
    }
}

void CurvesView::addProgress(const ProgressSnapshot& p) {
    if (p.run < 0 || p.run > 1)
        return;
    Series& s = m_series[std::size_t(p.run)];
    if (!s.lossBatch)
        createGraphs(p.run);
    if (p.batches > 0) {
        s.batchStep << double(p.step);
        s.batchLoss << p.batchLoss;
        s.batchError << p.batchError;
    }
    s.reports.insert(s.reports.end(), p.epochs.begin(), p.epochs.end());
    appendTo(p.run, p);
    if (s.batchStep.size() > kMaxBatchPoints) {
        // A long run: neighbouring batch points are merged in pairs (means), so the plot keeps
        // the whole run in a bounded number of points.
        QVector<double> step, loss, error;
        for (qsizetype i = 0; i + 1 < s.batchStep.size(); i += 2) {
            step << s.batchStep[i + 1];
            loss << (s.batchLoss[i] + s.batchLoss[i + 1]) / 2;
            error << (s.batchError[i] + s.batchError[i + 1]) / 2;
        }
        if (s.batchStep.size() % 2 == 1) {
            step << s.batchStep.back();
            loss << s.batchLoss.back();
            error << s.batchError.back();
        }
        s.batchStep = step;
        s.batchLoss = loss;
        s.batchError = error;
        rebuildData();
    }

    // One line of numbers per run: where it is and what it reached.
    QStringList parts;
    for (const Series& r : m_series) {
        if (!r.used && r.batchStep.isEmpty())
            continue;
        QString line = QStringLiteral("<b style='color:%1'>%2</b> ")
                           .arg(familyColor(r.family).name(), r.family.isEmpty() ? tr("run") : r.family);
        const qint64 step = r.batchStep.isEmpty() ? 0 : qint64(r.batchStep.back());
        line += tr("step %1/%2").arg(step).arg(r.totalSteps);
        if (!r.reports.empty()) {
            const core::EpochReport& e = r.reports.back();
            line += tr(" · epoch %1 · training error %2 · test error %3")
                        .arg(e.epoch)
                        .arg(readoutNumber(e.trainError))
                        .arg(readoutNumber(e.testError));
        } else if (!r.batchLoss.isEmpty()) {
            line += tr(" · batch loss %1").arg(readoutNumber(r.batchLoss.back()));
        }
        parts << line;
    }
    if (p.paused)
        parts << tr("<i>paused</i>");
    m_status->setText(parts.join(QStringLiteral(" &nbsp; ")));
    rescale();
}

void CurvesView::rebuildData() {
    for (std::size_t run = 0; run < m_series.size(); ++run) {
        Series& s = m_series[run];
        if (!s.lossBatch)
            continue;
        for (QCPGraph* g : {s.lossBatch, s.lossTrain, s.lossTest, s.errorBatch, s.errorTrain, s.errorTest})
            g->data()->clear();
        ProgressSnapshot all;
        for (int i = 0; i < s.batchStep.size(); ++i) {
            all.batches = 1;
            all.step = qint64(s.batchStep[i]);
            all.batchLoss = float(s.batchLoss[i]);
            all.batchError = float(s.batchError[i]);
            appendTo(int(run), all);
        }
        all.batches = 0;
        all.epochs = s.reports;
        appendTo(int(run), all);
    }
}

void CurvesView::setXAxis(XAxis axis) {
    if (axis == m_xAxis)
        return;
    m_xAxis = axis;
    m_xChoice->setCurrentIndex(axis == XAxis::Step ? 0 : 1);
    const QString xLabel = axis == XAxis::Step ? tr("step") : tr("epoch");
    m_loss->xAxis->setLabel(xLabel);
    m_error->xAxis->setLabel(xLabel);
    rebuildData();
    redrawMarks();
    rescale();
}

void CurvesView::setLogScale(bool log) {
    m_log = log;
    m_logChoice->setChecked(log);
    for (QCustomPlot* plot : {m_loss, m_error}) {
        plot->yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (log)
            plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        else
            plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    rescale();
}

void CurvesView::rescale() {
    double xMax = 1;
    for (const Series& s : m_series) {
        if (!s.used && s.batchStep.isEmpty())
            continue;
        xMax = std::max(xMax, m_xAxis == XAxis::Step ? double(s.totalSteps) : double(s.epochs));
        if (!s.batchStep.isEmpty())
            xMax = std::max(xMax, keyOfStep(s, s.batchStep.back()));
    }
    for (QCustomPlot* plot : {m_loss, m_error}) {
        plot->xAxis->setRange(0, xMax);
        // The range covers the values but not the few huge losses an unstable start or a
        // diverging run gives (they would flatten everything else): robustRange leaves such
        // spikes out, and a note at the top of the loss plot says how many and how large.
        std::vector<double> values;
        for (int i = 0; i < plot->graphCount(); ++i) {
            const QSharedPointer<QCPGraphDataContainer> data = plot->graph(i)->data();
            const int stride = std::max(1, data->size() / 2000);   // a sample is enough for the scale...
            for (int j = 0; j < data->size(); j += stride) {
                const double v = data->at(j)->value;
                if (std::isfinite(v) && (!m_log || v > 0))
                    values.push_back(v);
            }
            for (int j = 0; j < std::min(data->size(), 50); ++j)   // ...but the first steps, where spikes are, whole
                if (const double v = data->at(j)->value; j % stride != 0 && std::isfinite(v) && (!m_log || v > 0))
                    values.push_back(v);
        }
        RobustRange range = robustRange(values);
        if (plot == m_error) {   // errors lie in [0, 1]: nothing to leave out
            range.clippedAbove = 0;
            if (!range.empty)
                range.upper = *std::max_element(values.begin(), values.end());
        }
        const bool found = !range.empty;
        if (m_log) {
            double lo = 1e-4, hi = 10;
            if (found) {
                // Only positive values exist on a log axis; errors of exactly 0 are not drawn.
                lo = std::max(1e-5, range.lower > 0 ? range.lower / 1.5 : 1e-4);
                hi = std::max(lo * 10, range.upper * 1.5);
            }
            plot->yAxis->setRange(lo, hi);
        } else {
            const double hi = found ? std::max(0.05, range.upper * 1.08) : 1.0;
            plot->yAxis->setRange(plot == m_error ? -0.01 : 0.0, plot == m_error ? std::min(1.02, hi) : hi);
        }
        if (plot == m_loss) {
            if (m_clipNote)
                m_loss->removeItem(m_clipNote);
            m_clipNote = addClippedNote(*m_loss->axisRect(), range, plotTextScale(m_fontScale));
            m_clippedLosses = range.clippedAbove;
        }
        requestReplot(plot);
    }
}

void CurvesView::redrawMarks() {
    for (QCPAbstractItem* item : m_marks)
        item->parentPlot()->removeItem(item);
    m_marks.clear();
    QStringList texts;
    for (const Divergence& d : m_diverged) {
        const Series& s = m_series[std::size_t(d.run)];
        // The core's message, one clause per line: what happened, then the hint.
        QString message = d.message.isEmpty() ? tr("training diverged at step %1").arg(d.step) : d.message;
        message.replace(QStringLiteral("): "), QStringLiteral("):\n")).replace(QStringLiteral("; "), QStringLiteral(";\n"));
        const QString text = s.family + QStringLiteral(": ") + message;
        texts << text;
        const QColor c = familyColor(s.family);
        for (QCustomPlot* plot : {m_loss, m_error}) {
            auto* line = new QCPItemStraightLine(plot);
            const double key = keyOfStep(s, double(d.step));
            line->point1->setCoords(key, 0);
            line->point2->setCoords(key, 1);
            line->setPen(QPen(c, 1.5 * m_fontScale, Qt::DotLine));
            m_marks.push_back(line);
        }
    }
    m_divergence = texts.join(QStringLiteral("\n"));
    if (!m_divergence.isEmpty()) {
        for (QCustomPlot* plot : {m_loss, m_error}) {
            auto* label = new QCPItemText(plot);
            label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignVCenter);
            label->position->setType(QCPItemPosition::ptAxisRectRatio);
            label->position->setCoords(0.5, 0.5);
            label->setText(m_divergence);
            QFont f = plot->font();
            f.setPointSizeF(10 * m_fontScale);
            f.setBold(true);
            label->setFont(f);
            label->setColor(QColor(0xb0, 0x10, 0x10));
            label->setBrush(QColor(255, 245, 245, 235));
            label->setPen(QPen(QColor(0xb0, 0x10, 0x10)));
            label->setPadding(QMargins(8, 6, 8, 6));
            m_marks.push_back(label);
        }
    }
    requestReplot(m_loss);
    requestReplot(m_error);
}

void CurvesView::setRunFinished(const RunFinishedSnapshot& result) {
    if (result.run < 0 || result.run > 1)
        return;
    if (result.status == core::TrainResult::Status::Diverged) {
        m_diverged.push_back({result.run, result.divergedAtStep, result.message});
        redrawMarks();
        m_map->setRunNote(result.run, tr("diverged at step %1").arg(result.divergedAtStep));
    }
}

void CurvesView::setData(const DataSnapshot& data) {
    if (data.points2d) {
        m_map->setData(data);
        m_below->setCurrentWidget(m_map);
    } else if (data.images) {
        m_images->setData(data);
        m_below->setCurrentWidget(m_images);
    } else {
        m_images->setData(data);
        m_below->setCurrentWidget(m_images);
    }
}

void CurvesView::setDecisionMap(const DecisionMapSnapshot& map) { m_map->setMap(map); }

void CurvesView::setPredictions(const PredictionSnapshot& predictions) { m_images->setPredictions(predictions); }

int CurvesView::batchPoints(int run) const {
    const Series& s = m_series[std::size_t(std::clamp(run, 0, 1))];
    return s.lossBatch ? s.lossBatch->dataCount() : 0;
}

int CurvesView::epochPoints(int run) const {
    const Series& s = m_series[std::size_t(std::clamp(run, 0, 1))];
    return s.lossTrain ? s.lossTrain->dataCount() : 0;
}

}  // namespace ui
