// ui/plots/replot_scheduler.h: live plots repaint at most ~30 times a second, and not at all
// while hidden. Snapshots may arrive faster (two runs, probes, maps); QCustomPlot's queued
// replot only merges requests within one pass of the event loop, so bursts spread over time
// would each cost a full antialiased repaint. requestReplot() marks the plot and repaints it
// at the next frame (or when it is shown again).
#pragma once

class QCustomPlot;

namespace ui {

inline constexpr int kReplotPeriodMs = 33;

void requestReplot(QCustomPlot* plot);

}  // namespace ui
