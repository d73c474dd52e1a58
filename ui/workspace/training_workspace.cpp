#include "ui/workspace/training_workspace.h"

#include "ui/document/network_document.h"
#include "ui/training/training_panel.h"
#include "ui/workspace/zero_branch_command.h"
#include "ui/views/block_design_view.h"
#include "ui/views/curves_view.h"
#include "ui/views/depth_view.h"
#include "ui/views/flow_view.h"

#include <QEvent>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

// A tab's page: the view fills the room and scrolls only where the room is smaller than the
// view's minimum size. (QScrollArea's resizable mode gives a view whose labels wrap its
// preferred height, so it would scroll views that fit.)
class ViewPage : public QScrollArea {
public:
    ViewPage(QWidget* view, QWidget* parent) : QScrollArea(parent) {
        setFrameShape(QFrame::NoFrame);
        setWidget(view);
        view->installEventFilter(this);
        viewport()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        const bool viewChanged = watched == widget() && event->type() == QEvent::LayoutRequest;
        const bool roomChanged = watched == viewport() && event->type() == QEvent::Resize;
        const bool handled = QScrollArea::eventFilter(watched, event);
        if (viewChanged || roomChanged)
            fit();
        return handled;
    }

private:
    void fit() {
        QWidget* view = widget();
        if (!view)
            return;
        const QSize smallest = view->minimumSizeHint().expandedTo(view->minimumSize());
        const QSize size = viewport()->size().expandedTo(smallest);
        if (view->size() != size)
            view->resize(size);
    }
};

const QStringList kViewNames{QStringLiteral("curves"), QStringLiteral("depth"), QStringLiteral("flow"),
                             QStringLiteral("blocks")};

QString firstIssue(const core::SpecAnalysis& analysis) {
    return analysis.issues.empty() ? QString() : QString::fromStdString(analysis.issues.front().message);
}

}  // namespace

TrainingWorkspace::TrainingWorkspace(NetworkDocument* document, Results& results, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), m_document(document), m_controller(new TrainingController(jobs, results, this)),
      m_panel(new TrainingPanel(jobs, this)), m_tabs(new QTabWidget(this)), m_curves(new CurvesView(this)),
      m_depth(new DepthView(results, jobs, this)), m_flow(new FlowView(this)),
      m_blocks(new BlockDesignView(results, jobs, this)) {
    addView(m_curves, tr("Curves"));
    addView(m_depth, tr("Error against depth"));
    addView(m_flow, tr("Flow through skip paths"));
    addView(m_blocks, tr("Block design"));
    auto* scroll = m_panelScroll = new QScrollArea(this);
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(m_panel->sizeHint().width() + 24);
    auto* split = m_split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(scroll);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    // Buttons.
    connect(m_panel, &TrainingPanel::startRequested, this, &TrainingWorkspace::startTraining);
    connect(m_panel, &TrainingPanel::pauseRequested, this, &TrainingWorkspace::pauseTraining);
    connect(m_panel, &TrainingPanel::resumeRequested, this, &TrainingWorkspace::resumeTraining);
    connect(m_panel, &TrainingPanel::stepRequested, this, &TrainingWorkspace::stepTraining);
    connect(m_panel, &TrainingPanel::stopRequested, this, &TrainingWorkspace::stopTraining);
    connect(m_panel, &TrainingPanel::resetRequested, this, &TrainingWorkspace::resetTraining);
    connect(m_panel, &TrainingPanel::speedChanged, m_controller, &TrainingController::setStepsPerSecond);

    // Snapshots to the views.
    TrainingController* c = m_controller;
    connect(c, &TrainingController::sessionStarted, this, [this](int, bool twin) {
        m_mainStep = 0;
        m_outcome.clear();
        m_curves->clear(twin);
        m_flow->clear(twin);
        emit blockFlowCleared();
    });
    connect(c, &TrainingController::runStarted, m_curves, &CurvesView::setRunInfo);
    connect(c, &TrainingController::runStarted, this,
            [this](const RunStartedSnapshot& r) { m_flow->setRunFamily(r.run, r.family); });
    connect(c, &TrainingController::progress, m_curves, &CurvesView::addProgress);
    connect(c, &TrainingController::progress, this, [this](const ProgressSnapshot& p) {
        if (p.run == kMainRun)
            m_mainStep = p.step;
        // A pause snapshot that arrives after Stop must not say "paused".
        if (p.run == kMainRun && p.paused && m_controller->state() == TrainingController::State::Paused)
            m_panel->setStatus(tr("Paused at step %1 of %2.").arg(p.step).arg(p.totalSteps));
    });
    connect(c, &TrainingController::dataReady, m_curves, &CurvesView::setData);
    connect(c, &TrainingController::decisionMap, m_curves, &CurvesView::setDecisionMap);
    connect(c, &TrainingController::predictions, m_curves, &CurvesView::setPredictions);
    connect(c, &TrainingController::runFinished, m_curves, &CurvesView::setRunFinished);
    connect(c, &TrainingController::runFinished, this, &TrainingWorkspace::onRunFinished);
    connect(c, &TrainingController::probes, m_flow, &FlowView::addProbes);
    connect(c, &TrainingController::probes, this, &TrainingWorkspace::onProbes);
    connect(c, &TrainingController::identityResult, this, &TrainingWorkspace::onIdentity);
    connect(c, &TrainingController::stateChanged, this, &TrainingWorkspace::onStateChanged);
    connect(c, &TrainingController::failed, this, [this](const QString& message) {
        m_panel->setStatus(QStringLiteral("<span style='color:#b01010'>%1</span>").arg(message.toHtmlEscaped()));
        emit statusMessage(message);
    });
    connect(m_depth, &DepthView::statusMessage, this, &TrainingWorkspace::statusMessage);
    connect(m_blocks, &BlockDesignView::statusMessage, this, &TrainingWorkspace::statusMessage);

    // The document.
    if (m_document) {
        connect(m_document, &NetworkDocument::changed, this, &TrainingWorkspace::onDocumentChanged);
        connect(m_document, &NetworkDocument::specReset, this, &TrainingWorkspace::onDocumentReset);
    }
    updatePanelNetwork();
    onStateChanged(m_controller->state());
}

TrainingWorkspace::~TrainingWorkspace() { stopAndWait(); }

bool TrainingWorkspace::selectView(const QString& name) {
    const int i = int(kViewNames.indexOf(name.trimmed().toLower()));
    if (i < 0)
        return false;
    m_tabs->setCurrentIndex(i);
    return true;
}

QString TrainingWorkspace::currentView() const { return kViewNames.value(m_tabs->currentIndex()); }

// Each view sits in its own scroll area: a view's minimum size (plots side by side) then never
// widens the window past a 1024x768 screen or a projector, where the tab bar and the Lessons
// dock would fall off its edge; on a screen smaller than the view, the view scrolls instead.
void TrainingWorkspace::addView(QWidget* view, const QString& title) { m_tabs->addTab(new ViewPage(view, m_tabs), title); }

QWidget* TrainingWorkspace::currentViewWidget() const {
    auto* page = qobject_cast<QScrollArea*>(m_tabs->currentWidget());
    return page ? page->widget() : nullptr;
}

QSize TrainingWorkspace::viewsOverflow() const {
    QSize overflow(0, 0);
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* page = qobject_cast<QScrollArea*>(m_tabs->widget(i));
        if (!page || !page->widget())
            continue;
        const QWidget* view = page->widget();
        const QSize whole = view->minimumSizeHint().expandedTo(view->minimumSize());
        overflow = overflow.expandedTo(whole - page->minimumSizeHint());
    }
    return overflow;
}

int TrainingWorkspace::currentViewShortfall() const {
    auto* page = qobject_cast<QScrollArea*>(m_tabs->currentWidget());
    if (!page || !page->widget())
        return 0;
    const QWidget* view = page->widget();
    return std::max(0, view->minimumSizeHint().expandedTo(view->minimumSize()).height() - page->viewport()->height());
}

void TrainingWorkspace::showView(QWidget* view) {
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto* page = qobject_cast<QScrollArea*>(m_tabs->widget(i)); page && page->widget() == view)
            m_tabs->setCurrentIndex(i);
}

bool TrainingWorkspace::isTraining() const { return m_controller->isActive(); }

TrainingRequest TrainingWorkspace::currentRequest() const {
    return m_panel->request(m_document ? m_document->spec() : core::NetworkSpec{});
}

bool TrainingWorkspace::ensureTrainable() {
    if (!m_document) {
        emit statusMessage(tr("There is no network to train."));
        return false;
    }
    if (!m_document->analysis().valid()) {
        const QString message = tr("The network cannot be trained: %1").arg(firstIssue(m_document->analysis()));
        m_panel->setStatus(QStringLiteral("<span style='color:#b01010'>%1</span>").arg(message.toHtmlEscaped()));
        emit statusMessage(message);
        return false;
    }
    const QString mismatch = TrainingPanel::dataMismatch(m_document->spec(), m_panel->dataSet());
    if (!mismatch.isEmpty()) {
        m_panel->setStatus(QStringLiteral("<span style='color:#b01010'>%1</span>").arg(mismatch.toHtmlEscaped()));
        emit statusMessage(mismatch);
        return false;
    }
    return true;
}

bool TrainingWorkspace::startTraining() {
    if (m_controller->state() == TrainingController::State::Paused) {
        resumeTraining();
        return true;
    }
    if (m_controller->state() == TrainingController::State::Running)
        return true;
    if (!ensureTrainable())
        return false;
    const TrainingRequest request = currentRequest();
    m_sessionSpec = request.spec;
    m_controller->start(request);
    emit statusMessage(request.twin ? tr("Training %1 and its %2 twin side by side")
                                          .arg(QString::fromStdString(request.spec.name), familyOf(request.twinSpec))
                                    : tr("Training %1").arg(QString::fromStdString(request.spec.name)));
    return true;
}

void TrainingWorkspace::pauseTraining() { m_controller->pause(); }

void TrainingWorkspace::resumeTraining() { m_controller->resume(); }

void TrainingWorkspace::stepTraining() {
    if (m_controller->state() == TrainingController::State::Idle) {
        if (!ensureTrainable())
            return;
        const TrainingRequest request = currentRequest();
        m_sessionSpec = request.spec;
        m_controller->startPaused(request, 1);
        return;
    }
    m_controller->step();
}

void TrainingWorkspace::stopTraining() { m_controller->stop(); }

void TrainingWorkspace::resetTraining() {
    if (!ensureTrainable()) {
        m_controller->stop();
        return;
    }
    const TrainingRequest request = currentRequest();
    m_sessionSpec = request.spec;
    m_controller->startPaused(request, 0);
    emit statusMessage(tr("Reset: the network is rebuilt from the seed and waits at step 0"));
}

void TrainingWorkspace::runDefaultSweep() {
    selectView(QStringLiteral("depth"));
    m_depth->runDefaultSweep();
}

void TrainingWorkspace::stopAndWait() {
    m_depth->cancel();
    m_blocks->cancel();
    if (!m_controller->stopAndWait(1000))
        emit statusMessage(tr("The training thread did not stop within a second"));
    m_depth->cancelAndWait();
    m_blocks->cancelAndWait();
}

void TrainingWorkspace::setFontScale(double scale) {
    m_fontScale = scale;
    m_curves->setFontScale(scale);
    m_depth->setFontScale(scale);
    m_flow->setFontScale(scale);
    m_blocks->setFontScale(scale);
}

bool TrainingWorkspace::isCompact() const { return !m_panel->settingsVisible(); }

void TrainingWorkspace::setCompact(bool compact) {
    if (compact == isCompact())
        return;
    m_panel->setSettingsVisible(!compact);
    m_blocks->setCompact(compact);
    m_depth->setCompact(compact);
    m_flow->setCompact(compact);
    if (compact) {
        m_splitBeforeCompact = m_split->sizes();
        m_panelMinWidthBeforeCompact = m_panelScroll->minimumWidth();
        const int panelWidth = m_panel->sizeHint().width() + 24;
        m_panelScroll->setMinimumWidth(panelWidth);
        m_split->setSizes({panelWidth, std::max(0, m_split->width() - panelWidth)});
    } else {
        m_panelScroll->setMinimumWidth(m_panelMinWidthBeforeCompact);
        m_split->setSizes(m_splitBeforeCompact);
    }
    emit compactChanged(compact);
}

void TrainingWorkspace::onStateChanged(TrainingController::State state) {
    m_panel->setState(state);
    using S = TrainingController::State;
    switch (state) {
    case S::Idle:
        m_panel->setStatus(!m_outcome.isEmpty() ? m_outcome : m_controller->hasSession() ? tr("Stopped.") : tr("Ready."));
        break;
    case S::Running: m_panel->setStatus(tr("Training...")); break;
    case S::Paused: m_panel->setStatus(tr("Paused.")); break;
    case S::Stopping: m_panel->setStatus(tr("Stopping...")); break;
    }
    const bool training = state != S::Idle;
    if (training != m_wasTraining) {
        m_wasTraining = training;
        emit trainingChanged(training);
    }
}

void TrainingWorkspace::onRunFinished(const RunFinishedSnapshot& r) {
    using Status = core::TrainResult::Status;
    const TrainingRequest& request = m_controller->request();
    const QString who = QString::fromStdString(r.run == kMainRun ? request.spec.name : request.twinSpec.name);
    QString message;
    if (r.status == Status::Diverged)
        message = tr("%1: %2").arg(who, r.message);
    else if (r.status == Status::Cancelled)
        message = tr("%1: stopped after %2 steps").arg(who).arg(r.steps);
    else
        message = tr("%1: finished in %2 s, training error %3, test error %4")
                      .arg(who)
                      .arg(r.seconds, 0, 'f', 1)
                      .arg(r.finalTrainError, 0, 'f', 3)
                      .arg(r.finalTestError, 0, 'f', 3);
    const QString html = r.status == Status::Diverged
                             ? QStringLiteral("<span style='color:#b01010'><b>%1</b></span>").arg(message.toHtmlEscaped())
                             : message.toHtmlEscaped();
    if (r.status == Status::Diverged || r.run == kMainRun) {
        m_outcome = m_outcome.isEmpty() ? html : m_outcome + QStringLiteral("<br>") + html;
        m_panel->setStatus(m_outcome);
    }
    emit statusMessage(message);
}

void TrainingWorkspace::onProbes(const ProbeSnapshot& p) {
    if (p.run != kMainRun)
        return;
    for (const core::BlockProbe& b : p.report.blocks) {
        if (!b.residual || b.block < 0 || std::size_t(b.block) >= m_sessionSpec.blocks.size())
            continue;
        emit blockFlowChanged(m_sessionSpec.blocks[std::size_t(b.block)].id, b.inputNorm, b.branchNorm,
                              b.gradViaShortcut, b.gradViaBranch);
    }
}

void TrainingWorkspace::zeroBranch(core::BlockId id) {
    if (!m_controller->hasSession()) {
        const QString message = tr("Train the network (or press Reset) first: the branch is zeroed in the trained "
                                   "network, which the training worker holds.");
        emit blockNote(id, tr("Train or Reset first"));
        emit statusMessage(message);
        m_panel->setStatus(message);
        return;
    }
    const std::optional<std::size_t> index = m_sessionSpec.indexOf(id);
    if (!index) {
        const QString message = tr("This block is not in the network being trained: press Reset to train the "
                                   "current network.");
        emit blockNote(id, message);
        emit statusMessage(message);
        return;
    }
    if (!m_sessionSpec.blocks[*index].residual()) {
        const QString message =
            tr("Block %1 is a plain block: without a skip, a zero branch outputs g(0) = 0, not its input. The "
               "identity demo needs a residual block.")
                .arg(*index);
        emit blockNote(id, tr("plain block: no skip to carry the input"));
        emit statusMessage(message);
        return;
    }
    auto* command = new ZeroBranchCommand(this, id, int(*index), m_controller->session());
    if (m_document)
        m_document->undoStack()->push(command);   // push() runs redo()
    else {
        command->redo();
        delete command;
    }
}

void TrainingWorkspace::applyBranchChange(core::BlockId id, int blockIndex, int session, bool zero) {
    if (session != m_controller->session()) {
        const QString message = zero ? tr("Cannot zero block %1's branch again: that training session has ended.")
                                             .arg(blockIndex)
                                       : tr("Nothing to restore in block %1: the network whose branch was zeroed is "
                                            "gone (a new training session has started).")
                                             .arg(blockIndex);
        emit blockNote(id, message);
        emit statusMessage(message);
        return;
    }
    if (zero)
        m_controller->zeroBranch(blockIndex);
    else
        m_controller->restoreBranch(blockIndex);
}

void TrainingWorkspace::onIdentity(const IdentitySnapshot& r) {
    if (r.block < 0 || std::size_t(r.block) >= m_sessionSpec.blocks.size()) {
        emit statusMessage(r.message);
        return;
    }
    const core::BlockSpec& block = m_sessionSpec.blocks[std::size_t(r.block)];
    const core::BlockId id = block.id;
    // The layers compared are a[l] and a[l+span], span the skip's length (a bottleneck: 3).
    const int span = block.kind == core::BlockKind::Bottleneck ? 3 : block.span;
    const QString measured = std::isfinite(r.maxAbsDifference)
                                 ? tr("max |a[l+%1] − a[l]| = %2").arg(span).arg(QString::number(r.maxAbsDifference, 'g', 3))
                                 : QString();
    QString note;
    if (!r.ok)
        note = r.message;
    else if (r.zeroed && block.shortcut == core::ShortcutKind::Identity)
        note = tr("F(x) = 0: the block passes its input through\n%1").arg(measured);
    else if (r.zeroed)   // a projection or zero padding: g(S(x)) is not the input
        note = tr("F(x) = 0: the block outputs g(S(x)), not its input:\nits %1 shortcut changes it%2")
                   .arg(block.shortcut == core::ShortcutKind::ZeroPad ? tr("zero-padding") : tr("projection"))
                   .arg(measured.isEmpty() ? QString() : QStringLiteral("\n") + measured);
    else
        note = tr("branch restored%1").arg(measured.isEmpty() ? QString() : QStringLiteral("\n") + measured);
    emit blockNote(id, note);
    if (r.ok)
        emit branchZeroed(id, r.zeroed);
    emit statusMessage(r.message);
    m_panel->setStatus(r.message.toHtmlEscaped());
}

void TrainingWorkspace::updatePanelNetwork() {
    if (!m_document)
        return;
    m_panel->setNetwork(m_document->spec(), m_document->analysis().valid(), firstIssue(m_document->analysis()));
}

void TrainingWorkspace::onDocumentReset() {
    // New or Open clears the undo stack: the network is gone, stop without asking. A whole-
    // network edit (replaceSpec) keeps its undo history and is treated like any edit.
    const bool another = m_document && m_document->undoStack()->count() == 0;
    if (another && isTraining()) {
        m_controller->stop();
        emit statusMessage(tr("Another network was opened: training stopped."));
    }
    emit blockFlowCleared();
    if (another)
        clearViews();
}

void TrainingWorkspace::clearViews() {
    // What the views show belongs to the previous network: curves, flow, decision map and the
    // panel's status start again from nothing. (The controller's session, and with it the
    // trained network of the identity demo, ends with the next Start.)
    const bool twin = m_panel->twin();
    m_curves->clear(twin);
    m_flow->clear(twin);
    m_outcome.clear();
    m_mainStep = 0;
    m_sessionSpec = core::NetworkSpec{};
    if (!isTraining())
        m_panel->setStatus(tr("Ready."));
}

void TrainingWorkspace::onDocumentChanged() {
    updatePanelNetwork();
    if (m_ignoreNextChange || !isTraining() || m_controller->state() == TrainingController::State::Stopping)
        return;
    if (m_controller->state() == TrainingController::State::Paused && m_mainStep == 0) {
        // Reset and waiting at step 0: nothing has been trained yet, so follow the change.
        resetTraining();
        return;
    }
    if (!m_askBeforeStopping) {
        m_controller->stop();
        emit statusMessage(tr("The network changed: training stopped. Press Start to train the new network."));
        return;
    }
    if (!m_asking) {
        m_asking = true;
        // Not inside the document's signal: the question may undo the change.
        QTimer::singleShot(0, this, &TrainingWorkspace::askToStop);
    }
}

void TrainingWorkspace::askToStop() {
    if (!isTraining() || m_controller->state() == TrainingController::State::Stopping) {
        m_asking = false;
        return;
    }
    QMessageBox box(QMessageBox::Question, tr("The network changed during training"),
                    tr("Training uses a copy of the network as it was when it started, so this change does not "
                       "reach it.\n\nStop training first? You can then start again with the changed network."),
                    QMessageBox::NoButton, this);
    QPushButton* stop = box.addButton(tr("Stop training"), QMessageBox::AcceptRole);
    QPushButton* undo = box.addButton(tr("Undo the change"), QMessageBox::RejectRole);
    box.addButton(tr("Keep training"), QMessageBox::DestructiveRole);
    box.setDefaultButton(stop);
    box.exec();
    m_asking = false;
    if (box.clickedButton() == stop) {
        m_controller->stop();
    } else if (box.clickedButton() == undo && m_document && m_document->undoStack()->canUndo()) {
        m_ignoreNextChange = true;
        m_document->undoStack()->undo();
        m_ignoreNextChange = false;
    }
}

}  // namespace ui
