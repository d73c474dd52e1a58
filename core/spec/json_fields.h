// core/spec/json_fields.h: strict reading of JSON objects for the project's file formats.
// Every field is required and typed; whatever is left unread is an unknown field. Errors are
// SpecError-like exceptions whose message starts with the field's path ("blocks[3].width").
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace core {

class FieldReader {
public:
    // `path` names the object in messages ("" for the top level).
    FieldReader(const nlohmann::json& object, std::string path);

    int integer(const std::string& key, long long lo = -2147483647LL, long long hi = 2147483647LL);
    double number(const std::string& key);
    bool boolean(const std::string& key);
    std::string string(const std::string& key);
    const nlohmann::json& array(const std::string& key);
    const nlohmann::json& object(const std::string& key);
    // Any value, unchecked, for formats that accept more than one type in a field.
    const nlohmann::json& value(const std::string& key) { return field(key); }
    // A non-negative integer of up to 64 bits (seeds).
    std::uint64_t unsignedInteger(const std::string& key);
    bool has(const std::string& key) const { return m_object.contains(key); }
    std::string path(const std::string& key) const;

    // Throws if the object holds a key that no accessor asked for.
    void finish() const;

    [[noreturn]] void fail(const std::string& key, const std::string& what) const;

private:
    const nlohmann::json& field(const std::string& key);

    const nlohmann::json& m_object;
    std::string m_path;
    std::set<std::string> m_read;
};

// "path[i]": where element i of the array at `path` is, in messages.
std::string elementPath(const std::string& path, std::size_t i);

// The array at `key` of `r`, refused (naming how many `what` it holds and the limit) when it
// holds more than `limit` entries: checked before a reader allocates for them.
const nlohmann::json& boundedArray(FieldReader& r, const std::string& key, std::size_t limit, const std::string& what);

// Parses `text` as JSON. Any failure, a syntax error or a number too large for a double (1e999),
// leaves `problem` holding a message such as "not valid JSON at byte 12: unexpected '}'" and
// returns a discarded value; on success `problem` is empty. Every reader of the project's JSON
// formats goes through here, so none of them lets a parser exception escape.
nlohmann::json parseJsonText(std::string_view text, std::string& problem);

// "a string", "an integer", ... for messages.
std::string describeJsonType(const nlohmann::json& value);

}  // namespace core
