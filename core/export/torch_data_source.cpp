#include "core/export/torch_data_source.h"

#include "core/data/dataset.h"
#include "core/data/synthetic_2d.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace core {

namespace {

bool isTwoD(const std::string& name) {
    const auto& kinds = synthetic2dKinds();
    return std::find(kinds.begin(), kinds.end(), name) != kinds.end();
}

}  // namespace

std::string absoluteDataName(const std::string& name) {
    namespace fs = std::filesystem;
    auto absolute = [](const std::string& p) { return fs::absolute(fs::path(p)).lexically_normal().string(); };
    if (name.starts_with("cifar10:"))
        return "cifar10:" + absolute(name.substr(8));
    if (name.starts_with("csv:"))
        return "csv:" + absolute(name.substr(4));
    if (name.starts_with("idx:")) {
        const std::string files = name.substr(4);
        const auto comma = files.find(',');
        if (comma == std::string::npos || comma == 0 || comma + 1 == files.size())
            throw DataError("'" + name + "': expected idx:IMAGES,LABELS (two IDX files, comma separated)");
        return "idx:" + absolute(files.substr(0, comma)) + "," + absolute(files.substr(comma + 1));
    }
    if (isTwoD(name) || name == "shapes" || name == "fashion-mnist")
        return name;
    throw DataError("train.py cannot load the data set '" + name +
                    "'; it knows spiral, circles, xor, gaussians, moons, checkerboard, shapes, fashion-mnist, "
                    "idx:IMAGES,LABELS, cifar10:DIR and csv:FILE");
}

std::optional<std::int64_t> knownSampleSize(const std::string& name) {
    if (isTwoD(name))
        return 2;
    if (name == "shapes")
        return 16 * 16;
    if (name == "fashion-mnist")
        return 28 * 28;
    if (name.starts_with("cifar10:"))
        return 3 * 32 * 32;
    return std::nullopt;
}

std::string fittingDataName(std::int64_t values) {
    for (const char* name : {"spiral", "shapes", "fashion-mnist"})
        if (knownSampleSize(name) == values)
            return name;
    return {};
}

std::string dataWords(const std::string& name, const DataOptions& d) {
    if (name.empty())
        return "none chosen (no built-in set has the network's input shape: run `python3 train.py --data NAME`)";
    std::ostringstream s;
    if (isTwoD(name) || name == "shapes")
        s << name << " (generated: " << d.size << " samples, " << d.testFraction * 100 << "% for testing, seed "
          << d.seed << ")";
    else
        s << name;
    return s.str();
}

}  // namespace core
