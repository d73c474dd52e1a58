// core/io/file_io.h: the two ways core reads and writes a whole file, used by every file
// format (network specs, run bundles, weights, lessons, .npz archives, the PyTorch export).
//   writeFileAtomically<Error>(path, bytes): writes "path.tmp" and renames it over `path`, so a
//     crash or a full disk leaves the old file or the new one, never half of one;
//   readFileBounded<Error>(path, limit): refuses a directory, a missing file and a file larger
//     than the format allows before it allocates anything, then reads it whole.
// Problems are thrown as the caller's own error type (SpecError, WeightsError, ...), with a
// message that starts with the path and names the problem:
//   "P: is a directory, not a network file", "P: cannot open the file",
//   "P: the file has N bytes; a network file has at most 64 MiB", "P: cannot read the file",
//   "P: cannot write the file", "P: writing failed (disk full?)", "P: cannot replace the file: ...".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace core {

// What a bounded read accepts: the format's name, for messages, and its largest size.
struct FileLimit {
    std::string_view kind;     // "network file", "bundle file", "lesson file", ...
    std::uintmax_t maxBytes;
};

namespace file_io {

// Each returns the problem's message, or an empty string when all went well.
std::string writeAtomically(const std::string& path, std::string_view bytes);
std::string sizeOf(const std::string& path, std::string_view kind, std::uintmax_t& size);
std::string readBounded(const std::string& path, const FileLimit& limit, std::string& bytes);

}  // namespace file_io

template <class Error>
void writeFileAtomically(const std::string& path, std::string_view bytes) {
    if (const std::string problem = file_io::writeAtomically(path, bytes); !problem.empty())
        throw Error(problem);
}

// The size of a regular file, for formats that check it against their own expectation first.
template <class Error>
std::uintmax_t regularFileSize(const std::string& path, std::string_view kind) {
    std::uintmax_t size = 0;
    if (const std::string problem = file_io::sizeOf(path, kind, size); !problem.empty())
        throw Error(problem);
    return size;
}

template <class Error>
std::string readFileBounded(const std::string& path, const FileLimit& limit) {
    std::string bytes;
    if (const std::string problem = file_io::readBounded(path, limit, bytes); !problem.empty())
        throw Error(problem);
    return bytes;
}

}  // namespace core
