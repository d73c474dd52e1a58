// ui/classroom/lesion_view.h: the "Lesion study" tab (Veit et al. 2016, sec. 4). Trains the
// plain and the residual 20-layer spiral twins (or restores them from a bundle's weights),
// removes blocks from both at test time and plots the test error against the removed block
// and against the number of blocks removed (ui/plots/lesion_figure.h). The study is a job
// (ui/jobs/lesion_job.h); the view draws Results::lesion() and the job's progress.
// Cancellable.
#pragma once

#include "ui/jobs/lesion_job.h"
#include "ui/results/job_runner.h"

#include <QString>
#include <QWidget>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

class Results;

class LesionView : public QWidget {
    Q_OBJECT
public:
    LesionView(Results& results, JobRunner& jobs, QWidget* parent = nullptr);

    // The study the Run button performs. Default: the twins of spiral-residual-20 with the
    // default settings, 10 draws of 1 to 6 blocks removed.
    void setStudy(const LesionStudy& study) { m_study = study; }
    // Trains the twins and lesions both (a job).
    void run();
    // Lesions a bundle's trained runs without training (their saved weights); false with a
    // message when no run has weights.
    bool runOnBundle(const core::RunBundle& bundle);
    void cancel();
    bool isRunning() const;

    QCustomPlot* plot() const { return m_plot; }
    QString progressText() const;
    void setFontScale(double scale);

signals:
    void statusMessage(const QString& message);
    void studyFinished(bool cancelled);

private:
    void onFinished(const JobOutcome& outcome);
    void redraw();

    Results& m_results;
    JobRunner& m_jobs;
    LesionStudy m_study;

    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_label;
    QCustomPlot* m_plot;
    double m_fontScale = 1.0;
};

}  // namespace ui
