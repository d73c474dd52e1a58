#include "core/memory.h"

#include <fstream>
#include <mutex>
#include <sstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__unix__)
#include <unistd.h>
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

std::int64_t availableMemoryBytes() {
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);) {
        std::istringstream fields(line);
        std::string key;
        std::int64_t kib = 0;
        if (fields >> key >> kib && key == "MemAvailable:" && kib > 0)
            return kib * 1024;   // the value is in kB
    }
#if defined(_SC_AVPHYS_PAGES)
    const long pages = sysconf(_SC_AVPHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && pageSize > 0)
        return std::int64_t(pages) * pageSize;
#endif
    return -1;
}

}  // namespace core
