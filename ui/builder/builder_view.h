// ui/builder/builder_view.h: the window onto the canvas. The wheel zooms around the cursor, a
// drag on empty space pans, Shift+drag selects with a rubber band, Ctrl+click adds to the
// selection, and "fit" shows the whole network. Drops are handled by the BuilderScene.
#pragma once

#include <QGraphicsView>

namespace ui {

class BuilderScene;

class BuilderView : public QGraphicsView {
    Q_OBJECT
public:
    explicit BuilderView(BuilderScene* scene, QWidget* parent = nullptr);

    double zoom() const;
    void setZoom(double zoom);   // 1 = 100 %, clamped to [kMinZoom, kMaxZoom]
    static constexpr double kMinZoom = 0.05;
    static constexpr double kMaxZoom = 4.0;

public slots:
    void zoomIn();
    void zoomOut();
    // The whole network in view, never larger than 100 %.
    void fitToView();
    // Fits the view when part of the network is outside it (a block dropped past the edge).
    void ensureNetworkVisible();

signals:
    void zoomChanged(double zoom);

protected:
    // The key of the flow bars, in a corner of the view, while training shows them.
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void scaleBy(double factor);

    BuilderScene* m_scene;
    QPoint m_pressPos;
    bool m_pressOnEmpty = false;
};

}  // namespace ui
