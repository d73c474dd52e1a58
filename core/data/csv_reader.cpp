#include "core/data/csv_reader.h"

#include "core/io/printable_text.h"
#include "core/data/preprocess.h"
#include "core/random.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <vector>

namespace core {

namespace {

constexpr std::uint64_t kMaxFileBytes = std::uint64_t(2) << 30;  // 2 GiB
constexpr double kMaxTestFraction = 0.9;
constexpr std::uint64_t kSplitStream = 0x73706c6974;  // "split"

// One cell of a line, as written (quotes removed), and where it starts (1-based character).
struct Cell {
    std::string text;
    int column;
};

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

// Splits a line at the delimiter; a cell may be quoted ("...", with "" for a quote), and a
// quoted cell may contain the delimiter.
std::vector<Cell> splitLine(const std::string& line, char delimiter) {
    std::vector<Cell> cells;
    Cell cell{{}, 1};
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (quoted) {
            if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell.text += '"';
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                cell.text += ch;
            }
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == delimiter) {
            cell.text = trimmed(cell.text);
            cells.push_back(std::move(cell));
            cell = Cell{{}, int(i) + 2};
        } else {
            cell.text += ch;
        }
    }
    cell.text = trimmed(cell.text);
    cells.push_back(std::move(cell));
    return cells;
}

// The whole cell as a number, or nothing (from_chars: locale-independent, exact).
std::optional<double> number(const std::string& text) {
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (first != last && *first == '+')
        ++first;
    double v = 0.0;
    const auto [end, ec] = std::from_chars(first, last, v);
    if (text.empty() || ec != std::errc() || end != last)
        return std::nullopt;
    return v;
}

class CsvParser {
public:
    CsvParser(const std::string& path, const CsvOptions& options)
        : m_path(path), m_options(options) {}

    Dataset parse() {
        checkOptions();
        std::ifstream in(openChecked());
        std::string line;
        int lineNo = 0;
        std::vector<float> features;  // (D x N) column-major: one row of the file per column
        std::vector<int> labels;
        std::optional<std::vector<std::string>> header;
        std::size_t width = 0;
        int widthLine = 0;
        int labelIndex = -1;
        int maxLabel = -1;

        while (std::getline(in, line)) {
            ++lineNo;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (trimmed(line).empty())
                continue;
            const std::vector<Cell> cells = splitLine(line, m_options.delimiter);

            if (width == 0) {
                width = cells.size();
                widthLine = lineNo;
                if (width < 2)
                    fail(lineNo, "a line needs at least 2 fields (features and a label), this has " +
                                     std::to_string(width) + lineHint(line));
                if (isHeader(cells)) {
                    header.emplace();
                    for (const Cell& c : cells)
                        header->push_back(c.text);
                    labelIndex = findLabelColumn(&*header, int(width), lineNo);
                    continue;
                }
                labelIndex = findLabelColumn(nullptr, int(width), lineNo);
            }
            if (cells.size() != width)
                fail(lineNo, std::to_string(cells.size()) + " fields, but line " +
                                 std::to_string(widthLine) + " has " + std::to_string(width) +
                                 ": every row needs the same number of fields");

            for (std::size_t f = 0; f < width; ++f) {
                const Cell& c = cells[f];
                const std::optional<double> v = number(c.text);
                if (!v)
                    fail(lineNo, c.column, "'" + c.text + "' is not a number (field " +
                                               std::to_string(f + 1) + ")" + delimiterGuess(c.text));
                if (!std::isfinite(*v))
                    fail(lineNo, c.column, "'" + c.text + "' is not a finite number (field " +
                                               std::to_string(f + 1) + ")");
                if (int(f) == labelIndex) {
                    labels.push_back(label(*v, c, lineNo));
                    maxLabel = std::max(maxLabel, labels.back());
                } else {
                    if (std::abs(*v) > double(std::numeric_limits<float>::max()))
                        fail(lineNo, c.column, "'" + c.text + "' is beyond the float range (field " +
                                                   std::to_string(f + 1) + ")");
                    features.push_back(float(*v));
                }
            }
        }
        if (in.bad())
            throw DataError(m_path + ": read error after line " + std::to_string(lineNo));
        if (width == 0)
            throw DataError(m_path + ": the file is empty");
        if (labels.empty())
            throw DataError(m_path + ": no data rows after the header on line " +
                            std::to_string(widthLine) +
                            (m_options.header == CsvOptions::Header::Auto
                                 ? std::string(": it was taken as a header because none of its "
                                               "cells is a number with the delimiter '") +
                                       m_options.delimiter + "'"
                                 : std::string()));

        const auto d = Eigen::Index(width - 1);
        const auto n = Eigen::Index(labels.size());
        Split all;
        all.x = Eigen::Map<const Matrix>(features.data(), d, n);
        all.y = Eigen::Map<const Labels>(labels.data(), n);

        Dataset data;
        data.name = "csv:" + std::filesystem::path(m_path).filename().string();
        data.shape = Shape::vector(int(d));
        data.classes = maxLabel + 1;
        splitTrainTest(all, m_options.testFraction, Rng::derive(m_options.seed, kSplitStream), data);
        return data;
    }

private:
    // The messages quote cells of the file, which may hold any bytes: they are escaped.
    [[noreturn]] void fail(int line, const std::string& message) const {
        throw DataError(m_path + ":" + std::to_string(line) + ": " + printableText(message));
    }
    [[noreturn]] void fail(int line, int column, const std::string& message) const {
        throw DataError(m_path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                        printableText(message));
    }

    std::string lineHint(const std::string& line) const {
        const std::string guess = delimiterGuess(line);
        return guess.empty() ? std::string(" (the delimiter is '") + m_options.delimiter + "')"
                             : guess;
    }

    // ": is the delimiter ';'?" when a cell holds another common delimiter: the usual cause
    // of a whole row read as one cell.
    std::string delimiterGuess(const std::string& text) const {
        for (const char d : {';', ',', '\t', '|'})
            if (d != m_options.delimiter && text.find(d) != std::string::npos)
                return std::string(": is the delimiter '") + (d == '\t' ? std::string("\\t") : std::string(1, d)) +
                       "' rather than '" + m_options.delimiter + "'?";
        return {};
    }

    void checkOptions() const {
        if (!(m_options.testFraction >= 0.0 && m_options.testFraction <= kMaxTestFraction)) {
            std::ostringstream s;
            s << m_path << ": testFraction must be in [0, " << kMaxTestFraction << "], got "
              << m_options.testFraction;
            throw DataError(s.str());
        }
        const char d = m_options.delimiter;
        if (d == '"' || d == '\n' || d == '\r' || d == '\0')
            throw DataError(m_path + ": the delimiter cannot be a quote, a line break or NUL");
        if (m_options.labelColumn.empty())
            throw DataError(m_path + ": labelColumn is empty (use \"last\", \"first\" or a header name)");
    }

    std::ifstream openChecked() const {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(m_path, ec))
            throw DataError(m_path + (std::filesystem::is_directory(m_path, ec) ? ": is a directory, not a CSV file" : ": no such file"));
        const std::uint64_t bytes = std::filesystem::file_size(m_path, ec);
        if (!ec && bytes > kMaxFileBytes)
            throw DataError(m_path + ": " + std::to_string(bytes) +
                            " bytes is more than the 2 GiB a CSV file may hold");
        std::ifstream in(m_path);
        if (!in)
            throw DataError(m_path + ": cannot open");
        return in;
    }

    bool isHeader(const std::vector<Cell>& cells) const {
        switch (m_options.header) {
        case CsvOptions::Header::Present:
            return true;
        case CsvOptions::Header::Absent:
            return false;
        case CsvOptions::Header::Auto:
            break;
        }
        for (const Cell& c : cells)
            if (number(c.text))
                return false;
        return true;
    }

    // The label's field index in a row of `width` fields.
    int findLabelColumn(const std::vector<std::string>* header, int width, int lineNo) const {
        const std::string& want = m_options.labelColumn;
        if (want == "first")
            return 0;
        if (want == "last")
            return width - 1;
        if (!header)
            throw DataError(m_path + ": labelColumn '" + printableText(want) +
                            "' names a header column, but the file has no header line");
        std::string names;
        for (int i = 0; i < width; ++i) {
            if ((*header)[std::size_t(i)] == want)
                return i;
            names += (i ? ", " : "") + (*header)[std::size_t(i)];
        }
        fail(lineNo, "no column named '" + want + "' in the header (columns: " + names + ")");
    }

    int label(double v, const Cell& c, int lineNo) const {
        if (v < 0.0)
            fail(lineNo, c.column, "label '" + c.text + "' is negative: classes are 0..K-1");
        if (v != std::floor(v))
            fail(lineNo, c.column, "label '" + c.text + "' is not an integer class");
        if (v >= double(kCsvMaxClasses))
            fail(lineNo, c.column, "label '" + c.text + "' is absurd: at most " +
                                       std::to_string(kCsvMaxClasses) + " classes (0.." +
                                       std::to_string(kCsvMaxClasses - 1) + ")");
        return int(v);
    }

    std::string m_path;
    CsvOptions m_options;
};

}  // namespace

Dataset loadCsv(const std::string& path, const CsvOptions& options) {
    return CsvParser(path, options).parse();
}

}  // namespace core
