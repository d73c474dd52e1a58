#include "ui/results/thread_priority.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ui {

void lowerThreadPriority() {
#if defined(__linux__)
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    // On Linux the nice value belongs to the thread: PRIO_PROCESS with the thread id.
    const id_t tid = id_t(syscall(SYS_gettid));
    const int current = getpriority(PRIO_PROCESS, tid);
    if (current < kTrainingNice)
        setpriority(PRIO_PROCESS, tid, kTrainingNice);
#endif
}

}  // namespace ui
