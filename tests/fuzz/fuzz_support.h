// tests/fuzz/fuzz_support.h: helpers shared by the libFuzzer targets. The readers under test
// take file paths, as the app gives them, so each input is written to a file in /dev/shm
// (or /tmp) first. Every reader must either succeed or throw its documented error type;
// anything else (a crash, a sanitizer report, another exception) is a bug the fuzzer reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace fuzz {

// A per-process scratch file holding the current input.
inline std::string writeInput(const std::uint8_t* data, std::size_t size, const char* suffix = "") {
    static const std::string dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    const std::string path = dir + "/resnetlab-fuzz-" + std::to_string(getpid()) + suffix;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        __builtin_trap();
    if (size > 0)
        std::fwrite(data, 1, size, f);
    std::fclose(f);
    return path;
}

}  // namespace fuzz
