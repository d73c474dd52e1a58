#include "core/format.h"

#include <cstddef>
#include <cstdio>

namespace core {

std::string groupThousands(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

namespace {

// `value` divided by `base` while it reaches it (at most to the last unit), in `units[u]`:
// whole for the first unit, with `decimals` after it.
template <std::size_t N>
std::string scaled(double value, double base, const char* const (&units)[N], const char* separator, int decimals) {
    std::size_t u = 0;
    while (value >= base && u + 1 < N) {
        value /= base;
        ++u;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f%s%s", u == 0 ? 0 : decimals, value, separator, units[u]);
    return buf;
}

}  // namespace

std::string humanCount(double n) {
    static const char* const units[] = {"", "k", "M", "G", "T"};
    return n < 1000.0 ? scaled(n, 1000.0, units, "", 2) : scaled(n, 1000.0, units, " ", 2);
}

std::string formatBytes(std::int64_t bytes) {
    static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    return scaled(double(bytes), 1024.0, units, " ", 1);
}

}  // namespace core
