// tests/support/fixtures.h: small deterministic fixtures for the engine tests: seeded random
// matrices and parameters, and matrix comparisons that print both sides when they fail.
#pragma once

#include <QtTest>

#include "core/layer.h"
#include "core/random.h"

#include <Eigen/Core>

#include <cmath>
#include <sstream>
#include <string>

namespace testsupport {

// (rows x cols) with entries N(0, stddev^2) from a fixed seed.
inline core::Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed,
                                 double stddev = 1.0) {
    core::Rng rng(seed);
    core::Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = float(rng.normal(0.0, stddev));
    return m;
}

// Like randomMatrix, but every |entry| >= margin: for inputs that feed a ReLU directly.
inline core::Matrix randomAwayFromZero(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed,
                                       float margin) {
    core::Matrix m = randomMatrix(rows, cols, seed);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = m.data()[i] >= 0.0f ? m.data()[i] + margin : m.data()[i] - margin;
    return m;
}

// Every parameter of the layer drawn from N(0, stddev^2): all paths exercised, not the
// initialiser's distribution.
inline void randomizeParams(core::Layer& layer, std::uint64_t seed, double stddev = 1.0) {
    core::Rng rng(seed);
    for (core::ParamView& p : layer.params())
        for (Eigen::Index i = 0; i < p.value.size(); ++i)
            p.value(i) = float(rng.normal(0.0, stddev));
}

inline void zeroParamGrads(core::Layer& layer) {
    for (core::ParamView& p : layer.params())
        p.grad.setZero();
}

// max |a - b|, or infinity when the shapes differ or a value is not finite.
inline double maxAbsDiff(const core::Matrix& a, const core::Matrix& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return INFINITY;
    if (a.size() == 0)
        return 0.0;
    const double d = (a - b).cwiseAbs().maxCoeff();
    return std::isfinite(d) ? d : INFINITY;
}

// Bit-for-bit equality (same shape, every value equal).
inline bool identical(const core::Matrix& a, const core::Matrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && (a.array() == b.array()).all();
}

inline std::string mismatch(const core::Matrix& got, const core::Matrix& want) {
    std::ostringstream s;
    s << "got (" << got.rows() << " x " << got.cols() << "):\n" << got << "\nexpected (" << want.rows()
      << " x " << want.cols() << "):\n" << want << "\nmax |difference| " << maxAbsDiff(got, want);
    return s.str();
}

}  // namespace testsupport

// Fails the test unless got and want have the same shape and differ by at most tol everywhere.
// Each argument is evaluated exactly once (it may be a forward() call).
#define QVERIFY_NEAR(got, want, tol)                                                            \
    do {                                                                                        \
        const core::Matrix gotValue_ = (got);                                                   \
        const core::Matrix wantValue_ = (want);                                                 \
        if (!(testsupport::maxAbsDiff(gotValue_, wantValue_) <= (tol)))                         \
            QFAIL((std::string(#got " vs " #want ": ") +                                         \
                   testsupport::mismatch(gotValue_, wantValue_)).c_str());                       \
    } while (false)
// Fails the test unless got and want are identical bit for bit.
#define QVERIFY_IDENTICAL(got, want)                                                            \
    do {                                                                                        \
        const core::Matrix gotValue_ = (got);                                                   \
        const core::Matrix wantValue_ = (want);                                                 \
        if (!testsupport::identical(gotValue_, wantValue_))                                     \
            QFAIL((std::string(#got " vs " #want ": ") +                                         \
                   testsupport::mismatch(gotValue_, wantValue_)).c_str());                       \
    } while (false)
