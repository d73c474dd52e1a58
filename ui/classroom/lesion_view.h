// ui/classroom/lesion_view.h: the "Lesion study" tab (Veit et al. 2016, sec. 4). Trains the
// plain and the residual 20-layer spiral twins (or restores them from a bundle's weights),
// removes blocks from both at test time and plots the test error against the removed block
// and against the number of blocks removed (ui/plots/lesion_figure.h). The work runs in a
// std::jthread; only values come back, through queued signals. Cancellable, with progress.
#pragma once

#include "core/data/dataset_registry.h"
#include "core/experiments/lesion_study.h"
#include "core/io/run_bundle.h"
#include "core/train/train_config.h"

#include <QMetaType>
#include <QString>
#include <QWidget>

#include <atomic>
#include <thread>
#include <vector>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

// What the worker sends back when a study ends (finished, cancelled or failed).
struct LesionOutcome {
    int job = 0;
    std::vector<core::LesionResult> results;
    QString error;
    bool cancelled = false;
    double chanceError = -1;
};

class LesionView : public QWidget {
    Q_OBJECT
public:
    explicit LesionView(QWidget* parent = nullptr);
    // Stops the worker and waits for it (within one batch).
    ~LesionView() override;

    // The study the Run button performs: the twins of `network`, trained with `training` on
    // `dataName`, then `config` on both. Defaults: spiral-residual-20, the default settings.
    void setStudy(const core::NetworkSpec& network, const QString& dataName, const core::DataOptions& data,
                  const core::TrainConfig& training, const core::LesionConfig& config);
    // Trains the twins and lesions both (in the worker).
    void run();
    // Lesions a bundle's trained runs without training (their saved weights); false with a
    // message when no run has weights.
    bool runOnBundle(const core::RunBundle& bundle);
    void cancel();
    bool isRunning() const { return m_running; }

    // Draws stored results at once (a bundle's lesion results).
    void showResults(const std::vector<core::LesionResult>& results, double chanceError = -1);
    const std::vector<core::LesionResult>& results() const { return m_results; }
    QCustomPlot* plot() const { return m_plot; }
    QString progressText() const;
    void setFontScale(double scale);

signals:
    void statusMessage(const QString& message);
    void studyFinished(bool cancelled);
    // Worker -> GUI (queued): progress and the outcome.
    void workerProgress(int job, const QString& phase, int done, int total);
    void workerFinished(const ui::LesionOutcome& outcome);

private:
    void start(std::function<LesionOutcome(std::stop_token, int job)> work);
    void onProgress(int job, const QString& phase, int done, int total);
    void onFinished(const LesionOutcome& outcome);
    void redraw();
    void stopWorker();

    core::NetworkSpec m_network;
    QString m_dataName = QStringLiteral("spiral");
    core::DataOptions m_data;
    core::TrainConfig m_training;
    core::LesionConfig m_config;

    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_label;
    QCustomPlot* m_plot;
    std::vector<core::LesionResult> m_results;
    double m_chance = -1;
    double m_fontScale = 1.0;
    int m_job = 0;
    bool m_running = false;
    std::jthread m_worker;   // last: joined first when the view is destroyed
};

}  // namespace ui

Q_DECLARE_METATYPE(ui::LesionOutcome)
