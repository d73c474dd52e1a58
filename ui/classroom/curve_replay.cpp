#include "ui/classroom/curve_replay.h"

#include "core/experiments/twin_training.h"
#include "ui/results/results.h"
#include "ui/training/training_snapshots.h"
#include "ui/views/curves_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>

namespace ui {

namespace {
RunStartedSnapshot startOf(const core::BundleRun& run, int index) {
    RunStartedSnapshot s;
    s.run = index;
    s.family = QString::fromStdString(core::familyOf(run.spec));
    s.networkName = QString::fromStdString(run.spec.name);
    const auto& h = run.result.history;
    s.epochs = int(h.size());
    s.totalSteps = run.result.steps > 0 ? run.result.steps : (h.empty() ? 0 : h.back().step);
    s.stepsPerEpoch = h.empty() || h.front().epoch <= 0 ? 1 : std::max<qint64>(1, h.front().step / h.front().epoch);
    return s;
}

ProgressSnapshot progressOf(const core::EpochReport& e, int index, qint64 totalSteps) {
    ProgressSnapshot p;
    p.run = index;
    p.step = e.step;
    p.totalSteps = totalSteps;
    p.epoch = std::max(0, e.epoch - 1);
    p.batches = 1;   // the epoch's mean batch loss stands for its batches
    p.batchLoss = float(e.batchLoss);
    p.batchError = float(e.batchError);
    p.seconds = e.seconds;
    p.epochs = {e};
    return p;
}

RunFinishedSnapshot finishOf(const core::BundleRun& run, int index) {
    RunFinishedSnapshot f;
    f.run = index;
    f.status = run.result.status;
    f.message = QString::fromStdString(run.result.message);
    f.steps = run.result.steps;
    f.divergedAtStep = run.result.divergedAtStep;
    f.seconds = run.result.seconds;
    if (!run.result.history.empty()) {
        f.finalTrainError = run.result.history.back().trainError;
        f.finalTestError = run.result.history.back().testError;
    }
    return f;
}
}  // namespace

CurveReplay::CurveReplay(Results& results, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_speedChoice(new QComboBox(this)),
      m_replay(new QPushButton(tr("Replay"), this)), m_timer(new QTimer(this)) {
    setObjectName(QStringLiteral("curveReplay"));
    m_replay->setObjectName(QStringLiteral("replay"));
    m_replay->setToolTip(tr("Re-animate the stored training curves"));
    for (double s : {2.0, 5.0, 10.0, 20.0, 50.0})
        m_speedChoice->addItem(tr("%1 epochs/s").arg(s), s);
    m_speedChoice->setCurrentIndex(2);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title, 1);
    layout->addWidget(m_speedChoice);
    layout->addWidget(m_replay);
    connect(m_speedChoice, &QComboBox::currentIndexChanged, this,
            [this] { setSpeed(m_speedChoice->currentData().toDouble()); });
    connect(m_replay, &QPushButton::clicked, this, [this] { isReplaying() ? stop() : replay(); });
    connect(m_timer, &QTimer::timeout, this, &CurveReplay::tick);
    connect(&results, &Results::loaded, this, [this, &results] {
        setRuns(results.runs(), results.title());
        showAll();
    });
    connect(&results, &Results::runRemoved, this, [this] {
        if (hasRuns())
            setRuns({});
    });
    setVisible(false);
}

void CurveReplay::setTarget(CurvesView* curves) { m_curves = curves; }

void CurveReplay::setRuns(const std::vector<core::BundleRun>& runs, const QString& title) {
    stop();
    m_runs.assign(runs.begin(), runs.begin() + std::ptrdiff_t(std::min<std::size_t>(runs.size(), 2)));
    m_title->setText(title.isEmpty() ? QString() : tr("Stored run: %1").arg(title));
    setVisible(!m_runs.empty());
}

void CurveReplay::begin() {
    if (!m_curves)
        return;
    m_curves->clear(m_runs.size() > 1);
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        m_curves->setRunInfo(startOf(m_runs[i], int(i)));
    m_next = 0;
}

void CurveReplay::showAll() {
    stop();
    begin();
    std::size_t longest = 0;
    for (const core::BundleRun& r : m_runs)
        longest = std::max(longest, r.result.history.size());
    while (m_next < longest)
        tick();
}

void CurveReplay::replay() {
    if (m_runs.empty() || !m_curves)
        return;
    begin();
    m_replay->setText(tr("Stop"));
    m_timer->start(int(1000 / m_speed));
}

void CurveReplay::stop() {
    m_timer->stop();
    m_replay->setText(tr("Replay"));
}

bool CurveReplay::isReplaying() const { return m_timer->isActive(); }

void CurveReplay::setSpeed(double epochsPerSecond) {
    m_speed = std::max(0.5, epochsPerSecond);
    if (m_timer->isActive())
        m_timer->setInterval(int(1000 / m_speed));
}

void CurveReplay::tick() {
    if (!m_curves) {
        stop();
        return;
    }
    bool more = false;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        const auto& h = m_runs[i].result.history;
        if (m_next < h.size()) {
            m_curves->addProgress(progressOf(h[m_next], int(i), startOf(m_runs[i], int(i)).totalSteps));
            if (m_next + 1 == h.size())
                m_curves->setRunFinished(finishOf(m_runs[i], int(i)));
            more = more || m_next + 1 < h.size();
        }
    }
    ++m_next;
    if (!more)
        stop();
}

}  // namespace ui
