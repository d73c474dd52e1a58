// core/memory.h: keeps the allocator from returning memory to the system between steps.
// A training run allocates and frees the same few buffer sizes every step; glibc's default
// trims the heap and maps large blocks anew each time, which costs a page fault per 4 KiB.
// For a 56-layer spiral MLP that was 339,000 page faults and 0.6 s of system time in a
// 1.8 s run; with the heap kept it is 10,000 and 0.01 s.
#pragma once

namespace core {

// Idempotent; a no-op on other C libraries.
void keepFreedMemory();

}  // namespace core
