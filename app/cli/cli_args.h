// app/cli/cli_args.h: a small command-line reader for resnetlab-cli: positional arguments and
// --name value / --flag options, with usage errors reported as UsageError (exit code 2).
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cli {

enum ExitCode { kOk = 0, kFailure = 1, kUsage = 2, kBadInput = 3, kDiverged = 4 };

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // `flags` take no value; every other --option takes one.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
         const std::set<std::string>& flags);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    int integer(const std::string& name, int fallback, int lo, int hi) const;
    double number(const std::string& name, double fallback, double lo, double hi) const;
    std::vector<int> integerList(const std::string& name, const std::vector<int>& fallback, int lo, int hi) const;
    std::vector<std::string> list(const std::string& name, const std::vector<std::string>& fallback) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

}  // namespace cli
