#include "core/data/dataset_registry.h"

#include "core/data/cifar10_reader.h"
#include "core/data/csv_reader.h"
#include "core/data/fashion_mnist.h"
#include "core/data/idx_reader.h"
#include "core/data/image_resample.h"
#include "core/data/preprocess.h"
#include "core/data/shapes_dataset.h"
#include "core/data/synthetic_2d.h"
#include "core/random.h"

#include <algorithm>
#include <sstream>

namespace core {

namespace {

constexpr int kDefault2dClasses = 3;
constexpr double kMaxTestFraction = 0.9;
constexpr std::uint64_t kSplitStream = 0x73706c6974;  // "split"

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

std::string knownNames() {
    std::string out;
    for (const std::string& n : datasetNames())
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

void checkOptions(const std::string& name, const DataOptions& o) {
    if (o.imageSize < 0)
        throw DataError(name + ": imageSize must be >= 0 (0 = as stored), got " + std::to_string(o.imageSize));
    if (o.maxTrain < 0 || o.maxTest < 0)
        throw DataError(name + ": maxTrain and maxTest must be >= 0 (0 = all), got " +
                        std::to_string(o.maxTrain) + " and " + std::to_string(o.maxTest));
    if (!(o.testFraction >= 0.0 && o.testFraction <= kMaxTestFraction)) {
        std::ostringstream s;
        s << name << ": testFraction must be in [0, " << kMaxTestFraction << "], got "
          << o.testFraction;
        throw DataError(s.str());
    }
}

Dataset synthetic2d(const std::string& kind, const DataOptions& o) {
    Synthetic2dOptions s;
    s.kind = kind;
    s.size = o.size;
    s.testFraction = o.testFraction;
    s.classes = o.classes == 0 ? kDefault2dClasses : o.classes;
    s.turns = o.turns;
    s.noise = o.noise;
    s.cells = o.cells;
    s.seed = o.seed;
    return makeSynthetic2d(s);
}

// "idx:IMAGES,LABELS": one pair of files, the test split carved off by testFraction.
Dataset idxPair(const std::string& spec, const DataOptions& o) {
    const std::string files = spec.substr(4);
    const auto comma = files.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 1 == files.size())
        throw DataError("'" + spec + "': expected idx:IMAGES,LABELS (two IDX files, comma separated)");
    const std::string images = files.substr(0, comma);
    const std::string labels = files.substr(comma + 1);
    const IdxHeader h = readIdxHeader(images);
    if (h.magic != kIdxImagesMagic)
        throw DataError(images + ": bytes 0..3: an IDX label file where the images were expected "
                                 "(idx:IMAGES,LABELS)");
    Dataset data;
    data.shape = Shape::image(1, int(h.rows), int(h.cols));
    data.classes = kIdxClasses;
    splitTrainTest(readIdx(images, labels), o.testFraction, Rng::derive(o.seed, kSplitStream), data);
    return data;
}

Dataset resolve(const std::string& name, const DataOptions& o) {
    const auto& kinds = synthetic2dKinds();
    if (std::find(kinds.begin(), kinds.end(), name) != kinds.end())
        return synthetic2d(name, o);
    if (name == "shapes")
        return makeShapes(o.size, o.testFraction, o.seed, o.classes == 0 ? kShapesMaxClasses : o.classes);
    // The file sets read only what is kept: maxTrain/maxTest reach the readers.
    if (name == "fashion-mnist")
        return loadFashionMnist(o.maxTrain, o.maxTest);
    if (startsWith(name, "cifar10:"))
        return loadCifar10(name.substr(8), o.maxTrain, o.maxTest);
    if (startsWith(name, "idx:"))
        return idxPair(name, o);
    if (startsWith(name, "csv:")) {
        CsvOptions csv;
        csv.labelColumn = o.labelColumn;
        csv.testFraction = o.testFraction;
        csv.seed = o.seed;
        return loadCsv(name.substr(4), csv);
    }
    throw DataError("unknown data set '" + name + "'; known: " + knownNames());
}

}  // namespace

std::vector<std::string> datasetNames() {
    std::vector<std::string> names = synthetic2dKinds();
    for (const char* n : {"shapes", "fashion-mnist", "idx:IMAGES,LABELS", "cifar10:DIR", "csv:FILE"})
        names.emplace_back(n);
    return names;
}

bool isPointData2d(const std::string& name) {
    const auto& kinds = synthetic2dKinds();
    return std::find(kinds.begin(), kinds.end(), name) != kinds.end();
}

bool isGeneratedData(const std::string& name) { return isPointData2d(name) || name == "shapes"; }

bool isImageData(const std::string& name) {
    return name == "shapes" || name == "fashion-mnist" || startsWith(name, "idx:") || startsWith(name, "cifar10:");
}

bool hasOwnTestSplit(const std::string& name) { return name == "fashion-mnist" || startsWith(name, "cifar10:"); }

int storedImageSide(const std::string& name) {
    if (name == "fashion-mnist")
        return kFashionMnistSide;
    if (name == "shapes")
        return kShapesSide;
    if (startsWith(name, "cifar10:"))
        return kCifar10Side;
    return 0;
}

Dataset loadDataset(const std::string& name, const DataOptions& options) {
    checkOptions(name, options);
    Dataset data = resolve(name, options);
    data.name = name;
    takeSubset(data, options.maxTrain, options.maxTest);
    resampleImages(data, options.imageSize);
    // Statistics from the kept training samples only; the 2-D sets are standardised already.
    if (options.normalize && !isPointData2d(name))
        normalize(data);
    return data;
}

}  // namespace core
