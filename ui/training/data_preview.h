// ui/training/data_preview.h: a small picture of the data set the panel describes: the 2-D
// points in their class colours, or the first images. It is drawn from a copy loaded by a
// short job (kind "data preview"), so a large file never stalls the window; a newer request
// simply replaces an older one.
#pragma once

#include "core/data/dataset_registry.h"
#include "ui/results/job_runner.h"

#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

#include <string>

namespace ui {

inline constexpr char kDataPreviewJob[] = "data preview";

class DataPreview : public QWidget {
    Q_OBJECT
public:
    explicit DataPreview(JobRunner& jobs, QWidget* parent = nullptr);

    // Loads (a small part of) the set in the background and shows it.
    void request(const std::string& name, const core::DataOptions& options);
    // "1,500 training / 500 test samples, 3 classes, 2 features" or the loading error.
    QString summary() const { return m_summary; }
    bool isLoading() const { return m_loading; }
    QSize sizeHint() const override { return {260, 150}; }

signals:
    void loaded(const QString& summary, bool ok);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Picture {
        bool ok = false;
        QString summary;
        QVector<QPointF> points;
        QVector<int> labels;
        QVector<QImage> images;
    };
    static Picture load(const std::string& name, core::DataOptions options);
    void apply(const Picture& picture);

    JobRunner& m_jobs;
    bool m_loading = false;
    QString m_summary;
    Picture m_picture;
};

}  // namespace ui
