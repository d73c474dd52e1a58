// ui/workspace/training_workspace.h: everything about training in one widget, for the main
// window to place: the training panel on the left, and the views as tabs (curves, error
// against depth, flow through skip paths, block design). It trains the document's network
// through a TrainingController (a job on the runner, value snapshots only, runs recorded in
// Results) and runs depth sweeps from the depth view. Towards the builder canvas it speaks in block
// ids: the flow through each residual block (blockFlowChanged) and notes (blockNote); and it
// takes "zero this block's branch" requests (zeroBranch), which become undoable commands.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/training/training_controller.h"

#include <QString>
#include <QWidget>

class QScrollArea;
class QSplitter;
class QTabWidget;

namespace ui {

class BlockDesignView;
class CurvesView;
class DepthView;
class FlowView;
class JobRunner;
class NetworkDocument;
class Results;
class TrainingPanel;

class TrainingWorkspace : public QWidget {
    Q_OBJECT
public:
    TrainingWorkspace(NetworkDocument* document, Results& results, JobRunner& jobs, QWidget* parent = nullptr);
    // Stops training and the sweep and waits for both jobs.
    ~TrainingWorkspace() override;

    // "curves", "depth", "flow" or "blocks" (the block-design ablation); unknown names are ignored (returns false).
    bool selectView(const QString& name);
    QString currentView() const;
    // Starts training the document's network with the panel's settings (as the Start button).
    // Returns false, with a status message, when the network cannot be trained.
    bool startTraining();
    // Shows the depth view and runs the default sweep (core::defaultSweep).
    void runDefaultSweep();
    // Adds a further view as a tab (lessons: the lesion study, the unraveled view), and
    // brings one forward.
    void addView(QWidget* view, const QString& title);
    void showView(QWidget* view);
    // The view on the current tab (each tab holds its view in a scroll area).
    QWidget* currentViewWidget() const;
    // How much wider and taller than the room its tab asks for the most demanding view needs
    // to be to show whole, without its scroll bars (0x0 when every view does): what a window
    // must add to its minimum size to show every view whole.
    QSize viewsOverflow() const;
    // The height the view in front lacks to show whole in its page (0 when it fits).
    int currentViewShortfall() const;
    // A training session is running, paused or stopping.
    bool isTraining() const;
    // For closing the window: stops training and the sweep; returns within about a second.
    void stopAndWait();
    // Larger fonts and thicker lines for slides (1.0 = screen).
    void setFontScale(double scale);
    double fontScale() const { return m_fontScale; }
    // Compact: the panel shows only its buttons and status, and the views take the width it
    // gave up (presentation mode). Off brings the settings and the panel's width back.
    void setCompact(bool compact);
    bool isCompact() const;
    // When the network changes during training: ask (true, the default) or stop at once.
    void setAskBeforeStopping(bool ask) { m_askBeforeStopping = ask; }

    TrainingController* controller() const { return m_controller; }
    TrainingPanel* panel() const { return m_panel; }
    CurvesView* curvesView() const { return m_curves; }
    DepthView* depthView() const { return m_depth; }
    FlowView* flowView() const { return m_flow; }
    BlockDesignView* blockDesignView() const { return m_blocks; }

    // The settings the panel shows now, for the document's network.
    TrainingRequest currentRequest() const;

    // Used by ZeroBranchCommand: zero (or restore) the branch of block `blockIndex` of
    // `session`'s main network.
    void applyBranchChange(core::BlockId id, int blockIndex, int session, bool zero);

public slots:
    // The identity demo on a residual block of the canvas: pushes an undoable command.
    void zeroBranch(core::BlockId id);
    void pauseTraining();
    void resumeTraining();
    void stepTraining();
    void stopTraining();
    void resetTraining();

signals:
    void statusMessage(const QString& message);
    // Per residual block of the trained network, ~4 times a second while training:
    // ||x||, ||F(x)||, and the gradient through the shortcut and through the branch.
    void blockFlowChanged(core::BlockId id, float inputNorm, float branchNorm, float gradViaShortcut,
                          float gradViaBranch);
    // The flow shown so far no longer applies (a new session, or a new network).
    void blockFlowCleared();
    void blockNote(core::BlockId id, const QString& note);
    // The trained network's branch of a block was zeroed (true) or restored (false).
    void branchZeroed(core::BlockId id, bool zeroed);
    // Training started (true) or ended (false).
    void trainingChanged(bool training);
    // setCompact changed the layout: the views added from outside follow it.
    void compactChanged(bool compact);

private:
    void onDocumentChanged();
    void onDocumentReset();
    // New, Open, a lesson's Set up: the views and the status forget the previous network.
    void clearViews();
    void askToStop();
    void updatePanelNetwork();
    void onStateChanged(TrainingController::State state);
    void onRunFinished(const RunFinishedSnapshot& result);
    void onProbes(const ProbeSnapshot& probes);
    void onIdentity(const IdentitySnapshot& result);
    bool ensureTrainable();

    NetworkDocument* m_document;
    TrainingController* m_controller;
    TrainingPanel* m_panel;
    QScrollArea* m_panelScroll;
    QSplitter* m_split;
    QList<int> m_splitBeforeCompact;     // the splitter as it was, for leaving compact mode
    int m_panelMinWidthBeforeCompact = 0;
    QTabWidget* m_tabs;
    CurvesView* m_curves;
    DepthView* m_depth;
    FlowView* m_flow;
    BlockDesignView* m_blocks;
    core::NetworkSpec m_sessionSpec;     // the spec the current session trains (block ids)
    bool m_askBeforeStopping = true;
    bool m_asking = false;               // the stop question is on screen
    bool m_ignoreNextChange = false;     // our own undo of a change made during training
    bool m_wasTraining = false;
    qint64 m_mainStep = 0;               // steps done by the current session's main run
    QString m_outcome;                   // how the session's runs ended (panel status)
    double m_fontScale = 1.0;
};

}  // namespace ui
