#include "core/export/text_template.h"

#include "core/check.h"

#include <set>
#include <vector>

namespace core {

namespace {

bool isNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

std::string_view trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The inside of a line that is only "{{...}}" (or "# {{...}}"), else empty.
std::string_view directiveOf(std::string_view line) {
    std::string_view s = trimmed(line);
    if (s.starts_with("# "))
        s = trimmed(s.substr(2));
    if (s.size() < 4 || !s.starts_with("{{") || !s.ends_with("}}"))
        return {};
    return s.substr(2, s.size() - 4);
}

bool isName(std::string_view s) {
    if (s.empty())
        return false;
    for (const char c : s)
        if (!isNameChar(c))
            return false;
    return true;
}

class Filler {
public:
    explicit Filler(const TemplateValues& values) : m_values(values) {}

    std::string run(std::string_view text) {
        std::string out;
        std::vector<bool> keep{true};   // one entry per open section, and the whole text
        std::vector<std::string> open;
        std::size_t lineNumber = 0;
        for (std::size_t start = 0; start < text.size();) {
            const std::size_t end = text.find('\n', start);
            const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
            const std::string_view line = text.substr(start, next - start);
            start = next;
            ++lineNumber;
            const std::string_view directive = directiveOf(line.substr(0, line.find('\n')));
            const std::string where = "template line " + std::to_string(lineNumber) + ": ";
            if (directive.starts_with("#"))
                continue;
            if (directive.starts_with("if ")) {
                const std::string name(trimmed(directive.substr(3)));
                const auto flag = m_values.sections.find(name);
                CORE_EXPECTS_MSG(flag != m_values.sections.end(), where + "no flag for section '" + name + "'");
                m_usedSections.insert(name);
                keep.push_back(keep.back() && flag->second);
                open.push_back(name);
                continue;
            }
            if (directive == "else") {
                CORE_EXPECTS_MSG(!open.empty(), where + "{{else}} outside a section");
                const bool outer = keep[keep.size() - 2];
                keep.back() = outer && !m_values.sections.at(open.back());
                continue;
            }
            if (directive == "end") {
                CORE_EXPECTS_MSG(!open.empty(), where + "{{end}} without {{if}}");
                keep.pop_back();
                open.pop_back();
                continue;
            }
            if (isName(directive)) {   // a value that stands for whole lines
                const std::string& value = valueOf(std::string(directive), where);
                CORE_EXPECTS_MSG(value.empty() || value.back() == '\n',
                                 where + "the value of {{" + std::string(directive) + "}} must end with a newline");
                if (keep.back())
                    out += value;
                continue;
            }
            const std::string filled = fillLine(line, where);
            if (keep.back())
                out += filled;
        }
        CORE_EXPECTS_MSG(open.empty(), "template: section '" + (open.empty() ? "" : open.back()) + "' has no {{end}}");
        for (const auto& [name, value] : m_values.text)
            CORE_EXPECTS_MSG(m_usedValues.count(name), "template: the value '" + name + "' is never used");
        for (const auto& [name, flag] : m_values.sections)
            CORE_EXPECTS_MSG(m_usedSections.count(name), "template: the section '" + name + "' is never used");
        return out;
    }

private:
    const std::string& valueOf(const std::string& name, const std::string& where) {
        const auto it = m_values.text.find(name);
        CORE_EXPECTS_MSG(it != m_values.text.end(), where + "no value for {{" + name + "}}");
        m_usedValues.insert(name);
        return it->second;
    }

    std::string fillLine(std::string_view line, const std::string& where) {
        std::string out;
        std::size_t pos = 0;
        while (true) {
            const std::size_t open = line.find("{{", pos);
            if (open == std::string_view::npos)
                break;
            const std::size_t close = line.find("}}", open + 2);
            CORE_EXPECTS_MSG(close != std::string_view::npos, where + "'{{' without '}}'");
            const std::string name(line.substr(open + 2, close - open - 2));
            CORE_EXPECTS_MSG(isName(name), where + "'{{" + name + "}}' is not a value's name");
            out += line.substr(pos, open - pos);
            out += valueOf(name, where);
            pos = close + 2;
        }
        out += line.substr(pos);
        return out;
    }

    const TemplateValues& m_values;
    std::set<std::string> m_usedValues, m_usedSections;
};

}  // namespace

std::string fillTemplate(std::string_view text, const TemplateValues& values) { return Filler(values).run(text); }

}  // namespace core
