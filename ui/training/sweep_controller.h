// ui/training/sweep_controller.h: runs the core's depth sweep (families x depths x seeds) from
// the window, in a thread of its own, cancellable. What the window receives are values: the
// progress (runs done, running, left, ETA), each finished run with its whole history, and the
// epochs of the runs in progress, batched to at most ~30 deliveries per second.
#pragma once

#include "core/experiments/depth_sweep.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace ui {

struct SweepProgressSnapshot {
    int sweep = 0;
    int done = 0;
    int total = 0;
    int running = 0;
    double elapsed = 0;        // seconds
    double eta = 0;            // seconds left (estimate)
};

// One finished run (index in the order families x depths x seeds).
struct SweepRunSnapshot {
    int sweep = 0;
    int index = -1;
    core::SweepRun run;
};

// Epoch reports of runs still training: (run index, report).
struct SweepEpochsSnapshot {
    int sweep = 0;
    std::vector<std::pair<int, core::EpochReport>> epochs;
};

class SweepController : public QObject {
    Q_OBJECT
public:
    explicit SweepController(QObject* parent = nullptr);
    // Cancels a running sweep and waits for it (the runs stop within one batch).
    ~SweepController() override;

    bool isRunning() const { return m_running; }
    int sweep() const { return m_sweep; }
    const core::SweepConfig& config() const { return m_config; }

    // Checks the config (returns the problems, and starts nothing when there are any), then
    // runs the sweep. A running sweep is cancelled first.
    QStringList start(const core::SweepConfig& config);
    void cancel();
    // Cancels and joins the sweep thread (window close).
    void cancelAndWait();

    // The run index of (family, depth, seed) in a config's order.
    static int runIndex(const core::SweepConfig& config, int family, int depth, int seed);

signals:
    void started(int sweep, int total);
    void progress(const ui::SweepProgressSnapshot& progress);
    void runDone(const ui::SweepRunSnapshot& run);
    void epochs(const ui::SweepEpochsSnapshot& epochs);
    // cancelled: the user stopped it; error: non-empty when it could not run.
    void finished(int sweep, bool cancelled, const QString& error);

private:
    void flushEpochs(bool force);

    core::SweepConfig m_config;
    std::jthread m_thread;
    int m_sweep = 0;
    bool m_running = false;

    std::mutex m_epochMutex;                           // guards the two below (sweep threads)
    std::vector<std::pair<int, core::EpochReport>> m_pendingEpochs;
    QElapsedTimer m_epochTimer;
};

}  // namespace ui

Q_DECLARE_METATYPE(ui::SweepProgressSnapshot)
Q_DECLARE_METATYPE(ui::SweepRunSnapshot)
Q_DECLARE_METATYPE(ui::SweepEpochsSnapshot)
