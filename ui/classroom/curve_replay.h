// ui/classroom/curve_replay.h: re-animates the stored training curves of a run bundle in the
// curves view, one epoch per tick of a QTimer, at a chosen speed; and shows them all at once.
// It takes the runs when Results loads a bundle (and shows them at once) and lets them go when
// a new session replaces them; the curves view is only written to.
#pragma once

#include "core/io/run_bundle.h"

#include <QPointer>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTimer;

namespace ui {

class CurvesView;
class Results;

class CurveReplay : public QWidget {
    Q_OBJECT
public:
    explicit CurveReplay(Results& results, QWidget* parent = nullptr);

    void setTarget(CurvesView* curves);
    // The runs to show (a bundle's first two: the network and its twin); stops a replay.
    void setRuns(const std::vector<core::BundleRun>& runs, const QString& title = {});
    bool hasRuns() const { return !m_runs.empty(); }

    // Every stored epoch at once.
    void showAll();
    // From an empty plot, `epochsPerSecond` epochs at a time per second.
    void replay();
    void stop();
    bool isReplaying() const;
    void setSpeed(double epochsPerSecond);
    double speed() const { return m_speed; }

private:
    void begin();
    void tick();

    QPointer<CurvesView> m_curves;
    std::vector<core::BundleRun> m_runs;
    QLabel* m_title;
    QComboBox* m_speedChoice;
    QPushButton* m_replay;
    QTimer* m_timer;
    double m_speed = 10;
    std::size_t m_next = 0;   // the next epoch to add
};

}  // namespace ui
