#include "core/data/idx_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

namespace core {

namespace {

// Decompression step: the buffer grows only as real data arrives, one chunk at a time.
constexpr unsigned kChunkBytes = 1u << 20;

std::string hex32(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
}

std::string gib(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GiB", double(bytes) / double(1ull << 30));
    return buf;
}

[[noreturn]] void fail(const std::string& path, const std::string& message) {
    throw DataError(path + ": " + message);
}

struct GzClose {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzClose>;

// One IDX file opened for reading; zlib reads plain files transparently (gzdirect).
class IdxStream {
public:
    explicit IdxStream(const std::string& path) : m_path(path) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            fail(path, std::filesystem::is_directory(path, ec) ? "is a directory, not an IDX file" : "no such file");
        m_file.reset(gzopen(path.c_str(), "rb"));
        if (!m_file)
            fail(path, std::string("cannot open: ") + std::strerror(errno));
        gzbuffer(m_file.get(), 256 * 1024);
    }

    // Reads up to n bytes; returns how many arrived (fewer at the end of the data).
    std::size_t read(std::uint8_t* out, std::size_t n) {
        std::size_t got = 0;
        while (got < n) {
            const unsigned ask = unsigned(std::min<std::size_t>(n - got, kChunkBytes));
            const int r = gzread(m_file.get(), out + got, ask);
            if (r < 0)
                fail(m_path, "corrupt gzip data after " + std::to_string(m_position + got) +
                                 " decompressed bytes: " + zlibMessage());
            if (r == 0)
                break;
            got += std::size_t(r);
        }
        m_position += got;
        return got;
    }

    bool gzip() { return !gzdirect(m_file.get()); }
    std::uint64_t position() const { return m_position; }

    // zlib's explanation when the stream stopped early ("unexpected end of file"), or "".
    std::string zlibMessage() {
        int code = Z_OK;
        const char* msg = gzerror(m_file.get(), &code);
        if (code == Z_OK || !msg)
            return {};
        // zlib prefixes the path ("PATH: invalid block type"); our messages name it already.
        const std::string text(msg);
        const std::string prefix = m_path + ": ";
        return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
    }

private:
    std::string m_path;
    GzHandle m_file;
    std::uint64_t m_position = 0;  // bytes delivered so far (decompressed)
};

std::uint32_t bigEndian(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 |
           std::uint32_t(p[3]);
}

const char* kindName(std::uint32_t magic) {
    return magic == kIdxImagesMagic ? "images" : "labels";
}

// Reads the header from the stream's start and checks its fields (not yet the data size).
IdxHeader readHeader(IdxStream& in, const std::string& path) {
    std::uint8_t bytes[16] = {};
    std::size_t got = in.read(bytes, 4);
    if (got < 4)
        fail(path, "truncated header: the file holds " + std::to_string(got) +
                       " bytes, an IDX file starts with a 4-byte magic number");
    IdxHeader h;
    h.magic = bigEndian(bytes);
    h.gzip = in.gzip();
    if (h.magic != kIdxImagesMagic && h.magic != kIdxLabelsMagic)
        fail(path, "bytes 0..3: magic number " + hex32(h.magic) + " is neither " +
                       hex32(kIdxImagesMagic) + " (IDX images) nor " + hex32(kIdxLabelsMagic) +
                       " (IDX labels): not an unsigned-byte IDX file");
    const int size = h.headerBytes();
    got += in.read(bytes + 4, std::size_t(size - 4));
    if (got < std::size_t(size))
        fail(path, "truncated header: the file holds " + std::to_string(got) + " bytes, an IDX " +
                       kindName(h.magic) + " header needs " + std::to_string(size));
    h.count = bigEndian(bytes + 4);
    if (h.count == 0)
        fail(path, std::string("bytes 4..7: the header claims 0 ") + kindName(h.magic));
    if (h.magic == kIdxImagesMagic) {
        h.rows = bigEndian(bytes + 8);
        h.cols = bigEndian(bytes + 12);
        if (h.rows == 0 || h.rows > std::uint32_t(kIdxMaxSide))
            fail(path, "bytes 8..11: image rows " + std::to_string(h.rows) + " is not in 1.." +
                           std::to_string(kIdxMaxSide));
        if (h.cols == 0 || h.cols > std::uint32_t(kIdxMaxSide))
            fail(path, "bytes 12..15: image columns " + std::to_string(h.cols) +
                           " is not in 1.." + std::to_string(kIdxMaxSide));
    }
    return h;
}

// What a header claims, in words, for the messages: "60000 images of 28x28 (47040000 bytes)".
std::string claim(const IdxHeader& h) {
    std::string what = std::to_string(h.count) + " " + kindName(h.magic);
    if (h.magic == kIdxImagesMagic)
        what += " of " + std::to_string(h.rows) + "x" + std::to_string(h.cols);
    return what + " (" + std::to_string(h.dataBytes()) + " bytes)";
}

void expectKind(const IdxHeader& h, const std::string& path, std::uint32_t magic) {
    if (h.magic != magic)
        fail(path, "bytes 0..3: magic number " + hex32(h.magic) + " marks IDX " + kindName(h.magic) +
                       ", but IDX " + kindName(magic) + " (" + hex32(magic) + ") were expected here");
}

struct IdxData {
    IdxHeader header;
    std::vector<std::uint8_t> kept;  // the bytes of the first keepItems items
};

// Reads one file expecting `magic`; keeps the bytes of the first keepItems items (all if 0)
// but checks that the data holds exactly what the header claims.
IdxData readIdxFile(const std::string& path, std::uint32_t magic, std::uint64_t keepItems) {
    IdxStream in(path);
    IdxData d;
    d.header = readHeader(in, path);
    const IdxHeader& h = d.header;
    expectKind(h, path, magic);

    const std::uint64_t claimed = h.dataBytes();
    const std::uint64_t itemBytes = std::uint64_t(h.rows) * h.cols;
    const std::uint64_t keepBytes =
        (keepItems == 0 || keepItems >= h.count) ? claimed : keepItems * itemBytes;
    const std::string fields = h.magic == kIdxImagesMagic ? "bytes 4..15" : "bytes 4..7";

    if (!h.gzip) {
        // A plain file: its size on disk settles the question before any allocation.
        std::error_code ec;
        const std::uint64_t fileBytes = std::filesystem::file_size(path, ec);
        if (ec)
            fail(path, "cannot read the file size: " + ec.message());
        const std::uint64_t present = fileBytes - std::uint64_t(h.headerBytes());
        if (present < claimed)
            fail(path, "truncated: the header (" + fields + ") claims " + claim(h) +
                           ", but only " + std::to_string(present) + " bytes follow the " +
                           std::to_string(h.headerBytes()) + "-byte header (the file ends at byte " +
                           std::to_string(fileBytes) + ")");
        if (present > claimed)
            fail(path, "the header (" + fields + ") claims " + claim(h) + ", but " +
                           std::to_string(present - claimed) + " more bytes follow from byte " +
                           std::to_string(h.headerBytes() + claimed) + ": inconsistent header");
        if (claimed > kIdxMaxBytes)
            fail(path, "the header (" + fields + ") claims " + claim(h) + ", more than the " +
                           gib(kIdxMaxBytes) + " a file may hold");
        d.kept.resize(keepBytes);
        if (in.read(d.kept.data(), keepBytes) != keepBytes)
            fail(path, "read error at byte " + std::to_string(in.position()));
        return d;
    }

    // A gzip file: its real size is known only by decompressing it. Refuse a claim above the
    // limit at once, then decompress chunk by chunk, keeping what is wanted and counting the
    // rest; the buffer grows with the data that actually arrives, so a small file with a huge
    // claim costs nothing.
    if (claimed > kIdxMaxBytes)
        fail(path, "the header (" + fields + ") claims " + claim(h) + ", more than the " +
                       gib(kIdxMaxBytes) + " a file may hold");
    std::vector<std::uint8_t> chunk(std::size_t(std::min<std::uint64_t>(claimed + 1, kChunkBytes)));
    std::uint64_t total = 0;
    while (total <= claimed) {
        const std::size_t got = in.read(chunk.data(), chunk.size());
        if (got == 0)
            break;
        if (total < keepBytes) {
            const std::size_t take = std::size_t(std::min<std::uint64_t>(got, keepBytes - total));
            d.kept.insert(d.kept.end(), chunk.begin(), chunk.begin() + std::ptrdiff_t(take));
        }
        total += got;
    }
    if (total < claimed) {
        const std::string why = in.zlibMessage();
        fail(path, "truncated: the header (" + fields + ") claims " + claim(h) +
                       ", which would end at decompressed byte " +
                       std::to_string(h.headerBytes() + claimed) + ", but the data ends at byte " +
                       std::to_string(h.headerBytes() + total) + (why.empty() ? "" : " (" + why + ")"));
    }
    if (total > claimed)
        fail(path, "the header (" + fields + ") claims " + claim(h) +
                       ", but more data follows from decompressed byte " +
                       std::to_string(h.headerBytes() + claimed) + ": inconsistent header");
    return d;
}

}  // namespace

IdxHeader readIdxHeader(const std::string& path) {
    IdxStream in(path);
    return readHeader(in, path);
}

namespace {

void checkMaxSamples(int maxSamples) {
    if (maxSamples < 0)
        throw DataError("IDX: maxSamples must be >= 0 (0 = all), got " + std::to_string(maxSamples));
}

// All labels are read and checked (the file is valid or not, whatever subset is kept).
Labels checkedLabels(const std::string& path, const IdxData& labels, int maxSamples) {
    for (std::size_t i = 0; i < labels.kept.size(); ++i)
        if (labels.kept[i] >= kIdxClasses)
            fail(path, "byte " + std::to_string(8 + i) + " (label of sample " + std::to_string(i) +
                           "): " + std::to_string(int(labels.kept[i])) + " is not a class in 0.." +
                           std::to_string(kIdxClasses - 1));
    const auto n = Eigen::Index(maxSamples == 0 ? labels.kept.size()
                                                : std::min<std::size_t>(labels.kept.size(), maxSamples));
    Labels y(n);
    for (Eigen::Index i = 0; i < n; ++i)
        y(i) = labels.kept[std::size_t(i)];
    return y;
}

}  // namespace

namespace {

// The pixel bytes of the first maxSamples images: (rows*cols x N). Pixels are stored row by
// row, which is the (1 x rows x cols) channel-major column.
Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic> imageBytes(const std::string& path, int maxSamples) {
    const IdxData images = readIdxFile(path, kIdxImagesMagic, std::uint64_t(maxSamples));
    const Eigen::Index d = Eigen::Index(images.header.rows) * images.header.cols;
    const Eigen::Index n = Eigen::Index(images.kept.size()) / d;
    return Eigen::Map<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>>(images.kept.data(), d, n);
}

}  // namespace

Matrix readIdxImages(const std::string& path, int maxSamples) {
    checkMaxSamples(maxSamples);
    return imageBytes(path, maxSamples).cast<float>() / 255.0f;
}

Labels readIdxLabels(const std::string& path, int maxSamples) {
    checkMaxSamples(maxSamples);
    return checkedLabels(path, readIdxFile(path, kIdxLabelsMagic, 0), maxSamples);
}

Split readIdx(const std::string& imagesPath, const std::string& labelsPath, int maxSamples) {
    checkMaxSamples(maxSamples);
    // Labels first: they are small, and a count mismatch shows before any pixel is read.
    const IdxData labels = readIdxFile(labelsPath, kIdxLabelsMagic, 0);
    const IdxHeader imagesHeader = readIdxHeader(imagesPath);
    expectKind(imagesHeader, imagesPath, kIdxImagesMagic);
    if (imagesHeader.count != labels.header.count)
        throw DataError(imagesPath + " holds " + std::to_string(imagesHeader.count) +
                        " images (bytes 4..7) but " + labelsPath + " holds " +
                        std::to_string(labels.header.count) +
                        " labels (bytes 4..7): the files do not belong together");
    Split s;
    s.y = checkedLabels(labelsPath, labels, maxSamples);
    s.bytes.values = imageBytes(imagesPath, maxSamples);   // a quarter of the floats' memory
    return s;
}

Dataset loadIdxDataset(const std::string& trainImages, const std::string& trainLabels,
                       const std::string& testImages, const std::string& testLabels, int maxTrain,
                       int maxTest) {
    const IdxHeader train = readIdxHeader(trainImages);
    const IdxHeader test = readIdxHeader(testImages);
    expectKind(train, trainImages, kIdxImagesMagic);
    expectKind(test, testImages, kIdxImagesMagic);
    if (train.rows != test.rows || train.cols != test.cols)
        fail(testImages, "bytes 8..15: images are " + std::to_string(test.rows) + "x" +
                             std::to_string(test.cols) + " but the training images in " +
                             trainImages + " are " + std::to_string(train.rows) + "x" +
                             std::to_string(train.cols));
    Dataset data;
    data.name = "idx";
    data.shape = Shape::image(1, int(train.rows), int(train.cols));
    data.classes = kIdxClasses;
    data.train = readIdx(trainImages, trainLabels, maxTrain);
    data.test = readIdx(testImages, testLabels, maxTest);
    return data;
}

}  // namespace core
