#include "core/io/weights_file.h"

#include "core/io/file_io.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

namespace core {

namespace {

constexpr char kMagic[10] = {'R', 'N', 'L', 'W', 'E', 'I', 'G', 'H', 'T', 'S'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kMaxNameLength = 4096;

template <class T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

struct Entry {
    bool buffer = false;
    Eigen::Map<Vector> value;
};

std::map<std::string, Entry> tensorsOf(Network& net) {
    std::map<std::string, Entry> tensors;
    for (const ParamView& p : net.params())
        tensors.emplace(p.name, Entry{false, p.value});
    for (const BufferView& b : net.buffers())
        tensors.emplace(b.name, Entry{true, b.value});
    return tensors;
}

// Reads from a byte buffer, failing with the file name and the byte offset.
class Reader {
public:
    Reader(const std::string& path, std::string_view bytes) : m_path(path), m_bytes(bytes) {}
    template <class T>
    T get(const char* what) {
        need(sizeof(T), what);
        T value;
        std::memcpy(&value, m_bytes.data() + m_pos, sizeof value);
        m_pos += sizeof value;
        return value;
    }
    void need(std::uint64_t n, const std::string& what) const {
        if (n > m_bytes.size() - m_pos)
            fail("the file ends before " + what + " (" + std::to_string(n) + " bytes needed, " +
                 std::to_string(m_bytes.size() - m_pos) + " left)");
    }
    const char* take(std::uint64_t n, const std::string& what) {
        need(n, what);
        const char* p = m_bytes.data() + m_pos;
        m_pos += n;
        return p;
    }
    [[noreturn]] void fail(const std::string& text) const {
        throw WeightsError(m_path + ": byte " + std::to_string(m_pos) + ": " + text);
    }
    bool atEnd() const { return m_pos == m_bytes.size(); }

private:
    std::string m_path;
    std::string_view m_bytes;
    std::size_t m_pos = 0;
};

}  // namespace

std::string weightsToBytes(Network& net) {
    const std::map<std::string, Entry> tensors = tensorsOf(net);
    std::string out(kMagic, sizeof kMagic);
    put(out, kVersion);
    put(out, std::uint32_t(tensors.size()));
    for (const auto& [name, entry] : tensors) {
        put(out, std::uint32_t(name.size()));
        out.append(name);
        put(out, std::uint8_t(entry.buffer ? 1 : 0));
        put(out, std::uint64_t(entry.value.size()));
        out.append(reinterpret_cast<const char*>(entry.value.data()), std::size_t(entry.value.size()) * sizeof(float));
    }
    return out;
}

void saveWeights(Network& net, const std::string& path) {
    writeFileAtomically<WeightsError>(path, weightsToBytes(net));
}

namespace {

std::uint64_t expectedBytes(const std::map<std::string, Entry>& tensors) {
    std::uint64_t bytes = sizeof kMagic + 8;
    for (const auto& [name, entry] : tensors)
        bytes += 4 + name.size() + 1 + 8 + std::uint64_t(entry.value.size()) * sizeof(float);
    return bytes;
}

// Checks the whole byte image against the network's tensors, then copies the values.
void readInto(std::map<std::string, Entry>& tensors, Reader& r) {
    if (std::memcmp(r.take(sizeof kMagic, "the magic number"), kMagic, sizeof kMagic) != 0)
        r.fail("not a ResNet Lab weights file (wrong magic number)");
    const auto version = r.get<std::uint32_t>("the version");
    if (version != kVersion)
        r.fail("format version " + std::to_string(version) + "; this ResNet Lab reads version 1");
    const auto count = r.get<std::uint32_t>("the tensor count");
    if (count != tensors.size())
        r.fail("the file holds " + std::to_string(count) + " tensors but the network has " + std::to_string(tensors.size()));
    std::map<std::string, std::vector<float>> loaded;
    for (std::uint32_t t = 0; t < count; ++t) {
        const auto length = r.get<std::uint32_t>("a tensor name");
        if (length == 0 || length > kMaxNameLength)
            r.fail("tensor " + std::to_string(t) + " has a name of " + std::to_string(length) + " bytes");
        const std::string name(r.take(length, "a tensor name"), length);
        const auto kind = r.get<std::uint8_t>("a tensor kind");
        const auto n = r.get<std::uint64_t>("a tensor size");
        const auto it = tensors.find(name);
        if (it == tensors.end())
            r.fail("tensor '" + name + "' is not part of this network");
        if (kind != (it->second.buffer ? 1 : 0))
            r.fail("tensor '" + name + "' has the wrong kind");
        if (n != std::uint64_t(it->second.value.size()))
            r.fail("tensor '" + name + "' has " + std::to_string(n) + " values; the network expects " +
                   std::to_string(it->second.value.size()));
        std::vector<float> values(static_cast<std::size_t>(n));
        std::memcpy(values.data(), r.take(n * sizeof(float), "the values of '" + name + "'"), n * sizeof(float));
        for (float v : values)
            if (!std::isfinite(v))
                r.fail("tensor '" + name + "' holds a value that is not finite");
        if (!loaded.emplace(name, std::move(values)).second)
            r.fail("tensor '" + name + "' appears twice");
    }
    for (auto& [name, values] : loaded)
        tensors.at(name).value = Eigen::Map<const Vector>(values.data(), Eigen::Index(values.size()));
}

}  // namespace

void loadWeights(Network& net, const std::string& path) {
    std::map<std::string, Entry> tensors = tensorsOf(net);
    const std::uint64_t expected = expectedBytes(tensors);
    // The size tells a file of another network before anything is read.
    const std::uintmax_t size = regularFileSize<WeightsError>(path, "weights file");
    if (size != expected)
        throw WeightsError(path + ": the file has " + std::to_string(size) + " bytes but the weights of this network take " +
                           std::to_string(expected) + "; it belongs to another network or is damaged");
    const std::string bytes = readFileBounded<WeightsError>(path, {"weights file", expected});
    Reader r(path, bytes);
    readInto(tensors, r);
}

void loadWeightsFromBytes(Network& net, std::string_view bytes, const std::string& source) {
    std::map<std::string, Entry> tensors = tensorsOf(net);
    const std::uint64_t expected = expectedBytes(tensors);
    if (bytes.size() != expected)
        throw WeightsError(source + ": the weights have " + std::to_string(bytes.size()) +
                           " bytes but the weights of this network take " + std::to_string(expected) +
                           "; they belong to another network or are damaged");
    Reader r(source, bytes);
    readInto(tensors, r);
}

}  // namespace core
