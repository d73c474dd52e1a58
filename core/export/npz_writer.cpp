#include "core/export/npz_writer.h"

#include "core/check.h"
#include "core/io/file_io.h"

#include <zlib.h>

#include <bit>
#include <cstring>
#include <limits>

namespace core {

namespace {

static_assert(std::endian::native == std::endian::little,
              "the .npy and ZIP writers assume a little-endian machine");

// ZIP record signatures and fields (PKWARE APPNOTE.TXT, sections 4.3.7, 4.3.12 and 4.3.16).
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr std::uint16_t kVersion = 20;        // 2.0: the oldest version that readers all accept
constexpr std::uint16_t kStored = 0;          // compression method: none
constexpr std::uint16_t kDosTime = 0;         // 00:00:00
constexpr std::uint16_t kDosDate = (1 << 5) | 1;  // 1980-01-01: a fixed date keeps output reproducible
constexpr std::uint64_t kZipLimit = std::numeric_limits<std::uint32_t>::max();

void putBytes(std::vector<char>& out, const void* data, std::size_t n) {
    if (n == 0)
        return;
    const std::size_t at = out.size();
    out.resize(at + n);
    std::memcpy(out.data() + at, data, n);
}

template <class T>
void put(std::vector<char>& out, T value) {
    putBytes(out, &value, sizeof(T));
}

std::uint32_t crcOf(const std::vector<char>& bytes) {
    // zlib's crc32 takes a uInt length: feed it in chunks so any size works.
    uLong crc = crc32(0L, Z_NULL, 0);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const std::size_t n = std::min<std::size_t>(bytes.size() - done, 1u << 30);
        crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), uInt(n));
        done += n;
    }
    return std::uint32_t(crc);
}

// The record that precedes each entry's data (local file header), or the one in the central
// directory that points back to it: they share the middle fields.
void putCommonFields(std::vector<char>& out, std::uint32_t crc, std::uint32_t size, std::uint16_t nameLength) {
    put(out, std::uint16_t(0));      // flags
    put(out, kStored);
    put(out, kDosTime);
    put(out, kDosDate);
    put(out, crc);
    put(out, size);                  // compressed size: stored, so the same
    put(out, size);                  // uncompressed size
    put(out, nameLength);
    put(out, std::uint16_t(0));      // extra field length
}

}  // namespace

std::vector<char> npyFile(const char* descr, const std::vector<std::int64_t>& shape, const void* data,
                          std::size_t bytes) {
    // The header is a Python dict literal; a 1-tuple needs its trailing comma: (5,).
    std::string dims;
    for (std::size_t i = 0; i < shape.size(); ++i)
        dims += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() == 1)
        dims += ",";
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Magic (6) + version (2) + header length (2) + header + '\n', padded with spaces to a
    // multiple of 64 bytes so that the data starts aligned (numpy's own writer does the same).
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    CORE_EXPECTS(header.size() <= std::numeric_limits<std::uint16_t>::max());

    std::vector<char> out;
    out.reserve(10 + header.size() + bytes);
    putBytes(out, "\x93NUMPY", 6);
    put(out, std::uint8_t(1));       // format version 1.0
    put(out, std::uint8_t(0));
    put(out, std::uint16_t(header.size()));
    putBytes(out, header.data(), header.size());
    putBytes(out, data, bytes);
    return out;
}

void NpzWriter::add(const std::string& name, const char* descr, const std::vector<std::int64_t>& shape,
                    const void* data, std::size_t valueCount, std::size_t valueBytes) {
    std::int64_t count = 1;
    for (const std::int64_t d : shape) {
        CORE_EXPECTS(d >= 0);
        count *= d;
    }
    CORE_EXPECTS_MSG(std::uint64_t(count) == valueCount, name + ": the shape does not match the value count");
    CORE_EXPECTS_MSG(!name.empty() && name.find('/') == std::string::npos, "bad array name '" + name + "'");
    const std::string fileName = name + ".npy";
    for (const Entry& e : m_entries)
        CORE_EXPECTS_MSG(e.fileName != fileName, "array '" + name + "' added twice");
    m_entries.push_back({fileName, npyFile(descr, shape, data, valueCount * valueBytes)});
}

void NpzWriter::addFloat32(const std::string& name, const std::vector<std::int64_t>& shape,
                           std::span<const float> values) {
    add(name, "<f4", shape, values.data(), values.size(), sizeof(float));
}

void NpzWriter::addInt64(const std::string& name, const std::vector<std::int64_t>& shape,
                         std::span<const std::int64_t> values) {
    add(name, "<i8", shape, values.data(), values.size(), sizeof(std::int64_t));
}

std::vector<char> NpzWriter::bytes() const {
    if (m_entries.size() > std::numeric_limits<std::uint16_t>::max())
        throw NpzError("an .npz without ZIP64 holds at most 65,535 arrays, not " +
                       std::to_string(m_entries.size()));
    std::vector<char> out;
    std::vector<char> central;
    for (const Entry& e : m_entries) {
        const std::uint64_t offset = out.size();
        if (offset + e.npy.size() + 30 + e.fileName.size() > kZipLimit)
            throw NpzError("the arrays take more than the 4 GiB an .npz without ZIP64 can hold");
        const std::uint32_t crc = crcOf(e.npy);
        const auto size = std::uint32_t(e.npy.size());
        const auto nameLength = std::uint16_t(e.fileName.size());

        put(out, kLocalHeader);
        put(out, kVersion);              // version needed to extract
        putCommonFields(out, crc, size, nameLength);
        putBytes(out, e.fileName.data(), e.fileName.size());
        putBytes(out, e.npy.data(), e.npy.size());

        put(central, kCentralHeader);
        put(central, kVersion);          // version made by (MS-DOS attributes, 2.0)
        put(central, kVersion);          // version needed to extract
        putCommonFields(central, crc, size, nameLength);
        put(central, std::uint16_t(0));  // file comment length
        put(central, std::uint16_t(0));  // disk number start
        put(central, std::uint16_t(0));  // internal attributes
        put(central, std::uint32_t(0));  // external attributes
        put(central, std::uint32_t(offset));
        putBytes(central, e.fileName.data(), e.fileName.size());
    }
    const std::uint64_t centralOffset = out.size();
    if (centralOffset + central.size() + 22 > kZipLimit)
        throw NpzError("the arrays take more than the 4 GiB an .npz without ZIP64 can hold");
    putBytes(out, central.data(), central.size());
    put(out, kEndOfCentralDirectory);
    put(out, std::uint16_t(0));          // this disk
    put(out, std::uint16_t(0));          // the disk where the central directory starts
    put(out, std::uint16_t(m_entries.size()));
    put(out, std::uint16_t(m_entries.size()));
    put(out, std::uint32_t(central.size()));
    put(out, std::uint32_t(centralOffset));
    put(out, std::uint16_t(0));          // archive comment length
    return out;
}

void NpzWriter::save(const std::string& path) const {
    const std::vector<char> archive = bytes();
    writeFileAtomically<NpzError>(path, {archive.data(), archive.size()});
}

}  // namespace core
