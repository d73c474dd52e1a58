#include "app/cli/cli_args.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2), value;
        const std::size_t eq = name.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name)) {
            if (inlineValue)
                throw UsageError("--" + name + " takes no value");
            m_flags.insert(name);
        } else if (valueOptions.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= argv.size())
                    throw UsageError("--" + name + " needs a value");
                value = argv[++i];
            }
            m_values[name] = value;
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

int Args::integer(const std::string& name, int fallback, int lo, int hi) const {
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    int v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size())
        throw UsageError("--" + name + ": '" + text + "' is not an integer");
    if (v < lo || v > hi)
        throw UsageError("--" + name + ": " + text + " is out of range [" + std::to_string(lo) + ", " +
                         std::to_string(hi) + "]");
    return v;
}

double Args::number(const std::string& name, double fallback, double lo, double hi) const {
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v))
        throw UsageError("--" + name + ": '" + text + "' is not a number");
    if (v < lo || v > hi) {
        std::ostringstream range;
        range << "[" << lo << ", " << hi << "]";
        throw UsageError("--" + name + ": " + text + " is out of range " + range.str());
    }
    return v;
}

std::vector<std::string> Args::list(const std::string& name, const std::vector<std::string>& fallback) const {
    if (!has(name))
        return fallback;
    std::vector<std::string> items;
    std::stringstream in(value(name));
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            items.push_back(item);
    if (items.empty())
        throw UsageError("--" + name + " needs at least one value");
    return items;
}

std::vector<int> Args::integerList(const std::string& name, const std::vector<int>& fallback, int lo, int hi) const {
    if (!has(name))
        return fallback;
    std::vector<int> values;
    for (const std::string& item : list(name, {})) {
        int v = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (ec != std::errc() || ptr != item.data() + item.size())
            throw UsageError("--" + name + ": '" + item + "' is not an integer");
        if (v < lo || v > hi)
            throw UsageError("--" + name + ": " + item + " is out of range [" + std::to_string(lo) + ", " +
                             std::to_string(hi) + "]");
        values.push_back(v);
    }
    return values;
}

}  // namespace cli
