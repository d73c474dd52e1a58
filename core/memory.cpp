#include "core/memory.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace core {

void keepFreedMemory() {
    static std::once_flag once;
    std::call_once(once, [] {
#if defined(__GLIBC__)
        mallopt(M_TRIM_THRESHOLD, 1 << 30);     // never give the heap top back mid-run
        mallopt(M_MMAP_THRESHOLD, 64 << 20);    // only truly large blocks get their own mapping
#endif
    });
}

}  // namespace core
