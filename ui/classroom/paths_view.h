// ui/classroom/paths_view.h: the "Unraveled view" tab (Veit et al. 2016, sec. 3 and 4.2). On
// the left the 2^n paths of n = 1..4 residual blocks drawn explicitly (UnraveledGraphWidget);
// on the right, for any n, the path-length distribution C(n, k) / 2^n, and after "Measure",
// the gradient one path of each length carries and the total each length contributes
// (ui/plots/paths_figure.h), measured on a trained network: the lesson's or the document's
// residual network, or a default 56-layer spiral ResNet, trained and measured by a job
// (ui/jobs/paths_job.h). The measured result is Results::paths(); the counts alone are drawn
// for any other n.
#pragma once

#include "ui/jobs/paths_job.h"
#include "ui/results/job_runner.h"

#include <QWidget>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ui {

class Results;
class UnraveledGraphWidget;

class PathsView : public QWidget {
    Q_OBJECT
public:
    PathsView(Results& results, JobRunner& jobs, QWidget* parent = nullptr);

    // Blocks drawn in the picture (1..4) and blocks of the distribution (any n >= 1).
    void setDrawnBlocks(int n);
    void setBlocks(int n);
    int blocks() const;
    // The network "Measure" trains and analyses (default: spiral-residual-56), and how; the
    // distribution follows its number of residual blocks.
    void setStudy(const PathsStudy& study);
    // Trains the network (a job), then measures the gradient by path length.
    void measure();
    void cancel();
    bool isRunning() const;

    // What the plot shows: the measured result, or the counts alone for the chosen n.
    const core::PathLengthResult& distribution() const { return m_result; }
    UnraveledGraphWidget* graph() const { return m_graph; }
    QCustomPlot* plot() const { return m_plot; }
    void setFontScale(double scale);

signals:
    void statusMessage(const QString& message);
    void measured(bool cancelled);

private:
    void showResult(const core::PathLengthResult& result);
    void onFinished(const JobOutcome& outcome);
    void redraw();

    Results& m_results;
    JobRunner& m_jobs;
    PathsStudy m_study;
    QString m_measuring;   // the network of the running job

    UnraveledGraphWidget* m_graph;
    QSpinBox* m_drawn;
    QSpinBox* m_n;
    QLabel* m_expansion;
    QPushButton* m_measure;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_label;
    QCustomPlot* m_plot;
    core::PathLengthResult m_result;
    double m_fontScale = 1.0;
};

}  // namespace ui
