// core/export/text_template.h: fills a text template, the form in which the exported files
// live in the source tree as real files (core/export/templates/model.py, train.py, README.md).
// Only these are not copied as they stand:
//   {{name}}        a value (name: lower-case letters, digits and _). On a line of its own,
//                   indentation aside, it stands for whole lines: the line is replaced by the
//                   value, which brings its own indentation and ends with a newline (or is empty);
//   {{if name}} ... {{else}} ... {{end}}   on lines of their own (after "# " in a Python file,
//                   so the template stays Python): the lines between are kept when the section
//                   `name` is on, the {{else}} part otherwise; sections may nest;
//   {{# a comment}} on a line of its own: dropped.
// Every placeholder needs a value and every section a flag, and every value and flag given must
// appear in the template: a template and its code that disagree are a bug (ContractError).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace core {

struct TemplateValues {
    std::map<std::string, std::string> text;   // {{name}} -> text
    std::map<std::string, bool> sections;      // {{if name}} -> kept or not
};

std::string fillTemplate(std::string_view text, const TemplateValues& values);

}  // namespace core
