// ui/results/thread_priority.h: training threads yield to the window. On a machine with
// fewer cores than busy threads (two twins on two cores), the window's thread would otherwise
// get a third of a core and every click would wait; a training thread calls this once and
// runs at a lower scheduling priority (Linux: a per-thread nice value; elsewhere nothing).
#pragma once

namespace ui {

// Lowers the calling thread's priority (nice +kTrainingNice). Idempotent per thread.
void lowerThreadPriority();
inline constexpr int kTrainingNice = 5;

}  // namespace ui
