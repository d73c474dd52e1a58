// ui/views/image_predictions_view.h: what an image classifier gets right and wrong. Left, a
// grid of test images, each with its predicted and true label (green when right, red when
// wrong); right, the confusion matrix over the first test samples (rows: true class,
// columns: predicted class). With the twin on, a choice shows either run.
#pragma once

#include "ui/training/training_snapshots.h"

#include <QWidget>

#include <array>

class QComboBox;
class QCustomPlot;
class QLabel;

namespace ui {

// The grid of sample images with their labels.
class ImageGridWidget : public QWidget {
    Q_OBJECT
public:
    explicit ImageGridWidget(QWidget* parent = nullptr);
    void setImages(const QVector<QImage>& images, const QVector<int>& labels, const QStringList& classNames);
    void setPredictions(const QVector<int>& predictions);   // empty: not yet predicted
    void setFontScale(double scale);
    int imageCount() const { return int(m_images.size()); }
    QSize sizeHint() const override { return {420, 320}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString className(int k) const;
    QVector<QImage> m_images;
    QVector<int> m_labels, m_predictions;
    QStringList m_classNames;
    double m_fontScale = 1.0;
};

class ImagePredictionsView : public QWidget {
    Q_OBJECT
public:
    explicit ImagePredictionsView(QWidget* parent = nullptr);

    ImageGridWidget* grid() const { return m_grid; }
    QCustomPlot* confusionPlot() const { return m_confusion; }
    void setFontScale(double scale);
    // The confusion matrix shown (for tests): counts[true * classes + predicted].
    QVector<int> shownConfusion() const;

public slots:
    void clear();
    void setRunFamily(int run, const QString& family);
    void setData(const ui::DataSnapshot& data);
    void setPredictions(const ui::PredictionSnapshot& predictions);

private:
    void showRun(int run);
    void drawConfusion(const PredictionSnapshot& p);

    ImageGridWidget* m_grid;
    QCustomPlot* m_confusion;
    QComboBox* m_runChoice;
    QLabel* m_caption;
    DataSnapshot m_data;
    std::array<PredictionSnapshot, 2> m_predictions;
    std::array<bool, 2> m_has{};
    std::array<QString, 2> m_families;
    double m_fontScale = 1.0;
};

}  // namespace ui
