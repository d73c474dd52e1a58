// core/data/dataset.h: a labelled data set split into a training and a test part.
// x is (D x N), one column per sample (images: C x H x W channel-major); y holds the class of
// every column. Every data set, synthetic or read from a file, arrives in this form.
#pragma once

#include "core/tensor.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace core {

// Bad input data (a file, a data-set name or a parameter): the message names what and where.
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Split {
    Matrix x;        // (D x N)
    Labels y;        // (N), values in [0, classes)
    Eigen::Index size() const { return x.cols(); }
};

struct Dataset {
    std::string name;                 // "spiral", "fashion-mnist", ...
    Shape shape;                      // one sample's shape
    int classes = 0;
    std::vector<std::string> classNames;  // may be empty
    Split train;
    Split test;
};

}  // namespace core
