// core/data/dataset.h: a labelled data set split into a training and a test part.
// x is (D x N), one column per sample (images: C x H x W channel-major); y holds the class of
// every column. Every data set, synthetic or read from a file, arrives in this form; the large
// image sets hold their pixels as bytes and hand out float columns on request (Split::columns,
// Split::gather), so code that reads samples uses those rather than x.
#pragma once

#include "core/tensor.h"

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace core {

// Bad input data (a file, a data-set name or a parameter): the message names what and where.
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Image samples held as the files store them, one byte per pixel value (CIFAR-10, IDX): a
// quarter of the memory of floats, which for CIFAR-10 is 460 MB less. Value (i, j) reads as
// float(byte) / 255, standardised as (v - mean[g]) / stddev[g] for row i's group g (a channel,
// groupRows = H W rows) once mean is set: the same float operations, so the same bits, as
// reading floats and standardising them in place.
struct ImageBytes {
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic> values;   // (D x N)
    Eigen::Index groupRows = 1;
    Vector mean, stddev;   // (D / groupRows), empty while not standardised
};

struct Split {
    Matrix x;            // (D x N) the samples as floats; empty when they are held as bytes
    Labels y;            // (N), values in [0, classes)
    ImageBytes bytes;    // (D x N) the samples as bytes instead (large image sets)

    bool holdsBytes() const { return bytes.values.rows() > 0; }
    Eigen::Index size() const { return holdsBytes() ? bytes.values.cols() : x.cols(); }
    Eigen::Index features() const { return holdsBytes() ? bytes.values.rows() : x.rows(); }
    // Samples [first, first + count) as floats: (D x count).
    Matrix columns(Eigen::Index first, Eigen::Index count) const;
    // Samples idx[0], idx[1], ... as floats into out, resized only when its shape changes.
    void gather(std::span<const Eigen::Index> idx, Matrix& out) const;
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
