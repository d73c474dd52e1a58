// core/data/dataset_registry.h: one entry point from a data-set name (as typed on the command
// line or chosen in the UI) to a ready Dataset. Names: the generated sets spiral, circles, xor,
// gaussians, moons, checkerboard and shapes; fashion-mnist (Debian's dataset-fashion-mnist);
// and files: idx:IMAGES,LABELS, cifar10:DIR, csv:FILE.
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace core {

struct DataOptions {
    int size = 2000;             // generated sets: total samples, train + test
    double testFraction = 0.25;  // generated sets, idx: and csv: (fashion-mnist and cifar10
                                 // come with their own test split)
    std::uint64_t seed = 0;      // generation and train/test shuffle
    double noise = 0.1;          // 2-D sets (see Synthetic2dOptions::noise)
    int classes = 0;             // 0 = the set's default: 3 for spiral/circles/gaussians,
                                 // 8 for shapes; fixed-class sets ignore it
    double turns = 2.0;          // spiral
    int cells = 4;               // checkerboard
    int maxTrain = 0;            // keep the first maxTrain training samples (0 = all)
    int maxTest = 0;             // keep the first maxTest test samples (0 = all)
    int imageSize = 0;           // image sets: resample to imageSize x imageSize by averaging
                                 // blocks of pixels (0 = as stored; must divide the side)
    bool normalize = true;       // standardise image and csv: sets with training statistics
                                 // (the 2-D sets always are)
    std::string labelColumn = "last";  // csv: "last", "first" or a header name
};

// The data set `name` with the options, named `name`. Throws DataError for an unknown name
// (listing the known ones), bad options, or a bad or missing file.
Dataset loadDataset(const std::string& name, const DataOptions& options = {});

// The names loadDataset understands, file patterns included ("idx:IMAGES,LABELS", ...).
std::vector<std::string> datasetNames();

// What a name stands for, known before anything is loaded (so options can be checked first):
// a set of images (shapes, fashion-mnist, idx:, cifar10:); a set generated in code (the 2-D
// sets and shapes: --size samples, --data-seed); a 2-D point set (--noise); a set that comes
// with its own test split (fashion-mnist, cifar10:), where testFraction and seed do nothing.
bool isImageData(const std::string& name);
bool isGeneratedData(const std::string& name);
bool isPointData2d(const std::string& name);
bool hasOwnTestSplit(const std::string& name);
// The side of a named image set's stored images when the name alone tells it (fashion-mnist
// 28, shapes 16, cifar10: 32); 0 when only the files tell (idx:) or the set is not images.
int storedImageSide(const std::string& name);

}  // namespace core
