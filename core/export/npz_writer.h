// core/export/npz_writer.h: named arrays written as a NumPy .npz file, the format numpy.load
// and PyTorch users read without any other package. An .npz is a ZIP archive holding one
// .npy file per array ("name.npy"); here every entry is STORED (not compressed) with its
// CRC-32, so the archive is simple enough to check by hand. Each .npy is format 1.0: the magic
// "\x93NUMPY", a header dict {'descr', 'fortran_order': False, 'shape'} padded to a multiple of
// 64 bytes, then the values in row-major (C) order, little-endian.
// Limits: no ZIP64, so the whole archive must stay below 4 GiB and 65,535 entries.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace core {

// An archive that cannot be written: too large, or the file system refused.
class NpzError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class NpzWriter {
public:
    // Adds an array of the given shape (row-major values, product of shape = values.size();
    // an empty shape is a scalar of one value). Names must be unique and non-empty.
    void addFloat32(const std::string& name, const std::vector<std::int64_t>& shape,
                    std::span<const float> values);
    void addInt64(const std::string& name, const std::vector<std::int64_t>& shape,
                  std::span<const std::int64_t> values);

    std::size_t size() const { return m_entries.size(); }

    // The whole archive as bytes, and the same written to `path` (atomic: temp + rename).
    std::vector<char> bytes() const;
    void save(const std::string& path) const;

private:
    struct Entry {
        std::string fileName;      // "name.npy"
        std::vector<char> npy;     // the complete .npy file
    };
    void add(const std::string& name, const char* descr, const std::vector<std::int64_t>& shape,
             const void* data, std::size_t valueCount, std::size_t valueBytes);

    std::vector<Entry> m_entries;
};

// The .npy file (format 1.0) for one array: exposed for tests.
std::vector<char> npyFile(const char* descr, const std::vector<std::int64_t>& shape, const void* data,
                          std::size_t bytes);

}  // namespace core
