// ui/views/depth_view.h: view 2, error against depth. Runs the core's depth sweep (plain and
// residual families x depths x seeds) with a progress bar (runs done, running, left, ETA),
// cancellable, and draws the degradation figure as runs finish: the final training (and test)
// error against depth with the spread over seeds (He et al. 2015, fig. 1), next to the
// training curves of every depth, coloured by depth, bold training and thin test, plain on
// the left and residual on the right (fig. 4/6). One click runs the default sweep of
// core::defaultSweep(). The sweep runs as a job (ui/jobs/sweep_job.h); the view draws what
// Results holds and the job's progress.
#pragma once

#include "core/experiments/depth_sweep.h"
#include "ui/results/job_runner.h"
#include "ui/views/run_batch_progress.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QCPMarginGroup;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTimer;

namespace ui {

class Results;

class DepthView : public QWidget {
    Q_OBJECT
public:
    DepthView(Results& results, JobRunner& jobs, QWidget* parent = nullptr);

    QCustomPlot* figurePlot() const { return m_figure; }
    QCustomPlot* curvesPlot() const { return m_curves; }
    QProgressBar* progressBar() const { return m_progress; }
    QComboBox* dataChoice() const { return m_data; }
    QString progressText() const;

    bool isRunning() const;
    // Runs finished so far in the current (or last) sweep.
    int receivedRuns() const;

    // The sweep the form describes (the default when untouched). Choosing another data set
    // in the form starts from core::defaultSweepFor(it): the image lesson's sweep for
    // Fashion-MNIST.
    core::SweepConfig formConfig() const;
    void setForm(const core::SweepConfig& config);
    void setFontScale(double scale);
    // Compact (presentation mode): the form's fields and the curves by depth are put away (a
    // lesson sets the sweep up), so the chapter's figure, error against depth, takes the whole
    // view and reads from the back of the room.
    void setCompact(bool compact);
    bool isCompact() const;
    // Also draw the final test error (dashed) and the test curves (thin).
    void setShowTest(bool show);

public slots:
    // Resets the form to the default sweep and runs it.
    void runDefaultSweep();
    // Runs the form's sweep, or `config` when given.
    void runSweep();
    void runConfig(const core::SweepConfig& config);
    void cancel();
    // Cancels and waits (window close).
    void cancelAndWait();

signals:
    void statusMessage(const QString& message);
    void sweepFinished(bool cancelled);

private:
    QWidget* m_formRow = nullptr;
    QLabel* m_curvesLabel = nullptr;
    struct Curve {
        QString family;
        int depth = 0;
        std::uint64_t seed = 0;
        const std::vector<core::EpochReport>* history = nullptr;
    };
    void onStarted();
    void onProgress(const JobProgress& p);
    void onFinished(const JobOutcome& outcome);
    void onSweepChanged();
    std::vector<Curve> curves() const;
    void redrawFigure();
    void redrawCurves();
    void scheduleCurves();
    void updateProgressText();
    void updateButtons();

    Results& m_results;
    JobRunner& m_jobs;
    QComboBox* m_data;
    QLineEdit* m_depths;
    QSpinBox* m_seeds;
    QSpinBox* m_epochs;
    QSpinBox* m_width;
    QPushButton* m_runDefault;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QCheckBox* m_showTest;
    QComboBox* m_seedChoice;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QCustomPlot* m_figure;
    QCustomPlot* m_curves;
    QTimer* m_curvesTimer;
    QTimer* m_clock;
    QCPMarginGroup* m_curveMargins = nullptr;

    core::SweepConfig m_formBase;          // what setForm() was given (the form's hidden fields)
    core::SweepConfig m_config;            // of the sweep shown
    RunBatchProgress m_batch;
    double m_fontScale = 1.0;
};

}  // namespace ui
