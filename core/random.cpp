#include "core/random.h"

#include <cmath>
#include <numbers>

namespace core {

double Rng::normal() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    double u1 = uniform();
    while (u1 <= 0.0)
        u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double t = 2.0 * std::numbers::pi * u2;
    m_spare = r * std::sin(t);
    m_hasSpare = true;
    return r * std::cos(t);
}

std::uint64_t Rng::derive(std::uint64_t seed, std::uint64_t stream) {
    // splitmix64 of the pair: well-separated seeds for independent streams.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace core
