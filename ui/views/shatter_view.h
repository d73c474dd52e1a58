// ui/views/shatter_view.h: the "Shattered gradients" tab (Balduzzi et al. 2017). dy/dx of a
// network from one number to one number, at initialisation, over 256 inputs: the curves
// stacked by depth, plain beside residual, and the lag-1 correlation of neighbouring gradients
// against depth on a log axis. A slider sets the deepest net; the depths measured are the
// powers of two below it and the slider's depth itself. Measuring takes seconds, so every move
// of the slider starts a new job (ui/jobs/shatter_job.h) that replaces the running one, whose
// result is then discarded; the window never waits. The view draws Results::shatter(), and
// measures by itself the first time it is shown with nothing to draw.
#pragma once

#include "core/experiments/shattered_gradients.h"
#include "ui/results/job_runner.h"

#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace ui {

class Results;

// 1, 2, 4, ... below `deepest`, then `deepest` itself.
std::vector<int> shatterDepths(int deepest);

class ShatterView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxDepth = 100;

    ShatterView(Results& results, JobRunner& jobs, QWidget* parent = nullptr);

    // Moves the slider and measures at once (the slider itself waits for a pause in its moves).
    void setDeepest(int depth);
    int deepest() const;
    // Measures the depths of the slider (a job replacing any running one).
    void measure();
    // Measures exactly these depths (a lesson's); the slider shows the deepest.
    void measureDepths(const std::vector<int>& depths);
    void cancel();
    bool isRunning() const;

    QCustomPlot* plot() const { return m_plot; }
    QString summaryText() const;
    void setFontScale(double scale);
    // Compact (presentation mode): the figure alone, with short captions and three depths in
    // the stacks; the explanation and the numbers under the controls are put away.
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }

signals:
    void statusMessage(const QString& message);

protected:
    // The first time the tab is shown without a result, it measures the slider's depths.
    void showEvent(QShowEvent* event) override;

private:
    void onFinished(const JobOutcome& outcome);
    void redraw();
    void showDepths(const std::vector<int>& depths);

    Results& m_results;
    JobRunner& m_jobs;
    core::ShatterConfig m_config;

    QSlider* m_slider;
    QLabel* m_depthLabel;
    QSpinBox* m_inits;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_label;
    QLabel* m_summary;
    QCustomPlot* m_plot;
    QTimer* m_settle;
    bool m_compact = false;
    double m_fontScale = 1.0;
    bool m_shownOnce = false;
};

}  // namespace ui
