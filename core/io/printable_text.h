// core/io/printable_text.h: bytes from a file made safe to quote in a message. Error messages
// quote what a reader found ("'\xff\xfe' is not a number"); printed raw, such bytes garble a
// terminal or become replacement characters in the window. printableText keeps well-formed
// UTF-8 text (accents, symbols) as it is and writes every other byte, control characters and
// bytes that are not UTF-8, as a \xNN escape; tab, line feed and carriage return become \t, \n
// and \r.
#pragma once

#include <string>
#include <string_view>

namespace core {

std::string printableText(std::string_view bytes);

}  // namespace core
