#include "core/data/cifar10_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace core {

namespace {

constexpr int kPixels = kCifar10RecordBytes - 1;  // 3 x 32 x 32

[[noreturn]] void fail(const std::string& path, const std::string& message) {
    throw DataError(path + ": " + message);
}

// Records in a batch file, from its size on disk; nothing is read yet.
std::uint64_t recordCount(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        fail(path, std::filesystem::is_directory(path, ec) ? "is a directory, not a CIFAR-10 batch file" : "no such file");
    const std::uint64_t bytes = std::filesystem::file_size(path, ec);
    if (ec)
        fail(path, "cannot read the file size: " + ec.message());
    if (bytes == 0)
        fail(path, "the file is empty");
    if (bytes % kCifar10RecordBytes != 0)
        fail(path, "size " + std::to_string(bytes) + " bytes is not a multiple of the " +
                       std::to_string(kCifar10RecordBytes) +
                       "-byte record (1 label + 3x32x32 pixels): a partial record of " +
                       std::to_string(bytes % kCifar10RecordBytes) + " bytes starts at byte " +
                       std::to_string(bytes - bytes % kCifar10RecordBytes) +
                       " (a truncated file, or not the CIFAR-10 binary version)");
    return bytes / kCifar10RecordBytes;
}

}  // namespace

const std::vector<std::string>& cifar10ClassNames() {
    static const std::vector<std::string> names = {"airplane", "automobile", "bird",  "cat",
                                                   "deer",     "dog",        "frog",  "horse",
                                                   "ship",     "truck"};
    return names;
}

Split readCifar10Batches(const std::vector<std::string>& files, int maxSamples) {
    if (maxSamples < 0)
        throw DataError("CIFAR-10: maxSamples must be >= 0 (0 = all), got " +
                        std::to_string(maxSamples));
    // Every file's size is checked before the matrix is allocated.
    std::vector<std::uint64_t> records;
    std::uint64_t total = 0;
    for (const std::string& f : files)
        total += records.emplace_back(recordCount(f));
    const auto n = Eigen::Index(maxSamples == 0 ? total : std::min<std::uint64_t>(total, maxSamples));

    Split s;
    s.bytes.values.resize(kPixels, n);   // kept as bytes: a quarter of the floats' memory
    s.y.resize(n);
    std::vector<unsigned char> record(kCifar10RecordBytes);
    Eigen::Index j = 0;
    for (std::size_t f = 0; f < files.size() && j < n; ++f) {
        std::ifstream in(files[f], std::ios::binary);
        if (!in)
            fail(files[f], "cannot open");
        for (std::uint64_t r = 0; r < records[f] && j < n; ++r, ++j) {
            if (!in.read(reinterpret_cast<char*>(record.data()), kCifar10RecordBytes))
                fail(files[f], "read error in record " + std::to_string(r) + " (byte " +
                                   std::to_string(r * kCifar10RecordBytes) + ")");
            if (record[0] >= kCifar10Classes)
                fail(files[f], "record " + std::to_string(r) + " (byte " +
                                   std::to_string(r * kCifar10RecordBytes) + "): label " +
                                   std::to_string(int(record[0])) + " is not a class in 0.." +
                                   std::to_string(kCifar10Classes - 1));
            s.y(j) = record[0];
            std::copy(record.begin() + 1, record.end(), s.bytes.values.col(j).data());
        }
    }
    return s;
}

Dataset loadCifar10(const std::string& dir, int maxTrain, int maxTest) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path root(dir);
    if (!fs::is_regular_file(root / "test_batch.bin", ec) &&
        fs::is_regular_file(root / "cifar-10-batches-bin" / "test_batch.bin", ec))
        root /= "cifar-10-batches-bin";
    if (!fs::is_directory(root, ec))
        throw DataError("cifar10: " + dir + " is not a directory");

    std::vector<std::string> train;
    for (int b = 1; b <= 5; ++b)
        train.push_back((root / ("data_batch_" + std::to_string(b) + ".bin")).string());
    const std::string test = (root / "test_batch.bin").string();
    std::string missing;
    for (const std::string& f : train)
        if (fs::is_directory(f, ec))
            throw DataError("cifar10: " + f + " is a directory, not a CIFAR-10 batch file");
        else if (!fs::is_regular_file(f, ec))
            missing += (missing.empty() ? "" : ", ") + fs::path(f).filename().string();
    if (!fs::is_regular_file(test, ec))
        missing += (missing.empty() ? "" : ", ") + std::string("test_batch.bin");
    if (!missing.empty())
        throw DataError("cifar10: " + root.string() + " lacks " + missing +
                        " (expected data_batch_1..5.bin and test_batch.bin, the binary version)");

    Dataset data;
    data.name = "cifar10";
    data.shape = Shape::image(3, kCifar10Side, kCifar10Side);
    data.classes = kCifar10Classes;
    data.classNames = cifar10ClassNames();
    data.train = readCifar10Batches(train, maxTrain);
    data.test = readCifar10Batches({test}, maxTest);
    return data;
}

}  // namespace core
