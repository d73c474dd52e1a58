// ui/views/run_batch_progress.h: the progress of a batch of training runs as a view shows it
// (the depth sweep, the block-design ablation): how many of how many, the time since the start,
// the time left from the job's last estimate (counted down between reports), and a sentence
// for how the batch ended ("Done: 30 runs in 3:02.", "Cancelled after 4 of 30 runs.").
#pragma once

#include "ui/results/job_runner.h"

#include <QElapsedTimer>
#include <QString>

class QProgressBar;

namespace ui {

// "m:ss", or "h:mm:ss" from an hour on.
QString clockText(double seconds);

class RunBatchProgress {
public:
    // A batch of `total` runs starts; `bar` counts them ("3 of 30 runs").
    void start(int total, QProgressBar* bar);
    // The job's progress report.
    void report(const JobProgress& progress, QProgressBar* bar);
    // The batch ended with `received` runs done. `job` names it in a failure ("sweep":
    // "The sweep could not run: ...").
    void finish(const JobOutcome& outcome, int received, const QString& job);

    int total() const { return m_total; }
    const JobProgress& last() const { return m_last; }
    double elapsedSeconds() const { return m_sinceStart.isValid() ? m_sinceStart.elapsed() / 1000.0 : 0.0; }
    // " · about 2:10 left" once a run has finished and the job gave an estimate, else
    // " · estimating the time left...".
    QString timeLeftText() const;
    // How the batch ended (empty while it runs).
    const QString& outcome() const { return m_outcome; }

private:
    JobProgress m_last;
    QElapsedTimer m_sinceStart;
    QElapsedTimer m_sinceProgress;   // since m_last arrived
    int m_total = 0;
    QString m_outcome;
};

}  // namespace ui
