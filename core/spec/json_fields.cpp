#include "core/spec/json_fields.h"

#include "core/io/printable_text.h"
#include "core/spec/network_spec.h"

#include <cmath>

namespace core {

nlohmann::json parseJsonText(std::string_view text, std::string& problem) {
    problem.clear();
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 3: ...";
        // e.byte is the 1-based position of the offending character.
        const std::string what = e.what();
        // The message quotes the bytes last read, which may be anything: escape them.
        problem = "not valid JSON at byte " + std::to_string(e.byte) + ": " + printableText(what.substr(what.find(':') + 2));
    } catch (const nlohmann::json::exception& e) {
        // A number too large for a double arrives as out_of_range, not parse_error.
        const std::string what = e.what();
        const auto bracket = what.find("] ");
        problem = "not valid JSON: " + printableText(bracket == std::string::npos ? what : what.substr(bracket + 2));
    }
    return nlohmann::json(nlohmann::json::value_t::discarded);
}

std::string describeJsonType(const nlohmann::json& value) {
    switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_float: return "a decimal number";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    default: return "an unsupported value";
    }
}

FieldReader::FieldReader(const nlohmann::json& object, std::string path)
    : m_object(object), m_path(std::move(path)) {
    if (!m_object.is_object())
        throw SpecError((m_path.empty() ? std::string("the file") : m_path) + ": expected an object, got " +
                        describeJsonType(m_object));
}

std::string FieldReader::path(const std::string& key) const {
    return m_path.empty() ? key : m_path + "." + key;
}

void FieldReader::fail(const std::string& key, const std::string& what) const {
    throw SpecError(path(key) + ": " + what);
}

const nlohmann::json& FieldReader::field(const std::string& key) {
    const auto it = m_object.find(key);
    if (it == m_object.end())
        fail(key, "missing field");
    m_read.insert(key);
    return *it;
}

int FieldReader::integer(const std::string& key, long long lo, long long hi) {
    const nlohmann::json& v = field(key);
    long long value = 0;
    if (v.is_number_integer()) {
        value = v.get<long long>();
    } else if (v.is_number_unsigned()) {
        fail(key, "the value " + v.dump() + " is too large (at most " + std::to_string(hi) + ")");
    } else if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || d != std::floor(d))
            fail(key, "expected an integer, got " + v.dump());
        if (d < double(lo) || d > double(hi))
            fail(key, "the value " + v.dump() + " is out of range [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "]");
        value = static_cast<long long>(d);
    } else {
        fail(key, "expected an integer, got " + describeJsonType(v));
    }
    if (value < lo || value > hi)
        fail(key, "the value " + std::to_string(value) + " is out of range [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    return int(value);
}

std::uint64_t FieldReader::unsignedInteger(const std::string& key) {
    const nlohmann::json& v = field(key);
    if (v.is_number_unsigned())
        return v.get<std::uint64_t>();
    if (v.is_number_integer())
        fail(key, "expected an integer of 0 or more, got " + v.dump());
    fail(key, "expected an integer of 0 or more, got " + describeJsonType(v));
}

double FieldReader::number(const std::string& key) {
    const nlohmann::json& v = field(key);
    if (!v.is_number())
        fail(key, "expected a number, got " + describeJsonType(v));
    const double d = v.get<double>();
    if (!std::isfinite(d))
        fail(key, "expected a finite number");
    return d;
}

bool FieldReader::boolean(const std::string& key) {
    const nlohmann::json& v = field(key);
    if (!v.is_boolean())
        fail(key, "expected true or false, got " + describeJsonType(v));
    return v.get<bool>();
}

std::string FieldReader::string(const std::string& key) {
    const nlohmann::json& v = field(key);
    if (!v.is_string())
        fail(key, "expected a string, got " + describeJsonType(v));
    return v.get<std::string>();
}

const nlohmann::json& FieldReader::array(const std::string& key) {
    const nlohmann::json& v = field(key);
    if (!v.is_array())
        fail(key, "expected an array, got " + describeJsonType(v));
    return v;
}

std::string elementPath(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

const nlohmann::json& boundedArray(FieldReader& r, const std::string& key, std::size_t limit, const std::string& what) {
    const nlohmann::json& a = r.array(key);
    if (a.size() > limit)
        r.fail(key, std::to_string(a.size()) + " " + what + " is above the limit of " + std::to_string(limit));
    return a;
}

const nlohmann::json& FieldReader::object(const std::string& key) {
    const nlohmann::json& v = field(key);
    if (!v.is_object())
        fail(key, "expected an object, got " + describeJsonType(v));
    return v;
}

void FieldReader::finish() const {
    for (const auto& [key, value] : m_object.items())
        if (!m_read.count(key))
            throw SpecError(printableText(path(key)) + ": unknown field");
}

}  // namespace core
