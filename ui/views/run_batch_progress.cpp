#include "ui/views/run_batch_progress.h"

#include <QCoreApplication>
#include <QProgressBar>

#include <algorithm>
#include <cmath>

namespace ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("RunBatchProgress", text); }

}  // namespace

QString clockText(double seconds) {
    const int s = int(std::lround(std::max(0.0, seconds)));
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void RunBatchProgress::start(int total, QProgressBar* bar) {
    m_total = total;
    m_last = JobProgress{};
    m_last.total = total;
    m_sinceStart.start();
    m_sinceProgress.start();
    m_outcome.clear();
    bar->setRange(0, std::max(1, total));
    bar->setValue(0);
    bar->setFormat(tr("%v of %m runs"));
}

void RunBatchProgress::report(const JobProgress& progress, QProgressBar* bar) {
    m_last = progress;
    m_sinceProgress.restart();
    bar->setValue(progress.done);
}

void RunBatchProgress::finish(const JobOutcome& outcome, int received, const QString& job) {
    switch (outcome.status) {
    case JobOutcome::Status::Failed:
        m_outcome = tr("<b>The %1 could not run:</b> %2").arg(job, outcome.error.toHtmlEscaped());
        break;
    case JobOutcome::Status::Cancelled:
        m_outcome = tr("Cancelled after %1 of %2 runs.").arg(received).arg(m_total);
        break;
    case JobOutcome::Status::Finished:
        m_outcome = tr("Done: %1 runs in %2.").arg(received).arg(clockText(elapsedSeconds()));
        break;
    }
}

QString RunBatchProgress::timeLeftText() const {
    if (m_last.done > 0 && m_last.eta >= 0)
        return tr(" · about %1 left").arg(clockText(m_last.eta - m_sinceProgress.elapsed() / 1000.0));
    return tr(" · estimating the time left...");
}

}  // namespace ui
