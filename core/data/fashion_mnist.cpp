#include "core/data/fashion_mnist.h"

#include "core/data/idx_reader.h"

#include <array>
#include <cstdlib>
#include <filesystem>

namespace core {

namespace {

constexpr std::array<const char*, 4> kFiles = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",  // training split
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};   // test split

// dir/name.gz as the Debian package ships it, else an uncompressed dir/name.
std::optional<std::string> locate(const std::filesystem::path& dir, const char* name) {
    std::error_code ec;
    for (const std::string suffix : {".gz", ""}) {
        const std::filesystem::path p = dir / (std::string(name) + suffix);
        if (std::filesystem::is_regular_file(p, ec))
            return p.string();
    }
    return std::nullopt;
}

bool holdsAll(const std::filesystem::path& dir) {
    for (const char* name : kFiles)
        if (!locate(dir, name))
            return false;
    return true;
}

}  // namespace

const std::vector<std::string>& fashionMnistClassNames() {
    static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress",
                                                   "Coat",        "Sandal",  "Shirt",    "Sneaker",
                                                   "Bag",         "Ankle boot"};
    return names;
}

std::optional<std::string> findFashionMnist() {
    if (const char* env = std::getenv(kFashionMnistEnv); env && *env && holdsAll(env))
        return std::string(env);
    if (holdsAll(kFashionMnistDir))
        return std::string(kFashionMnistDir);
    return std::nullopt;
}

Dataset loadFashionMnist(int maxTrain, int maxTest, const std::string& dir) {
    const std::optional<std::string> found = dir.empty() ? findFashionMnist() : std::optional(dir);
    if (!found || !holdsAll(*found))
        throw DataError("fashion-mnist: the IDX files (train-images-idx3-ubyte.gz, ...) are not in " +
                        (dir.empty() ? std::string(kFashionMnistDir) : dir) +
                        "; install the Debian package " + kFashionMnistPackage +
                        " (sudo apt-get install " + kFashionMnistPackage + ") or set " +
                        kFashionMnistEnv + " to a directory holding them");
    std::array<std::string, 4> paths;
    for (std::size_t i = 0; i < kFiles.size(); ++i)
        paths[i] = *locate(*found, kFiles[i]);
    Dataset data = loadIdxDataset(paths[0], paths[1], paths[2], paths[3], maxTrain, maxTest);
    data.name = "fashion-mnist";
    data.classNames = fashionMnistClassNames();
    return data;
}

}  // namespace core
