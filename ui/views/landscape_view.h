// ui/views/landscape_view.h: the "Loss landscape" tab (Li et al. 2018). Trains a plain network
// and its residual twin (by default the 56-layer spiral twins, as the default sweep trains
// them), then draws the training loss around each one's trained weights: the two random
// filter-normalised planes side by side as contour maps of log loss on one colour scale, the
// training path on its PCA plane below them, and the 1-D slices through θ* along α beside
// them. The study is a job (ui/jobs/landscape_job.h); the view draws Results::landscape() and
// the job's progress, with Run, Cancel and Export.
#pragma once

#include "ui/jobs/landscape_job.h"
#include "ui/results/job_runner.h"

#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ui {

class Results;

// The 1-D slice along α through θ* (β = 0, the grid's middle column) of each surface.
std::vector<core::PlaneSurface> landscapeSlices(const std::vector<core::PlaneSurface>& surfaces);

class LandscapeView : public QWidget {
    Q_OBJECT
public:
    LandscapeView(Results& results, JobRunner& jobs, QWidget* parent = nullptr);

    // What Run does; the depth and grid boxes show it. Default: defaultLandscapeRequest().
    void setRequest(const LandscapeRequest& request);
    const LandscapeRequest& request() const { return m_request; }
    // Trains the twins and maps their landscapes (a job), with the boxes' depth and grid when
    // the request is the default spiral one.
    void run();
    void cancel();
    bool isRunning() const;

    QCustomPlot* mapsPlot() const { return m_maps; }
    QCustomPlot* slicesPlot() const { return m_slices; }
    QString summaryText() const;
    void setFontScale(double scale);
    // Compact (presentation mode): the random-plane maps of both networks alone, large enough
    // to read on a projector; the path planes, the 1-D slices and the statistics are put away.
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }

signals:
    void statusMessage(const QString& message);
    void studyFinished(bool cancelled);

private:
    void applyMinimumSizes();
    void onFinished(const JobOutcome& outcome);
    void redraw();

    Results& m_results;
    JobRunner& m_jobs;
    LandscapeRequest m_request;
    bool m_compact = false;
    bool m_spiralDefault = true;   // the depth box rebuilds the request's network

    QSpinBox* m_depth;
    QSpinBox* m_grid;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_label;
    QLabel* m_summary;
    QCustomPlot* m_maps;
    QCustomPlot* m_slices;
    double m_fontScale = 1.0;
};

}  // namespace ui
