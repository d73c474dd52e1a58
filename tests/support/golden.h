// tests/support/golden.h: reads the PyTorch reference cases in tests/golden (see the README
// there) and compares the engine's float results with them.
// A case is {case, description, tensors: {name: {shape, data}}, scalars: {name: number}}, data
// flattened row-major in PyTorch's shape. Activations [B, ...] become (D x B) matrices without
// any reordering; weights [out, in] or [out, in, k, k] become (out x in*k*k) matrices read
// row-major, which is the engine's Dense / Conv2d weight.
// A missing or malformed case file is a test FAILURE, never a skip: use GOLDEN_LOAD.
#pragma once

#include <QtTest>

#include "core/layer.h"
#include "core/tensor.h"

#include <nlohmann/json.hpp>

#include <Eigen/Core>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace golden {

using RowMajorMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Tensor {
    std::vector<Eigen::Index> shape;
    Eigen::VectorXd data;   // row-major (C order) in `shape`

    Eigen::Index dim(std::size_t i) const { return shape.at(i); }
    // The product of all dimensions after the first (1 for a vector).
    Eigen::Index trailing() const {
        Eigen::Index n = 1;
        for (std::size_t i = 1; i < shape.size(); ++i)
            n *= shape[i];
        return n;
    }
};

struct Case {
    std::string name;
    std::string description;
    std::map<std::string, Tensor> tensors;
    std::map<std::string, double> scalars;

    bool has(const std::string& tensor) const { return tensors.count(tensor) != 0; }
    // Throws std::out_of_range naming the tensor when the case does not hold it.
    const Tensor& tensor(const std::string& name) const {
        const auto it = tensors.find(name);
        if (it == tensors.end())
            throw std::out_of_range("golden case " + this->name + " has no tensor \"" + name + "\"");
        return it->second;
    }
    double scalar(const std::string& name) const {
        const auto it = scalars.find(name);
        if (it == scalars.end())
            throw std::out_of_range("golden case " + this->name + " has no scalar \"" + name + "\"");
        return it->second;
    }
};

inline std::string casePath(const std::string& name) {
    return std::string(RESNETLAB_GOLDEN_DIR) + "/" + name + ".json";
}

// Reads and checks one case file: exactly the four keys of the README, "case" equal to the file
// name, and every tensor's data length equal to the product of its shape. On failure returns
// false with a message naming the file and the problem.
inline bool loadCase(const std::string& name, Case& out, std::string& error) {
    const std::string path = casePath(name);
    std::ifstream file(path);
    if (!file) {
        error = "cannot open golden case file " + path;
        return false;
    }
    try {
        const nlohmann::json j = nlohmann::json::parse(file);
        for (const char* key : {"case", "description", "tensors", "scalars"})
            if (!j.contains(key)) {
                error = path + ": missing key \"" + key + "\"";
                return false;
            }
        if (j.size() != 4) {
            error = path + ": expected exactly the keys case, description, tensors, scalars";
            return false;
        }
        out = Case{};
        out.name = j.at("case").get<std::string>();
        if (out.name != name) {
            error = path + ": \"case\" is \"" + out.name + "\", expected \"" + name + "\"";
            return false;
        }
        out.description = j.at("description").get<std::string>();
        for (const auto& [key, value] : j.at("tensors").items()) {
            Tensor t;
            Eigen::Index count = 1;
            for (const auto& d : value.at("shape")) {
                t.shape.push_back(d.get<Eigen::Index>());
                count *= t.shape.back();
            }
            const auto& data = value.at("data");
            if (Eigen::Index(data.size()) != count) {
                error = path + ": tensor \"" + key + "\" has " + std::to_string(data.size()) +
                        " values for a shape of " + std::to_string(count);
                return false;
            }
            t.data.resize(count);
            for (Eigen::Index i = 0; i < count; ++i)
                t.data(i) = data[std::size_t(i)].get<double>();
            out.tensors.emplace(key, std::move(t));
        }
        for (const auto& [key, value] : j.at("scalars").items())
            out.scalars.emplace(key, value.get<double>());
    } catch (const std::exception& e) {
        error = path + ": unreadable: " + e.what();
        return false;
    }
    return true;
}

// ---------------------------------------------------------------- layout conversions

// [B, ...] -> (D x B), one column per sample: the row-major data already has that order.
inline Eigen::MatrixXd activations(const Tensor& t) {
    return Eigen::Map<const Eigen::MatrixXd>(t.data.data(), t.trailing(), t.dim(0));
}
inline core::Matrix activationsF(const Tensor& t) { return activations(t).cast<float>(); }

// [out, in] or [out, in, kh, kw] -> (out x in*kh*kw), each row one output unit or filter.
inline Eigen::MatrixXd weight(const Tensor& t) {
    return Eigen::Map<const RowMajorMatrixXd>(t.data.data(), t.dim(0), t.trailing());
}

// The tensor in the order of the engine's flat ParamView of the same parameter: a weight's
// (out x in*k*k) matrix flattened column-major, a vector as it is.
inline Eigen::VectorXd asParam(const Tensor& t) {
    if (t.shape.size() <= 1)
        return t.data;
    return weight(t).reshaped();
}

// Batch k of a training run's x [steps, B, D] as (D x B).
inline core::Matrix batch(const Tensor& x, Eigen::Index k) {
    const Eigen::Index B = x.dim(1), D = x.dim(2);
    return Eigen::Map<const Eigen::MatrixXd>(x.data.data() + k * B * D, D, B).cast<float>();
}
// The labels [B] of a loss case, or those of batch k of a training run's labels [steps, B].
inline core::Labels labels(const Tensor& t, Eigen::Index k = 0) {
    const Eigen::Index B = t.shape.size() == 1 ? t.dim(0) : t.dim(1);
    core::Labels y(B);
    for (Eigen::Index b = 0; b < B; ++b)
        y(b) = int(std::lround(t.data(k * B + b)));
    return y;
}

// ---------------------------------------------------------------- comparison

// err = max_i |got_i - ref_i| / max_i |ref_i|, or max_i |got_i| when ref is all zero (README).
// Shapes must match in size; a size mismatch or a NaN gives infinity.
template <class Got, class Ref>
double relError(const Eigen::MatrixBase<Got>& got, const Eigen::MatrixBase<Ref>& ref) {
    if (got.size() != ref.size() || got.size() == 0)
        return INFINITY;
    const Eigen::VectorXd g = got.derived().template cast<double>().reshaped();
    const Eigen::VectorXd r = ref.derived().template cast<double>().reshaped();
    if (!g.allFinite())
        return INFINITY;
    const double diff = (g - r).cwiseAbs().maxCoeff();
    const double scale = r.cwiseAbs().maxCoeff();
    return scale > 0.0 ? diff / scale : diff;
}
inline double relError(double got, double ref) {
    if (!std::isfinite(got))
        return INFINITY;
    return ref != 0.0 ? std::abs(got - ref) / std::abs(ref) : std::abs(got);
}
template <class Got, class Ref>
double absError(const Eigen::MatrixBase<Got>& got, const Eigen::MatrixBase<Ref>& ref) {
    if (got.size() != ref.size() || got.size() == 0)
        return INFINITY;
    const Eigen::VectorXd d = got.derived().template cast<double>().reshaped() -
                              ref.derived().template cast<double>().reshaped();
    return d.allFinite() ? d.cwiseAbs().maxCoeff() : INFINITY;
}

// Collects every comparison of one case, so a failing test lists all tensors that are off
// (and their errors), not just the first. Remembers which reference tensors it used.
class Comparison {
public:
    explicit Comparison(const Case& c) : m_case(c) {}

    // A parameter, gradient or statistic: compared in the engine's flat ParamView order.
    template <class Got>
    void param(const std::string& refName, const Eigen::MatrixBase<Got>& got, double rtol) {
        note(refName, relError(got, reference(refName, false)), rtol, "rel");
    }
    // An activation-like tensor [B, ...] (x, y, gx, probs, branch.out): got is (D x B).
    template <class Got>
    void activation(const std::string& refName, const Eigen::MatrixBase<Got>& got, double rtol) {
        const Eigen::VectorXd ref = reference(refName, true);
        const bool shapeOk = m_case.has(refName) && got.cols() == m_case.tensor(refName).dim(0) &&
                             got.rows() == m_case.tensor(refName).trailing();
        note(refName, shapeOk ? relError(got, ref) : INFINITY, rtol, "rel");
    }
    void relScalar(const std::string& label, double got, double ref, double rtol) {
        note(label, relError(got, ref), rtol, "rel");
    }
    template <class Got>
    void absolute(const std::string& refName, const Eigen::MatrixBase<Got>& got, double atol) {
        note(refName, absError(got, reference(refName, false)), atol, "abs");
    }
    // Bit-for-bit equality of two float tensors.
    template <class A, class B>
    void exact(const std::string& label, const Eigen::MatrixBase<A>& got, const Eigen::MatrixBase<B>& want) {
        const bool same = got.size() == want.size() &&
                          (got.derived().reshaped().array() == want.derived().reshaped().array()).all();
        const double err = same ? 0.0 : absError(got, want);
        note(label, same ? 0.0 : (err == 0.0 ? INFINITY : err), 0.0, "exact");
    }
    // Marks a reference tensor as deliberately not compared (inputs, debugging values).
    void used(const std::string& refName) { m_used.insert(refName); }
    void fail(const std::string& message) { m_failures.push_back(message); }

    // Every tensor of the case was either used or compared.
    std::vector<std::string> unusedTensors() const {
        std::vector<std::string> unused;
        for (const auto& [name, t] : m_case.tensors)
            if (!m_used.count(name))
                unused.push_back(name);
        return unused;
    }
    bool ok() const { return m_failures.empty() && m_compared > 0; }
    int compared() const { return m_compared; }
    std::string report() const {
        std::ostringstream s;
        s << m_case.name << ": " << m_failures.size() << " of " << m_compared << " comparisons failed";
        for (const std::string& f : m_failures)
            s << "\n    " << f;
        s << "\n    worst: " << m_worstName << " " << m_worst;
        return s.str();
    }

private:
    Eigen::VectorXd reference(const std::string& refName, bool activation) {
        m_used.insert(refName);
        if (!m_case.has(refName)) {
            m_failures.push_back("missing reference tensor " + refName);
            return {};
        }
        const Tensor& t = m_case.tensor(refName);
        return activation ? t.data : asParam(t);
    }
    void note(const std::string& name, double err, double tol, const char* kind) {
        ++m_compared;
        if (!(err <= tol)) {
            std::ostringstream s;
            s << name << ": " << kind << " error " << err << " > " << tol;
            m_failures.push_back(s.str());
        }
        if (std::isfinite(err) && err >= m_worst) {
            m_worst = err;
            m_worstName = name;
        }
    }

    const Case& m_case;
    std::set<std::string> m_used;
    std::vector<std::string> m_failures;
    int m_compared = 0;
    double m_worst = 0.0;
    std::string m_worstName;
};

// ---------------------------------------------------------------- parameter access

inline core::ParamView* findParam(std::vector<core::ParamView>& views, const std::string& name) {
    for (core::ParamView& v : views)
        if (v.name == name)
            return &v;
    return nullptr;
}
inline core::BufferView* findBuffer(std::vector<core::BufferView>& views, const std::string& name) {
    for (core::BufferView& v : views)
        if (v.name == name)
            return &v;
    return nullptr;
}

}  // namespace golden

// Loads case `name` into a new variable `var`, or FAILS the current test (never skips).
#define GOLDEN_LOAD(var, name)                                                          \
    golden::Case var;                                                                   \
    do {                                                                                \
        std::string goldenError_;                                                       \
        if (!golden::loadCase((name), var, goldenError_))                               \
            QFAIL(goldenError_.c_str());                                                \
    } while (false)
