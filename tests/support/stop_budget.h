// tests/support/stop_budget.h: the time the issue allows for stopping training ("within a
// second"). The normal build checks it as stated; a build instrumented by AddressSanitizer or
// ThreadSanitizer runs every instruction 2-15x slower, so there it checks the same stop path
// for races and leaks against ten times the bound.
#pragma once

namespace support {

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr int kStopBudgetMs = 10000;
#else
constexpr int kStopBudgetMs = 1000;
#endif

}  // namespace support
