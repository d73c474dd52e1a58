#include "ui/plots/replot_scheduler.h"

#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QEvent>
#include <QTimer>

#include <algorithm>

namespace ui {

namespace {

// One per plot, its child: the frame timer and whether a repaint is owed.
class Scheduler : public QObject {
public:
    explicit Scheduler(QCustomPlot* plot) : QObject(plot), m_plot(plot) {
        setObjectName(QStringLiteral("ui_replot_scheduler"));
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { replotNow(); });
        plot->installEventFilter(this);
        m_last.start();
    }

    void request() {
        m_dirty = true;
        if (!m_plot->isVisible() || m_timer.isActive())
            return;   // hidden: repainted when shown
        m_timer.start(int(std::max<qint64>(0, kReplotPeriodMs - m_last.elapsed())));
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == m_plot && event->type() == QEvent::Show && m_dirty)
            request();
        return false;
    }

private:
    void replotNow() {
        if (!m_plot->isVisible())
            return;   // still owed: m_dirty stays set
        m_dirty = false;
        m_last.restart();
        m_plot->replot(QCustomPlot::rpQueuedRefresh);
    }

    QCustomPlot* m_plot;
    QTimer m_timer;
    QElapsedTimer m_last;
    bool m_dirty = false;
};

}  // namespace

void requestReplot(QCustomPlot* plot) {
    QObject* child = plot->findChild<QObject*>(QStringLiteral("ui_replot_scheduler"), Qt::FindDirectChildrenOnly);
    auto* scheduler = child ? static_cast<Scheduler*>(child) : new Scheduler(plot);
    scheduler->request();
}

}  // namespace ui
