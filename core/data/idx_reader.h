// core/data/idx_reader.h: the IDX file format of MNIST and Fashion-MNIST, plain or gzip
// compressed. An image file is a 16-byte big-endian header (magic 0x00000803, count, rows,
// columns) and count x rows x columns pixel bytes; a label file is an 8-byte header (magic
// 0x00000801, count) and count label bytes. Images become 1 x rows x columns columns in [0, 1].
// Sizes are checked against the header before anything is allocated: plain files against
// their size on disk, gzip files by decompressing progressively, never past the header's claim
// and never past kIdxMaxBytes. Every rejection names the file and the byte or field at fault.
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>

namespace core {

inline constexpr std::uint32_t kIdxImagesMagic = 0x00000803;  // unsigned bytes, 3 dimensions
inline constexpr std::uint32_t kIdxLabelsMagic = 0x00000801;  // unsigned bytes, 1 dimension
inline constexpr std::uint64_t kIdxMaxBytes = std::uint64_t(2) << 30;  // 2 GiB of data per file
inline constexpr int kIdxMaxSide = 4096;                             // rows and columns
inline constexpr int kIdxClasses = 10;                               // labels are 0..9

// What a file's header claims; nothing in it is trusted until checked against the data.
struct IdxHeader {
    std::uint32_t magic = 0;
    std::uint32_t count = 0;   // images or labels
    std::uint32_t rows = 1;    // 1 for a label file
    std::uint32_t cols = 1;
    bool gzip = false;
    int headerBytes() const { return magic == kIdxImagesMagic ? 16 : 8; }
    std::uint64_t dataBytes() const { return std::uint64_t(count) * rows * cols; }
};

// Reads and checks only the header (magic, dimensions): cheap, even for a large .gz file.
IdxHeader readIdxHeader(const std::string& path);

// The first maxSamples images (0 = all) of an IDX image file, which is checked in full:
// (rows*cols x N) in [0, 1], each column one 1 x rows x cols image. Throws DataError.
Matrix readIdxImages(const std::string& path, int maxSamples = 0);

// The first maxSamples labels (0 = all) of an IDX label file; every label is checked to be
// in 0..9. Throws DataError.
Labels readIdxLabels(const std::string& path, int maxSamples = 0);

// The first maxSamples images and labels (0 = all) of a pair of IDX files, both checked in
// full, and their counts against each other (before any pixel is read). The images are held
// as bytes (Split::bytes). Throws DataError.
Split readIdx(const std::string& imagesPath, const std::string& labelsPath, int maxSamples = 0);

// A data set from four IDX files (the MNIST layout), image shape 1 x rows x columns,
// 10 classes, unnamed; maxTrain/maxTest keep the first samples (0 = all).
Dataset loadIdxDataset(const std::string& trainImages, const std::string& trainLabels,
                       const std::string& testImages, const std::string& testLabels,
                       int maxTrain = 0, int maxTest = 0);

}  // namespace core
