// core/format.h: numbers for people: 1234567 -> "1,234,567", 3.2e9 -> "3.20 G".
#pragma once

#include <cstdint>
#include <string>

namespace core {

std::string groupThousands(std::int64_t n);
std::string humanCount(double n);

}  // namespace core
