// The .npz writer: a ZIP archive read back by hand (local headers, central directory, end
// record, CRC-32 computed here independently of zlib) holding .npy files whose headers and
// data are what numpy expects. tests/torch also loads the archives with numpy itself.
#include "core/check.h"
#include "core/export/npz_writer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <iterator>

using namespace core;

namespace {

template <class T>
T get(const std::vector<char>& bytes, std::size_t at) {
    T value;
    std::memcpy(&value, bytes.data() + at, sizeof value);
    return value;
}

// Bitwise CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP uses it.
std::uint32_t crc32Of(const char* data, std::size_t n) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        crc ^= static_cast<unsigned char>(data[i]);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

struct Entry {
    std::string name;
    std::vector<char> data;
};

// Reads a STORED-only ZIP archive the way an unzip tool would: from the end record through
// the central directory to each local header, checking that every copy of a field agrees.
std::vector<Entry> readZip(const std::vector<char>& z) {
    std::vector<Entry> entries;
    if (z.size() < 22)
        throw std::runtime_error("shorter than an end record");
    const std::size_t end = z.size() - 22;
    if (get<std::uint32_t>(z, end) != 0x06054b50)
        throw std::runtime_error("no end-of-central-directory record at the end");
    const auto count = get<std::uint16_t>(z, end + 10);
    if (get<std::uint16_t>(z, end + 8) != count)
        throw std::runtime_error("entry counts differ");
    const auto cdSize = get<std::uint32_t>(z, end + 12);
    std::size_t at = get<std::uint32_t>(z, end + 16);
    if (at + cdSize != end)
        throw std::runtime_error("the central directory does not end where the end record starts");
    for (int i = 0; i < count; ++i) {
        if (get<std::uint32_t>(z, at) != 0x02014b50)
            throw std::runtime_error("bad central header signature");
        const auto method = get<std::uint16_t>(z, at + 10);
        const auto crc = get<std::uint32_t>(z, at + 16);
        const auto compressed = get<std::uint32_t>(z, at + 20);
        const auto size = get<std::uint32_t>(z, at + 24);
        const auto nameLength = get<std::uint16_t>(z, at + 28);
        const auto extra = get<std::uint16_t>(z, at + 30);
        const auto comment = get<std::uint16_t>(z, at + 32);
        const std::size_t local = get<std::uint32_t>(z, at + 42);
        const std::string name(z.data() + at + 46, nameLength);
        at += 46 + nameLength + extra + comment;
        if (method != 0 || compressed != size)
            throw std::runtime_error(name + ": not stored");
        if (get<std::uint32_t>(z, local) != 0x04034b50)
            throw std::runtime_error(name + ": bad local header signature");
        if (get<std::uint32_t>(z, local + 14) != crc || get<std::uint32_t>(z, local + 18) != size ||
            get<std::uint32_t>(z, local + 22) != size || get<std::uint16_t>(z, local + 26) != nameLength)
            throw std::runtime_error(name + ": local and central headers differ");
        if (std::string(z.data() + local + 30, nameLength) != name)
            throw std::runtime_error(name + ": local name differs");
        const std::size_t data = local + 30 + nameLength + get<std::uint16_t>(z, local + 28);
        if (data + size > z.size())
            throw std::runtime_error(name + ": data runs past the end");
        if (crc32Of(z.data() + data, size) != crc)
            throw std::runtime_error(name + ": CRC-32 mismatch");
        entries.push_back({name, std::vector<char>(z.begin() + std::ptrdiff_t(data),
                                                   z.begin() + std::ptrdiff_t(data + size))});
    }
    return entries;
}

// The header dict of an .npy file, after checking the magic, the version and the alignment.
std::string npyHeader(const std::vector<char>& npy, std::size_t& dataOffset) {
    if (npy.size() < 10 || std::memcmp(npy.data(), "\x93NUMPY", 6) != 0)
        throw std::runtime_error("bad .npy magic");
    if (npy[6] != 1 || npy[7] != 0)
        throw std::runtime_error("not format 1.0");
    const auto length = get<std::uint16_t>(npy, 8);
    dataOffset = 10 + length;
    if (dataOffset % 64 != 0)
        throw std::runtime_error("data not aligned to 64 bytes");
    if (npy[dataOffset - 1] != '\n')
        throw std::runtime_error("header does not end with a newline");
    std::string header(npy.data() + 10, length);
    return header.substr(0, header.find_last_not_of(" \n") + 1);
}

}  // namespace

class TestNpzWriter : public QObject {
    Q_OBJECT
private slots:
    void archiveReadsBack() {
        NpzWriter npz;
        const std::vector<float> w{1.0f, -2.5f, 3.0f, 4.0f, 5.0f, 6.0f};
        const std::vector<float> b{0.5f, 0.25f, -1.0f};
        const std::vector<std::int64_t> labels{0, 7, 3};
        const std::vector<float> scalar{42.0f};
        npz.addFloat32("blocks.0.branch.0.weight", {3, 2}, w);
        npz.addFloat32("head.1.bias", {3}, b);
        npz.addInt64("y", {3}, labels);
        npz.addFloat32("s", {}, scalar);
        QCOMPARE(npz.size(), std::size_t(4));

        const std::vector<Entry> entries = readZip(npz.bytes());
        QCOMPARE(entries.size(), std::size_t(4));
        QCOMPARE(entries[0].name, std::string("blocks.0.branch.0.weight.npy"));
        QCOMPARE(entries[1].name, std::string("head.1.bias.npy"));

        std::size_t offset = 0;
        QCOMPARE(npyHeader(entries[0].data, offset),
                 std::string("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"));
        QCOMPARE(entries[0].data.size() - offset, w.size() * sizeof(float));
        QVERIFY(std::memcmp(entries[0].data.data() + offset, w.data(), w.size() * sizeof(float)) == 0);
        QCOMPARE(npyHeader(entries[1].data, offset),
                 std::string("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"));
        QCOMPARE(npyHeader(entries[2].data, offset),
                 std::string("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"));
        QVERIFY(std::memcmp(entries[2].data.data() + offset, labels.data(), 3 * sizeof(std::int64_t)) == 0);
        QCOMPARE(npyHeader(entries[3].data, offset),
                 std::string("{'descr': '<f4', 'fortran_order': False, 'shape': (), }"));
    }

    void emptyArchiveIsValid() {
        const std::vector<char> bytes = NpzWriter().bytes();
        QCOMPARE(bytes.size(), std::size_t(22));
        QVERIFY(readZip(bytes).empty());
    }

    void saveWritesTheBytes() {
        QTemporaryDir dir;
        NpzWriter npz;
        const std::vector<float> v(1000, 1.5f);
        npz.addFloat32("v", {10, 100}, v);
        const std::string path = dir.filePath("w.npz").toStdString();
        npz.save(path);
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> onDisk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY(onDisk == npz.bytes());
        QCOMPARE(readZip(onDisk).size(), std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(NpzError, npz.save(dir.filePath("missing/w.npz").toStdString()));
    }

    void refusesWrongShapesAndDuplicates() {
        NpzWriter npz;
        const std::vector<float> v(6, 0.0f);
        QVERIFY_THROWS_EXCEPTION(ContractError, npz.addFloat32("x", {4, 2}, v));
        npz.addFloat32("x", {6}, v);
        QVERIFY_THROWS_EXCEPTION(ContractError, npz.addFloat32("x", {2, 3}, v));
        QVERIFY_THROWS_EXCEPTION(ContractError, npz.addFloat32("", {6}, v));
    }
};

QTEST_APPLESS_MAIN(TestNpzWriter)
#include "test_npz_writer.moc"
