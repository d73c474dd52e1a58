#include "core/format.h"

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

std::string humanCount(double n) {
    const char* units[] = {"", " k", " M", " G", " T"};
    int u = 0;
    while (n >= 1000.0 && u < 4) {
        n /= 1000.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.2f%s", n, units[u]);
    return buf;
}

}  // namespace core
