// ui/classroom/unraveled_graph_widget.h: the unraveled view drawn explicitly for a few blocks
// (Veit et al. 2016, fig. 1): the 2^n paths from the input x to the output y of n residual
// blocks, one row per path (ordered by length). At block i a path either passes through the
// branch f_i (a box on its line) or along the skip (a plain line); the rows are grouped and
// coloured by length k, and the expansion y_n = (1 + f_n) ... (1 + f_1)(x) is written above.
#pragma once

#include "core/experiments/path_lengths.h"

#include <QWidget>

namespace ui {

class UnraveledGraphWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxDrawnBlocks = 4;   // 16 paths stay readable

    explicit UnraveledGraphWidget(QWidget* parent = nullptr);

    // 1 <= n <= kMaxDrawnBlocks (clamped).
    void setBlocks(int n);
    int blocks() const { return m_graph.blocks; }
    const core::UnraveledGraph& graph() const { return m_graph; }
    void setFontScale(double scale);

    QSize sizeHint() const override { return {520, 420}; }
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    core::UnraveledGraph m_graph;
    double m_fontScale = 1.0;
};

}  // namespace ui
