// ui/views/block_design_view.h: the block-design ablation in the window (He et al. 2016,
// "Identity Mappings in Deep Residual Networks", Tables 1 and 2, with ReZero, SkipInit and
// Fixup). The same bench as `resnetlab-cli ablate`: one deep residual network per variant,
// identical but for the variant, every variant trained from the same data, seeds and batch
// order (core/experiments/ablation.h, its defaults). The user picks the variants, the depth,
// the seeds and the epochs; the ablation runs as a job (ui/jobs/ablation_job.h) with progress
// and Cancel, and as runs finish the view draws the bar chart of ui/plots/ablation_figure (the
// median final error per variant, a whisker over the seeds, our median next to the paper's
// number) and a table of the same rows. It keeps no result of its own: Results holds the runs.
#pragma once

#include "core/experiments/ablation.h"
#include "ui/results/job_runner.h"
#include "ui/views/run_batch_progress.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace ui {

class Results;

class BlockDesignView : public QWidget {
    Q_OBJECT
public:
    BlockDesignView(Results& results, JobRunner& jobs, QWidget* parent = nullptr);

    QCustomPlot* figurePlot() const { return m_figure; }
    QTableWidget* table() const { return m_table; }
    QListWidget* variantList() const { return m_variants; }
    QProgressBar* progressBar() const { return m_progress; }
    QString progressText() const;

    bool isRunning() const;
    // Runs finished so far in the current (or last) ablation.
    int receivedRuns() const;
    // The summary the figure and the table show: one row per variant, in the table's order.
    std::vector<core::AblationSummaryRow> summary() const;

    // The ablation the form describes (core::defaultAblation() when untouched). All variants
    // ticked gives an empty list (every variant), as on the command line.
    core::AblationConfig formConfig() const;
    void setForm(const core::AblationConfig& config);
    void setFontScale(double scale);
    // Plot the final test error instead of the training error.
    void setShowTest(bool show);
    // Compact (presentation mode): the form and the list of designs are put away, so the chart
    // has the width of a small projector; Run trains what the form holds (a lesson's bench).
    void setCompact(bool compact);
    bool isCompact() const;

public slots:
    // Resets the form to the default ablation and runs it.
    void runDefaultAblation();
    // Runs the form's ablation.
    void runAblation();
    void runConfig(const core::AblationConfig& config);
    void cancel();
    // Cancels and waits (window close).
    void cancelAndWait();

signals:
    void statusMessage(const QString& message);
    void ablationFinished(bool cancelled);

private:
    void onStarted();
    void onProgress(const JobProgress& p);
    void onFinished(const JobOutcome& outcome);
    void onAblationChanged();
    void redraw();
    void updateProgressText();
    void updateButtons();
    void setAllVariants(bool checked);
    QString verdict() const;

    Results& m_results;
    JobRunner& m_jobs;
    QListWidget* m_variants;
    QComboBox* m_data;
    QSpinBox* m_depth;
    QSpinBox* m_seeds;
    QSpinBox* m_epochs;
    QSpinBox* m_width;
    QPushButton* m_runDefault;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QCheckBox* m_showTest;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QCustomPlot* m_figure;
    QTableWidget* m_table;
    QTimer* m_clock;
    QWidget* m_formRow;
    QWidget* m_variantsBox;

    core::AblationConfig m_form;           // the fields the form does not show come from here
    RunBatchProgress m_batch;
    QString m_verdict;                     // what a finished ablation shows, in a sentence
    double m_fontScale = 1.0;
};

}  // namespace ui
