// ui/views/curves_view.h: view 1, the training curves. Loss and error against step or epoch,
// live: the batch values (training mode, averaged over each ~33 ms snapshot), and after each
// epoch the whole training and test splits in evaluation mode (bold training, thin dashed
// test). The twin is drawn in its family's colour (plain red, residual blue) on the same
// axes. Below: the decision regions (2-D data) or the image grid and confusion matrix.
// A divergence is written on the plots with the step and a hint.
#pragma once

#include "ui/training/training_snapshots.h"

#include <QWidget>

#include <array>
#include <vector>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QCPGraph;
class QCPAbstractItem;
class QCPItemText;
class QLabel;
class QStackedWidget;

namespace ui {

class DecisionMapView;
class HoverReadout;
class ImagePredictionsView;

class CurvesView : public QWidget {
    Q_OBJECT
public:
    enum class XAxis { Step, Epoch };
    // Batch points kept per run; beyond, neighbours are merged in pairs.
    static constexpr qsizetype kMaxBatchPoints = 6000;

    explicit CurvesView(QWidget* parent = nullptr);

    QCustomPlot* lossPlot() const { return m_loss; }
    QCustomPlot* errorPlot() const { return m_error; }
    DecisionMapView* decisionMap() const { return m_map; }
    ImagePredictionsView* images() const { return m_images; }
    HoverReadout* lossReadout() const { return m_lossReadout; }

    void setXAxis(XAxis axis);
    XAxis xAxis() const { return m_xAxis; }
    void setLogScale(bool log);
    bool logScale() const { return m_log; }
    void setFontScale(double scale);

    // Points drawn so far for one run: batch points and epoch reports (for tests).
    int batchPoints(int run) const;
    int epochPoints(int run) const;
    // The divergence text on the plots ("" when none).
    QString divergenceText() const { return m_divergence; }
    // Loss values left above the loss axis (robust_range.h), and the note that says so.
    int clippedLosses() const { return m_clippedLosses; }
    QCPItemText* clippedNote() const { return m_clipNote; }

public slots:
    void clear(bool twin);
    void setRunInfo(const ui::RunStartedSnapshot& run);
    void addProgress(const ui::ProgressSnapshot& progress);
    void setRunFinished(const ui::RunFinishedSnapshot& result);
    void setData(const ui::DataSnapshot& data);
    void setDecisionMap(const ui::DecisionMapSnapshot& map);
    void setPredictions(const ui::PredictionSnapshot& predictions);

private:
    struct Series {
        bool used = false;
        QString family;
        qint64 stepsPerEpoch = 1;
        qint64 totalSteps = 0;
        int epochs = 0;
        QVector<double> batchStep, batchLoss, batchError;
        std::vector<core::EpochReport> reports;
        QCPGraph *lossBatch = nullptr, *lossTrain = nullptr, *lossTest = nullptr;
        QCPGraph *errorBatch = nullptr, *errorTrain = nullptr, *errorTest = nullptr;
    };

    void createGraphs(int run);
    void styleGraphs();
    void rebuildData();
    void appendTo(int run, const ProgressSnapshot& p);
    double keyOfStep(const Series& s, double step) const;
    void rescale();
    void redrawMarks();

    QCustomPlot* m_loss;
    QCustomPlot* m_error;
    HoverReadout* m_lossReadout;
    HoverReadout* m_errorReadout;
    QComboBox* m_xChoice;
    QCheckBox* m_logChoice;
    QLabel* m_status;
    QStackedWidget* m_below;
    DecisionMapView* m_map;
    ImagePredictionsView* m_images;
    QWidget* m_nothingBelow;
    std::array<Series, 2> m_series;
    struct Divergence {
        int run = 0;
        qint64 step = 0;
        QString message;
    };
    std::vector<Divergence> m_diverged;
    std::vector<QCPAbstractItem*> m_marks;   // divergence text and lines
    XAxis m_xAxis = XAxis::Step;
    bool m_log = false;
    double m_fontScale = 1.0;
    QString m_divergence;
    QCPItemText* m_clipNote = nullptr;   // owned by the loss plot
    int m_clippedLosses = 0;
};

}  // namespace ui
