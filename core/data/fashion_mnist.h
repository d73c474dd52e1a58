// core/data/fashion_mnist.h: Zalando's Fashion-MNIST, the real image set the app supports:
// 60000 training and 10000 test grey images of 1 x 28 x 28 (pixels in [0, 1]) in 10 clothing
// classes. Read from the IDX files of Debian's dataset-fashion-mnist package
// (/usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz).
#pragma once

#include "core/data/dataset.h"

#include <optional>
#include <string>
#include <vector>

namespace core {

inline constexpr int kFashionMnistSide = 28;
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
inline constexpr const char* kFashionMnistPackage = "dataset-fashion-mnist";
// Set to a directory to read the files from there instead (same names, .gz or not).
inline constexpr const char* kFashionMnistEnv = "RESNETLAB_FASHION_MNIST_DIR";

// "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
// "Ankle boot".
const std::vector<std::string>& fashionMnistClassNames();

// The directory holding all four files ($RESNETLAB_FASHION_MNIST_DIR, then kFashionMnistDir),
// or nothing when they are not there.
std::optional<std::string> findFashionMnist();

// The first maxTrain / maxTest images (0 = all) of the set in `dir`, or of findFashionMnist()
// when dir is empty. Throws DataError naming the Debian package when the files are missing.
Dataset loadFashionMnist(int maxTrain = 0, int maxTest = 0, const std::string& dir = {});

}  // namespace core
