#include "ui/views/job_indicator.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include <algorithm>

namespace ui {

JobIndicator::JobIndicator(JobRunner& jobs, const QString& kind, QPushButton* run, QPushButton* cancel,
                           QProgressBar* bar, QLabel* label, QObject* parent)
    : QObject(parent), m_run(run), m_cancel(cancel), m_bar(bar), m_label(label) {
    m_cancel->setEnabled(false);
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    jobs.watch(
        kind, this,
        [this] {
            m_run->setEnabled(false);
            m_cancel->setEnabled(true);
            m_bar->setRange(0, 0);   // busy until the first progress
            m_label->setText(tr("Starting..."));
        },
        [this](const JobProgress& p) {
            const int total = std::max(p.total, 1);
            m_bar->setRange(0, total);
            m_bar->setValue(std::min(p.done, total));
            m_label->setText(tr("%1: %2 of %3").arg(p.phase).arg(p.done).arg(p.total));
        },
        [this](const JobOutcome& outcome) {
            m_run->setEnabled(true);
            m_cancel->setEnabled(false);
            m_bar->setRange(0, 1);
            m_bar->setValue(outcome.status == JobOutcome::Status::Finished ? 1 : 0);
            emit finished(outcome);
        });
}

}  // namespace ui
