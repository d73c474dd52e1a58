#include "core/export/python_literals.h"

#include "core/check.h"

#include <charconv>
#include <cstdio>
#include <sstream>

namespace core::python {

namespace {

template <class Real>
std::string realLiteral(Real value) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    CORE_EXPECTS(ec == std::errc());
    std::string out(buffer, end);
    if (out.find_first_of(".en") == std::string::npos)
        out += ".0";
    return out;
}

// "3<sep>32<sep>32" for an image, "3" for a vector.
std::string dimensions(const Shape& s, const char* separator) {
    std::string out = std::to_string(s.channels);
    if (s.spatial) {
        out += separator;
        out += std::to_string(s.height);
        out += separator;
        out += std::to_string(s.width);
    }
    return out;
}

}  // namespace

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        switch (ch) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(ch) < 0x20) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(ch));
                out += hex;
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}

std::string number(float value) { return realLiteral(value); }
std::string number(double value) { return realLiteral(value); }
std::string boolean(bool value) { return value ? "True" : "False"; }

std::string call(int indent, const std::string& name, const std::vector<std::string>& args, const std::string& suffix) {
    const std::string pad(std::size_t(indent), ' ');
    std::string line = pad + name + "(";
    const std::string hang(line.size(), ' ');
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string piece = args[i] + (i + 1 < args.size() ? "," : ")" + suffix);
        const bool first = line.size() == hang.size();
        if (!first && line.size() + 1 + piece.size() > kMaxLine) {
            out += line + "\n";
            line = hang + piece;
        } else {
            line += (first ? "" : " ") + piece;
        }
    }
    if (args.empty())
        line += ")" + suffix;
    return out + line + "\n";
}

std::string wrapWords(const std::string& first, const std::string& text, std::size_t indent) {
    std::istringstream words(text);
    std::string word, line = first, out;
    bool fresh = true;   // the first word joins `first` as it is
    while (words >> word) {
        if (!fresh && line.size() + 1 + word.size() > kMaxLine) {
            out += line + "\n";
            line = std::string(indent, ' ') + word;
        } else {
            line += (fresh ? "" : " ") + word;
        }
        fresh = false;
    }
    return out + line + "\n";
}

std::string wrapAfter(const std::string& first, const std::string& text, std::size_t indent) {
    const std::string wrapped = wrapWords(first, text, indent);
    return wrapped.substr(first.size(), wrapped.size() - first.size() - 1);
}

std::string docSafe(const std::string& s) {
    std::string out;
    for (const char ch : s)
        out += ch == '\\' ? '/' : ch == '"' ? '\'' : static_cast<unsigned char>(ch) < 0x20 ? ' ' : ch;
    return out;
}

std::string shapeText(const Shape& s) { return dimensions(s, " x "); }

std::string shapeTuple(const Shape& s) {
    std::string out = "(";
    out += dimensions(s, ", ");
    out += s.spatial ? ")" : ",)";
    return out;
}

std::string batchShape(const Shape& s) {
    std::string out = "[batch, ";
    out += dimensions(s, ", ");
    out += "]";
    return out;
}

}  // namespace core::python
