// ui/views/job_indicator.h: the Run and Cancel buttons, progress bar and label of a view whose
// work is a job (the lesion study, the path-length analysis, ...), driven from the job runner:
// while a job of the kind runs, Run is off, Cancel on and the bar and label follow its
// progress ("phase: done of total"); when it ends the buttons come back, and the view says
// how it went (finished()).
#pragma once

#include "ui/results/job_runner.h"

#include <QObject>

class QLabel;
class QProgressBar;
class QPushButton;

namespace ui {

class JobIndicator : public QObject {
    Q_OBJECT
public:
    // The widgets belong to the view (any layout); `parent` is usually the view.
    JobIndicator(JobRunner& jobs, const QString& kind, QPushButton* run, QPushButton* cancel, QProgressBar* bar,
                 QLabel* label, QObject* parent);

signals:
    // The kind's job ended; the widgets are reset (the bar full only when it finished).
    void finished(const ui::JobOutcome& outcome);

private:
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_bar;
    QLabel* m_label;
};

}  // namespace ui
