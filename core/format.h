// core/format.h: numbers for people: 1234567 -> "1,234,567", 3.2e9 -> "3.20 G",
// 1536 bytes -> "1.5 KiB".
#pragma once

#include <cstdint>
#include <string>

namespace core {

std::string groupThousands(std::int64_t n);
std::string humanCount(double n);
// Bytes in binary units: "512 bytes", "1.5 KiB", "2.4 GiB".
std::string formatBytes(std::int64_t bytes);

}  // namespace core
