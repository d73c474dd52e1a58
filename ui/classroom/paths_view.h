// ui/classroom/paths_view.h: the "Unraveled view" tab (Veit et al. 2016, sec. 3 and 4.2). On
// the left the 2^n paths of n = 1..4 residual blocks drawn explicitly (UnraveledGraphWidget);
// on the right, for any n, the path-length distribution C(n, k) / 2^n, and after "Measure",
// the gradient one path of each length carries and the total each length contributes
// (ui/plots/paths_figure.h), measured on a trained network: the lesson's or the document's
// residual network, or a default 56-layer spiral ResNet, trained in a worker thread.
#pragma once

#include "core/data/dataset_registry.h"
#include "core/experiments/path_lengths.h"
#include "core/spec/network_spec.h"
#include "core/train/train_config.h"

#include <QMetaType>
#include <QWidget>

#include <functional>
#include <thread>

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ui {

class UnraveledGraphWidget;

struct PathsOutcome {
    int job = 0;
    core::PathLengthResult result;
    QString network;
    QString error;
    bool cancelled = false;
};

class PathsView : public QWidget {
    Q_OBJECT
public:
    explicit PathsView(QWidget* parent = nullptr);
    ~PathsView() override;

    // Blocks drawn in the picture (1..4) and blocks of the distribution (any n >= 1).
    void setDrawnBlocks(int n);
    void setBlocks(int n);
    int blocks() const;
    // The network "Measure" trains and analyses (default: spiral-residual-56), and how.
    void setStudy(const core::NetworkSpec& network, const QString& dataName, const core::DataOptions& data,
                  const core::TrainConfig& training, const core::PathGradientOptions& options);
    // Trains the network in the worker, then measures the gradient by path length.
    void measure();
    void cancel();
    bool isRunning() const { return m_running; }

    // Shows a result at once (a bundle's, or the counts only).
    void showResult(const core::PathLengthResult& result);
    const core::PathLengthResult& distribution() const { return m_result; }
    UnraveledGraphWidget* graph() const { return m_graph; }
    QCustomPlot* plot() const { return m_plot; }
    void setFontScale(double scale);

signals:
    void statusMessage(const QString& message);
    void measured(bool cancelled);
    void workerProgress(int job, const QString& phase, int done, int total);
    void workerFinished(const ui::PathsOutcome& outcome);

private:
    void onProgress(int job, const QString& phase, int done, int total);
    void onFinished(const PathsOutcome& outcome);
    void redraw();
    void stopWorker();

    core::NetworkSpec m_network;
    QString m_dataName = QStringLiteral("spiral");
    core::DataOptions m_data;
    core::TrainConfig m_training;
    core::PathGradientOptions m_options;

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
    int m_job = 0;
    bool m_running = false;
    std::jthread m_worker;
};

}  // namespace ui

Q_DECLARE_METATYPE(ui::PathsOutcome)
