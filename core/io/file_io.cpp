#include "core/io/file_io.h"

#include <filesystem>
#include <fstream>

namespace core::file_io {

namespace {

// "64 MiB" for a whole number of MiB, else "N bytes".
std::string limitText(std::uintmax_t bytes) {
    constexpr std::uintmax_t kMiB = 1u << 20;
    if (bytes >= kMiB && bytes % kMiB == 0)
        return std::to_string(bytes / kMiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace

std::string writeAtomically(const std::string& path, std::string_view bytes) {
    const std::string temp = path + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            return path + ": cannot write the file";
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.flush();
        if (!out) {
            out.close();
            std::error_code ec;
            std::filesystem::remove(temp, ec);
            return path + ": writing failed (disk full?)";
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        const std::string reason = ec.message();
        std::filesystem::remove(temp, ec);
        return path + ": cannot replace the file: " + reason;
    }
    return {};
}

std::string sizeOf(const std::string& path, std::string_view kind, std::uintmax_t& size) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return path + ": is a directory, not a " + std::string(kind);
    size = std::filesystem::file_size(path, ec);
    if (ec)
        return path + ": cannot open the file";
    return {};
}

std::string readBounded(const std::string& path, const FileLimit& limit, std::string& bytes) {
    std::uintmax_t size = 0;
    if (std::string problem = sizeOf(path, limit.kind, size); !problem.empty())
        return problem;
    if (size > limit.maxBytes)
        return path + ": the file has " + std::to_string(size) + " bytes; a " + std::string(limit.kind) +
               " has at most " + limitText(limit.maxBytes);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return path + ": cannot open the file";
    bytes.assign(static_cast<std::size_t>(size), '\0');
    if (!in.read(bytes.data(), std::streamsize(size)))
        return path + ": cannot read the file";
    return {};
}

}  // namespace core::file_io
