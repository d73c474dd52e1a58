// core/data/csv_reader.h: a labelled table from a CSV file: every row is one sample (a column of
// D numeric features, shape {D}) plus one integer class label 0..K-1 in the label column.
// Rejects, with FILE:LINE:COLUMN, any cell that is not a finite number, ragged rows, empty files
// and labels that are negative, fractional or above kCsvMaxClasses.
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>

namespace core {

inline constexpr int kCsvMaxClasses = 10000;

struct CsvOptions {
    // Auto: the first line is a header when none of its cells is a number.
    enum class Header { Auto, Present, Absent };
    Header header = Header::Auto;
    std::string labelColumn = "last";  // "last", "first", or the name of a header column
    char delimiter = ',';
    double testFraction = 0.25;        // in [0, 0.9]; split by a shuffle drawn from the seed
    std::uint64_t seed = 0;
};

// Throws DataError with "FILE:LINE:COLUMN: ..." (COLUMN counts characters from 1, as compilers
// do; the field number follows in the message).
Dataset loadCsv(const std::string& path, const CsvOptions& options = {});

}  // namespace core
