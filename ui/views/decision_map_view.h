// ui/views/decision_map_view.h: the decision regions of a network on 2-D data, as in the
// TensorFlow Playground: the plane coloured by the predicted class (paler where the network is
// unsure), the training points on top in their class colours. One panel per run, so a plain
// net and its residual twin are seen side by side, updated live.
#pragma once

#include "ui/training/training_snapshots.h"

#include <QWidget>

#include <array>

class QCustomPlot;
class QCPAxisRect;
class QCPItemPixmap;
class QCPTextElement;

namespace ui {

class DecisionMapView : public QWidget {
    Q_OBJECT
public:
    explicit DecisionMapView(QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    void setFontScale(double scale);
    // The step of the map shown for a run (-1 before the first).
    qint64 mapStep(int run) const;
    // Writes the maps and the points: kind,run,x,y,label,p0,p1,...
    QString saveCsv(const QString& path) const;

public slots:
    void clear(int runs);
    void setRunFamily(int run, const QString& family);
    // Replaces the step in the panel's title ("diverged at step 12").
    void setRunNote(int run, const QString& note);
    void setData(const ui::DataSnapshot& data);
    void setMap(const ui::DecisionMapSnapshot& map);

private:
    struct Panel {
        QCPAxisRect* rect = nullptr;
        QCPTextElement* title = nullptr;
        QCPItemPixmap* pixmap = nullptr;
        QString family;
        QString note;
        DecisionMapSnapshot map;
        bool hasMap = false;
    };
    void rebuildLayout();
    void drawPoints();
    void updateTitle(int run);
    static QImage render(const DecisionMapSnapshot& map);
    static QPixmap dotPixmap(const QColor& color, double diameter);

    QCustomPlot* m_plot;
    std::array<Panel, 2> m_panels;
    int m_runs = 1;
    DataSnapshot m_data;
    double m_fontScale = 1.0;
};

}  // namespace ui
