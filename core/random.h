// core/random.h: the one source of randomness. Every random choice in a run (initial weights,
// data, shuffling) draws from an Rng seeded from the run's seed, so the same seed, build and
// machine give bit-identical runs. The distributions are written here rather than taken from
// <random>, whose normal_distribution differs between standard libraries.
#pragma once

#include <cstdint>
#include <random>

namespace core {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    std::uint64_t next() { return m_engine(); }
    // Uniform in [0, 1).
    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n).
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : m_engine() % n; }
    // Standard normal by Box-Muller (both values used).
    double normal();
    double normal(double mean, double stddev) { return mean + stddev * normal(); }
    // An independent stream derived from this seed and a label (e.g. "init", "data").
    static std::uint64_t derive(std::uint64_t seed, std::uint64_t stream);

private:
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

}  // namespace core
