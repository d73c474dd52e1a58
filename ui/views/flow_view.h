// ui/views/flow_view.h: view 3, what flows through the network. Per weighted layer (input to
// output), the size of the activations and of the gradients dL/da (per-sample norms, log
// scale), now and at initialisation; a layer x time heat map of the gradient norm, where the
// vanishing gradients of a deep plain net show as a dark band near the input; and, per
// residual block, the share of the signal carried by the skip (forward ||x|| against ||F(x)||,
// backward the gradient through the shortcut against the branch). With the twin on, plain
// and residual are drawn side by side in their colours. When the network's blocks carry a
// learnable residual scale (ReZero's or SkipInit's alpha, Fixup's multiplier), a fifth plot,
// in a column on the right, follows each block's alpha over training (Bachlechner et al.
// 2020): from 0 at initialisation, how much of F(x) each block has let in; without one the
// plot is hidden.
#pragma once

#include "ui/training/training_snapshots.h"

#include <QWidget>

#include <array>

class QCustomPlot;
class QCPAbstractPlottable;
class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QCPMarginGroup;
class QCPTextElement;
class QGridLayout;
class QLabel;

namespace ui {

class FlowView : public QWidget {
    Q_OBJECT
public:
    explicit FlowView(QWidget* parent = nullptr);

    QCustomPlot* activationPlot() const { return m_activation; }
    QCustomPlot* gradientPlot() const { return m_gradient; }
    QCustomPlot* heatPlot() const { return m_heat; }
    QCustomPlot* skipPlot() const { return m_skip; }
    // Hidden unless a run's blocks report an alpha.
    QCustomPlot* alphaPlot() const { return m_alpha; }
    // The blocks of run `run` whose alpha is followed, and its value at the last probe.
    QList<int> alphaBlocks(int run) const;
    double lastAlpha(int run, int block) const;
    void setFontScale(double scale);
    // Compact (presentation mode): the caption above the plots is put away (the lesson says
    // what they show), so the plots get its lines.
    void setCompact(bool compact);

    // Probe snapshots received for a run, and the heat map's columns (for tests).
    int probeCount(int run) const;
    int heatColumns(int run) const;
    static constexpr int kMaxColumns = 300;

public slots:
    void clear(bool twin);
    void setRunFamily(int run, const QString& family);
    void addProbes(const ui::ProbeSnapshot& probes);

private:
    void nameSkipGraphs();
    void showAlphaColumn(bool show);
    struct RunFlow {
        QString family;
        int probes = 0;
        QStringList layerNames;            // the weighted layers on the main path, input first
        QVector<double> initialAct, initialGrad;
        QVector<double> steps;             // one per heat-map column
        QVector<QVector<double>> columns;  // gradient norm per layer, one vector per column
        QCPGraph *act = nullptr, *actInit = nullptr, *grad = nullptr, *gradInit = nullptr;
        QCPGraph *skipForward = nullptr, *skipBackward = nullptr;
        QCPAxisRect* heatRect = nullptr;
        QCPColorMap* heatMap = nullptr;
        QCPTextElement* heatTitle = nullptr;
        QList<int> alphaBlocks;            // the blocks with an alpha, in order
        QVector<double> alphaSteps;        // one per probe (thinned as the heat map)
        QVector<QVector<double>> alphas;   // per probe, one value per entry of alphaBlocks
        QList<QCPGraph*> alphaGraphs;
    };
    void ensureGraphs(int run);
    void rebuildHeatLayout();
    void updateHeatMap(int run);
    void updateHeatRange();
    void styleAll();
    void updateAlphaPlot();
    QString heatText(QCPAbstractPlottable* p, double x, double y, double z) const;

    QCustomPlot* m_activation;
    QCustomPlot* m_gradient;
    QCustomPlot* m_heat;
    QCustomPlot* m_skip;
    QCustomPlot* m_alpha;
    QGridLayout* m_grid = nullptr;   // the alpha plot's column has width only while it shows
    QCPColorScale* m_scale = nullptr;
    QCPMarginGroup* m_margins = nullptr;
    QLabel* m_caption;
    std::array<RunFlow, 2> m_runs;
    int m_runCount = 1;
    double m_fontScale = 1.0;
    bool m_alphaShown = false;
};

}  // namespace ui
