// core/export/python_literals.h: values and layout as the exported Python files write them:
// string, float and bool literals that read back as the same value, calls wrapped at PEP 8's
// 79 columns, words filled into lines, and a batch's or a sample's shape in the words of
// PyTorch ("[batch, 3, 32, 32]", "(3, 32, 32)") and of people ("3 x 32 x 32").
#pragma once

#include "core/tensor.h"

#include <cstddef>
#include <string>
#include <vector>

namespace core::python {

constexpr std::size_t kMaxLine = 79;   // PEP 8

// A double-quoted Python string literal: quotes, backslashes and control characters escaped.
std::string quoted(const std::string& s);
// The shortest text that reads back as the same value, always with a decimal point or an
// exponent so Python reads a float.
std::string number(float value);
std::string number(double value);
std::string boolean(bool value);   // True, False

// name(arg, arg, ...) at `indent`, followed by `suffix` and a newline; wrapped after commas,
// the continuation lines aligned on the opening parenthesis, when it would pass 79 columns.
std::string call(int indent, const std::string& name, const std::vector<std::string>& args, const std::string& suffix);

// Words of `text` filled into lines of at most 79 columns, each ending with a newline: the
// first line starts with `first` (the first word follows it directly), the others with
// `indent` spaces.
std::string wrapWords(const std::string& first, const std::string& text, std::size_t indent);
// The same without `first` and without the final newline: what follows `first` on its line
// (for a {{value}} placed right after it in a template).
std::string wrapAfter(const std::string& first, const std::string& text, std::size_t indent);

// A name as it may appear inside a docstring or a comment: no backslash (an escape there),
// no double quote (it could close the docstring), no line break.
std::string docSafe(const std::string& s);

std::string shapeText(const Shape& s);    // "3 x 32 x 32" or "2"
std::string shapeTuple(const Shape& s);   // "(3, 32, 32)" or "(2,)": one sample
std::string batchShape(const Shape& s);   // "[batch, 3, 32, 32]" or "[batch, 2]"

}  // namespace core::python
