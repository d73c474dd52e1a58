#include "ui/training/sweep_controller.h"

#include "core/data/dataset_registry.h"
#include "ui/training/thread_priority.h"

#include <QMetaObject>

namespace ui {

SweepController::SweepController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<SweepProgressSnapshot>();
    qRegisterMetaType<SweepRunSnapshot>();
    qRegisterMetaType<SweepEpochsSnapshot>();
}

SweepController::~SweepController() { cancelAndWait(); }

int SweepController::runIndex(const core::SweepConfig& c, int family, int depth, int seed) {
    return (family * int(c.depths.size()) + depth) * int(c.seeds.size()) + seed;
}

QStringList SweepController::start(const core::SweepConfig& config) {
    QStringList problems;
    for (const std::string& p : core::checkSweepConfig(config))
        problems << QString::fromStdString(p);
    if (!problems.isEmpty())
        return problems;
    cancelAndWait();
    m_config = config;
    const int sweep = ++m_sweep;
    m_running = true;
    {
        std::lock_guard lock(m_epochMutex);
        m_pendingEpochs.clear();
        m_epochTimer.start();
    }
    emit started(sweep, int(config.families.size() * config.depths.size() * config.seeds.size()));

    m_thread = std::jthread([this, config, sweep](std::stop_token stop) {
        QString error;
        lowerThreadPriority();
        try {
            const core::Dataset data = core::loadDataset(config.data, config.dataOptions);
            core::SweepCallbacks callbacks;
            callbacks.onRunDone = [this, sweep](const core::SweepProgress& p) {
                SweepProgressSnapshot s{sweep, p.done, p.total, p.running, p.elapsed, p.eta};
                SweepRunSnapshot r{sweep, p.finishedIndex, *p.finished};
                flushEpochs(true);   // the run's last epochs arrive before the run itself
                QMetaObject::invokeMethod(this, [this, r] { emit runDone(r); }, Qt::QueuedConnection);
                QMetaObject::invokeMethod(this, [this, s] { emit progress(s); }, Qt::QueuedConnection);
            };
            callbacks.onEpoch = [this, sweep](int index, const core::EpochReport& e) {
                lowerThreadPriority();   // the sweep's own threads: once each, at their first epoch
                {
                    std::lock_guard lock(m_epochMutex);
                    m_pendingEpochs.emplace_back(index, e);
                }
                flushEpochs(false);
                (void)sweep;
            };
            core::runDepthSweep(config, data, stop, callbacks);
            flushEpochs(true);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        const bool cancelled = stop.stop_requested();
        QMetaObject::invokeMethod(
            this,
            [this, sweep, cancelled, error] {
                if (sweep == m_sweep)
                    m_running = false;
                emit finished(sweep, cancelled, error);
            },
            Qt::QueuedConnection);
    });
    return {};
}

void SweepController::flushEpochs(bool force) {
    SweepEpochsSnapshot s;
    {
        std::lock_guard lock(m_epochMutex);
        if (m_pendingEpochs.empty() || (!force && m_epochTimer.elapsed() < 33))
            return;
        s.sweep = m_sweep;
        s.epochs.swap(m_pendingEpochs);
        m_epochTimer.restart();
    }
    QMetaObject::invokeMethod(this, [this, s] { emit epochs(s); }, Qt::QueuedConnection);
}

void SweepController::cancel() {
    if (m_thread.joinable())
        m_thread.request_stop();
}

void SweepController::cancelAndWait() {
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_thread.join();
    }
}

}  // namespace ui
