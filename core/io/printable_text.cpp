#include "core/io/printable_text.h"

#include <cstdint>

namespace core {

namespace {

// The length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return std::uint8_t(s[k]); };
    const std::uint8_t b0 = byte(i);
    std::size_t n = 0;
    std::uint8_t lo = 0x80, hi = 0xBF;   // the allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF)
        n = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        if (b0 == 0xE0)
            lo = 0xA0;
        if (b0 == 0xED)
            hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        if (b0 == 0xF0)
            lo = 0x90;
        if (b0 == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (i + n > s.size())
        return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    // C1 control characters (U+0080..U+009F) are not printable either.
    if (n == 2 && b0 == 0xC2 && byte(i + 1) <= 0x9F)
        return 0;
    return n;
}

}  // namespace

std::string printableText(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const auto b = std::uint8_t(bytes[i]);
        if (b >= 0x20 && b < 0x7F) {
            out += char(b);
            ++i;
        } else if (b == '\t') {
            out += "\\t", ++i;
        } else if (b == '\n') {
            out += "\\n", ++i;
        } else if (b == '\r') {
            out += "\\r", ++i;
        } else if (const std::size_t n = b >= 0x80 ? utf8Length(bytes, i) : 0; n > 0) {
            out.append(bytes.substr(i, n));
            i += n;
        } else {
            out += "\\x";
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
            ++i;
        }
    }
    return out;
}

}  // namespace core
