#include "core/export/torch_state_dict.h"

#include "core/check.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/scalar_bias.h"
#include "core/layers/scalar_multiplier.h"

#include <map>
#include <set>

namespace core {

std::string torchName(const std::string& engineName) {
    static const std::map<std::string, std::string> kRenamed = {
        {"W", "weight"}, {"b", "bias"}, {"gamma", "weight"}, {"beta", "bias"}};
    const auto dot = engineName.rfind('.');
    const std::string last = dot == std::string::npos ? engineName : engineName.substr(dot + 1);
    const auto it = kRenamed.find(last);
    if (it == kRenamed.end())
        return engineName;
    return (dot == std::string::npos ? std::string() : engineName.substr(0, dot + 1)) + it->second;
}

std::vector<TorchTensor> torchStateDict(Network& net) {
    std::vector<TorchTensor> out;
    auto vector = [&](const std::string& name, const Vector& v) {
        out.push_back({name, {v.size()}, std::vector<float>(v.data(), v.data() + v.size())});
    };
    // A (rows x cols) column-major Eigen matrix read row by row: PyTorch's row-major order.
    auto rowMajor = [](const Matrix& m) {
        std::vector<float> values;
        values.reserve(std::size_t(m.size()));
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            for (Eigen::Index c = 0; c < m.cols(); ++c)
                values.push_back(m(r, c));
        return values;
    };
    forEachLayer(net, "", [&](const std::string& name, Layer& layer) {
        if (auto* dense = dynamic_cast<Dense*>(&layer)) {
            // W is (D_out x D_in), nn.Linear's weight [out, in].
            const Matrix& W = dense->weight();
            out.push_back({name + ".weight", {W.rows(), W.cols()}, rowMajor(W)});
            if (dense->hasBias())
                vector(name + ".bias", dense->bias());
        } else if (auto* conv = dynamic_cast<Conv2d*>(&layer)) {
            // W is (C_out x C_in k k), row o = filter o ordered (c, u, v): nn.Conv2d's
            // [C_out, C_in, k, k] read row-major.
            const Matrix& W = conv->weight();
            const std::int64_t k = conv->options().kernel;
            out.push_back({name + ".weight", {W.rows(), W.cols() / (k * k), k, k}, rowMajor(W)});
            if (conv->hasBias())
                vector(name + ".bias", conv->bias());
        } else if (auto* bn = dynamic_cast<BatchNorm*>(&layer)) {
            vector(name + ".weight", bn->gamma());
            vector(name + ".bias", bn->beta());
            vector(name + ".running_mean", bn->runningMean());
            vector(name + ".running_var", bn->runningVar());
        } else if (auto* scale = dynamic_cast<ScalarMultiplier*>(&layer)) {
            vector(name + ".alpha", Vector::Constant(1, scale->alpha()));   // ReZero, SkipInit, Fixup
        } else if (auto* bias = dynamic_cast<ScalarBias*>(&layer)) {
            vector(name + ".bias", Vector::Constant(1, bias->bias()));      // Fixup
        }
    });
    // Every parameter and buffer of the engine is in the state dict, under its mapped name.
    std::set<std::string> expected;
    for (const ParamView& p : net.params())
        expected.insert(torchName(p.name));
    for (const BufferView& b : net.buffers())
        expected.insert(torchName(b.name));
    std::set<std::string> got;
    for (const TorchTensor& t : out)
        got.insert(t.name);
    CORE_EXPECTS_MSG(got == expected && got.size() == out.size(),
                     "a layer with parameters that the PyTorch export does not know");
    return out;
}

}  // namespace core
