#include "core/export/torch_export.h"

#include "core/check.h"
#include "core/data/synthetic_2d.h"
#include "core/export/npz_writer.h"
#include "core/export/torch_python_text.h"
#include "core/format.h"
#include "core/layers/batch_norm.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/spec/build_network.h"
#include "core/spec/spec_analysis.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace core {

namespace {

namespace fs = std::filesystem;
namespace text = torch_text;

constexpr std::size_t kMaxLine = 79;   // PEP 8

// ---------------------------------------------------------------------------------------------
// Python literals and layout

std::string pyString(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        switch (ch) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(ch) < 0x20) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(ch));
                out += hex;
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}

// The shortest text that reads back as the same value, always with a decimal point or an
// exponent so Python reads a float.
template <class Real>
std::string pyFloat(Real value) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    CORE_EXPECTS(ec == std::errc());
    std::string out(buffer, end);
    if (out.find_first_of(".en") == std::string::npos)
        out += ".0";
    return out;
}

std::string pyBool(bool value) { return value ? "True" : "False"; }

// name(arg, arg, ...) at `indent`, followed by `suffix`; wrapped after commas, with the
// continuation lines aligned on the opening parenthesis, when it would pass 79 columns.
std::string pyCall(int indent, const std::string& name, const std::vector<std::string>& args,
                   const std::string& suffix) {
    const std::string pad(std::size_t(indent), ' ');
    std::string line = pad + name + "(";
    const std::string hang(line.size(), ' ');
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string piece = args[i] + (i + 1 < args.size() ? "," : ")" + suffix);
        const bool first = line.size() == hang.size();
        if (!first && line.size() + 1 + piece.size() > kMaxLine) {
            out += line + "\n";
            line = hang + piece;
        } else {
            line += (first ? "" : " ") + piece;
        }
    }
    if (args.empty())
        line += ")" + suffix;
    return out + line + "\n";
}

// Words of `text` filled into lines of at most 79 columns, the first line starting with `first`
// (the first word follows it directly), the others with `indent` spaces.
std::string wrapWords(const std::string& first, const std::string& text, std::size_t indent) {
    std::istringstream words(text);
    std::string word, line = first, out;
    bool fresh = true;   // the first word joins `first` as it is
    while (words >> word) {
        if (!fresh && line.size() + 1 + word.size() > kMaxLine) {
            out += line + "\n";
            line = std::string(indent, ' ') + word;
        } else {
            line += (fresh ? "" : " ") + word;
        }
        fresh = false;
    }
    return out + line + "\n";
}

// A name as it may appear inside a docstring or a comment: no backslash (an escape there),
// no double quote (it could close the docstring), no line break.
std::string docSafe(const std::string& s) {
    std::string out;
    for (const char ch : s)
        out += ch == '\\' ? '/' : ch == '"' ? '\'' : static_cast<unsigned char>(ch) < 0x20 ? ' ' : ch;
    return out;
}

std::string shapeText(const Shape& s) {
    if (!s.spatial)
        return std::to_string(s.channels);
    return std::to_string(s.channels) + " x " + std::to_string(s.height) + " x " + std::to_string(s.width);
}

// "(3, 32, 32)" or "(2,)": one sample's shape as a Python tuple.
std::string shapeTuple(const Shape& s) {
    if (!s.spatial)
        return "(" + std::to_string(s.channels) + ",)";
    return "(" + std::to_string(s.channels) + ", " + std::to_string(s.height) + ", " + std::to_string(s.width) + ")";
}

// "[batch, 3, 32, 32]" or "[batch, 2]": a batch's shape as PyTorch sees it.
std::string batchShape(const Shape& s) {
    if (!s.spatial)
        return "[batch, " + std::to_string(s.channels) + "]";
    return "[batch, " + std::to_string(s.channels) + ", " + std::to_string(s.height) + ", " + std::to_string(s.width) +
           "]";
}

void writeText(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(path.string() + ": cannot write the file");
    out << content;
    out.flush();
    if (!out)
        throw std::runtime_error(path.string() + ": writing failed (disk full?)");
}

// ---------------------------------------------------------------------------------------------
// model.py

// Which optional pieces of model.py a spec needs.
struct Uses {
    bool basic = false, bottleneck = false, plain = false, identity = false;
    bool projectionBlock = false, zeroPadBlock = false, projection = false, zeroPad = false;
    bool globalAvgPool = false;
};

Uses usesOf(const NetworkSpec& spec) {
    Uses u;
    for (const BlockSpec& b : spec.blocks) {
        if (b.kind == BlockKind::Bottleneck) {
            u.bottleneck = u.projection = u.zeroPad = true;   // BottleneckBlock refers to both
            continue;
        }
        u.basic = true;
        switch (b.shortcut) {
        case ShortcutKind::None: u.plain = true; break;
        case ShortcutKind::Identity: u.identity = true; break;
        case ShortcutKind::Projection: u.projectionBlock = u.projection = true; break;
        case ShortcutKind::ZeroPad: u.zeroPadBlock = u.zeroPad = true; break;
        }
    }
    for (const auto* layers : {&spec.stem, &spec.head})
        for (const LayerSpec& l : *layers)
            u.globalAvgPool |= l.type == LayerType::GlobalAvgPool;
    return u;
}

std::string layerCode(const LayerSpec& l, const Shape& in) {
    const std::string noBias = l.bias ? "" : ", bias=False";
    switch (l.type) {
    case LayerType::Dense:
        return "nn.Linear(" + std::to_string(in.size()) + ", " + std::to_string(l.units) + noBias + ")";
    case LayerType::Conv:
        return "nn.Conv2d(" + std::to_string(in.channels) + ", " + std::to_string(l.units) + ", " +
               std::to_string(l.kernel) + ", stride=" + std::to_string(l.stride) +
               ", padding=" + std::to_string(l.padding) + noBias + ")";
    case LayerType::BatchNorm:
        return std::string(in.spatial ? "nn.BatchNorm2d(" : "nn.BatchNorm1d(") + std::to_string(in.channels) +
               ", eps=BN_EPS, momentum=BN_MOMENTUM)";
    case LayerType::ReLU: return "nn.ReLU()";
    case LayerType::Tanh: return "nn.Tanh()";
    case LayerType::Sigmoid: return "nn.Sigmoid()";
    case LayerType::GlobalAvgPool: return "GlobalAvgPool()";
    case LayerType::Flatten: return "nn.Flatten()";
    }
    return {};
}

// The constructor call of one block, e.g. ZeroPadBlock(16, 32, stride=2), with only the
// arguments that differ from the class's defaults.
std::string blockCode(const BlockSpec& b, const Shape& in) {
    std::vector<std::string> args{std::to_string(in.channels)};
    std::string name;
    if (b.kind == BlockKind::Bottleneck) {
        name = "BottleneckBlock";
        args.push_back(std::to_string(b.bottleneckWidth));
    } else {
        switch (b.shortcut) {
        case ShortcutKind::None: name = "PlainBlock"; break;
        case ShortcutKind::Identity: name = "IdentityBlock"; break;
        case ShortcutKind::Projection: name = "ProjectionBlock"; break;
        case ShortcutKind::ZeroPad: name = "ZeroPadBlock"; break;
        }
    }
    args.push_back(std::to_string(b.width));
    if (b.kind == BlockKind::Basic && b.span != 2)
        args.push_back("span=" + std::to_string(b.span));
    if (in.spatial && b.kernel != 3)
        args.push_back("kernel=" + std::to_string(b.kernel));
    if (in.spatial && b.stride != 1)
        args.push_back("stride=" + std::to_string(b.stride));
    if (!b.batchNorm)
        args.push_back("batch_norm=False");
    if (b.activation != Activation::ReLU)
        args.push_back("activation=" + pyString(std::string(activationName(b.activation))));
    if (b.kind == BlockKind::Bottleneck && b.shortcut != ShortcutKind::Identity)
        args.push_back("shortcut=" + pyString(std::string(shortcutName(b.shortcut))));
    if (!in.spatial)
        args.push_back("images=False");
    return pyCall(12, name, args, ",");
}

// The layer table of the network's docstring: name, output shape, parameters, description.
std::string layerTable(const SpecAnalysis& a) {
    struct Row {
        std::string name, output, params, description;
    };
    std::vector<Row> rows{{"layer", "output", "params", "description"}};
    for (const LayerSummary& l : a.layers)
        rows.push_back({l.name, shapeText(l.output), groupThousands(l.params), l.description});
    std::size_t w0 = 0, w1 = 0, w2 = 0;
    for (const Row& r : rows) {
        w0 = std::max(w0, r.name.size());
        w1 = std::max(w1, r.output.size());
        w2 = std::max(w2, r.params.size());
    }
    std::string out;
    for (const Row& r : rows) {
        std::string line = "    " + r.name + std::string(w0 - r.name.size() + 2, ' ') + r.output +
                           std::string(w1 - r.output.size() + 2, ' ') + std::string(w2 - r.params.size(), ' ') +
                           r.params + "  ";
        out += wrapWords(line, r.description, line.size());
    }
    return out;
}

std::string networkClass(const NetworkSpec& spec, const SpecAnalysis& a) {
    const std::string title = spec.name.empty() ? std::string("The network") : docSafe(spec.name);
    std::string out = "class Network(nn.Module):\n";
    out += wrapWords("    \"\"\"", title + " as built by ResNet Lab: " +
                     shapeText(a.inputShape) + (a.inputShape.spatial ? " images" : " features") + " in, " +
                         std::to_string(spec.classes) + " class logits out, " + groupThousands(a.params) +
                         " parameters.",
                     4);
    out += "\n" + layerTable(a) + "    \"\"\"\n\n";
    out += "    def __init__(self):\n        super().__init__()\n";

    std::size_t row = 0;
    Shape shape = a.inputShape;
    auto sequential = [&](const char* member, const std::vector<LayerSpec>& layers) {
        if (layers.empty()) {
            out += std::string("        self.") + member + " = nn.Sequential()\n";
            return;
        }
        out += std::string("        self.") + member + " = nn.Sequential(\n";
        for (const LayerSpec& l : layers) {
            out += "            " + layerCode(l, shape) + ",\n";
            shape = a.layers[row++].output;
        }
        out += "        )\n";
    };
    sequential("stem", spec.stem);
    if (spec.blocks.empty()) {
        out += "        self.blocks = nn.ModuleList()\n";
    } else {
        out += "        self.blocks = nn.ModuleList([\n";
        for (const BlockSpec& b : spec.blocks) {
            out += blockCode(b, shape);
            shape = a.layers[row++].output;
        }
        out += "        ])\n";
    }
    sequential("head", spec.head);
    out += "\n    def forward(self, x):\n";
    out += "        \"\"\"x: " + batchShape(a.inputShape) + " -> logits: [batch, " + std::to_string(spec.classes) +
           "].\"\"\"\n";
    out += "        x = self.stem(x)\n"
           "        for block in self.blocks:\n"
           "            x = block(x)\n"
           "        return self.head(x)\n";
    return out;
}

std::string modelDocstring(const NetworkSpec& spec, const SpecAnalysis& a) {
    const std::string title = spec.name.empty() ? std::string("A network") : docSafe(spec.name);
    const std::string exampleShape = batchShape(a.inputShape);
    std::string out = wrapWords("\"\"\"", title + ", exported from ResNet Lab as a PyTorch module.", 0) + "\n";
    out += "Build it, load the weights trained in ResNet Lab, and use it like any\nmodule:\n\n";
    out += "    from model import Network, load_weights\n";
    out += "    net = load_weights(Network(), \"weights.npz\").eval()\n";
    out += "    logits = net(x)  # x: " + exampleShape + " -> [batch, " + std::to_string(spec.classes) + "]\n\n";
    out += R"(The module mirrors ResNet Lab's network (a stem, a chain of blocks, each
a branch and a shortcut, and a head), so its state_dict keys are ResNet
Lab's parameter names with the last part renamed:

    ResNet Lab                          PyTorch state_dict
    stem.0.W                            stem.0.weight
    blocks.3.branch.0.W                 blocks.3.branch.0.weight
    blocks.3.branch.1.gamma             blocks.3.branch.1.weight
    blocks.3.branch.1.beta              blocks.3.branch.1.bias
    blocks.3.branch.1.running_mean      blocks.3.branch.1.running_mean
    blocks.3.branch.1.running_var       blocks.3.branch.1.running_var
    blocks.5.shortcut.0.W               blocks.5.shortcut.0.weight
    head.1.b                            head.1.bias

Indices count every module of an nn.Sequential, activations included,
as in ResNet Lab. Weights are in PyTorch's layout: [out, in] for linear
layers, [out, in, k, k] for convolutions. Batch norm uses eps 1e-5 and
momentum 0.1, PyTorch's defaults and ResNet Lab's.
"""
)";
    return out;
}

// ---------------------------------------------------------------------------------------------
// Data set names

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool isTwoD(const std::string& name) {
    const auto& kinds = synthetic2dKinds();
    return std::find(kinds.begin(), kinds.end(), name) != kinds.end();
}

// The name with its file paths made absolute, so train.py finds them from anywhere.
std::string absoluteDataName(const std::string& name) {
    auto absolute = [](const std::string& p) { return fs::absolute(fs::path(p)).lexically_normal().string(); };
    if (startsWith(name, "cifar10:"))
        return "cifar10:" + absolute(name.substr(8));
    if (startsWith(name, "csv:"))
        return "csv:" + absolute(name.substr(4));
    if (startsWith(name, "idx:")) {
        const std::string files = name.substr(4);
        const auto comma = files.find(',');
        if (comma == std::string::npos || comma == 0 || comma + 1 == files.size())
            throw DataError("'" + name + "': expected idx:IMAGES,LABELS (two IDX files, comma separated)");
        return "idx:" + absolute(files.substr(0, comma)) + "," + absolute(files.substr(comma + 1));
    }
    if (isTwoD(name) || name == "shapes" || name == "fashion-mnist")
        return name;
    throw DataError("train.py cannot load the data set '" + name +
                    "'; it knows spiral, circles, xor, gaussians, moons, checkerboard, shapes, fashion-mnist, "
                    "idx:IMAGES,LABELS, cifar10:DIR and csv:FILE");
}

// One sample's size for the sets whose shape is known without reading a file.
std::optional<std::int64_t> knownSampleSize(const std::string& name) {
    if (isTwoD(name))
        return 2;
    if (name == "shapes")
        return 16 * 16;
    if (name == "fashion-mnist")
        return 28 * 28;
    if (startsWith(name, "cifar10:"))
        return 3 * 32 * 32;
    return std::nullopt;
}

std::string dataWords(const std::string& name, const DataOptions& d) {
    std::ostringstream s;
    if (isTwoD(name) || name == "shapes")
        s << name << " (generated: " << d.size << " samples, " << d.testFraction * 100 << "% for testing, seed "
          << d.seed << ")";
    else
        s << name;
    return s.str();
}

std::string scheduleWords(const TrainConfig& c) {
    std::ostringstream s;
    switch (c.schedule) {
    case ScheduleKind::Constant: s << "constant"; break;
    case ScheduleKind::Step: s << "step (x" << c.stepGamma << " every " << c.stepSizeEpochs << " epochs)"; break;
    case ScheduleKind::Cosine: s << "cosine, stepped per batch"; break;
    }
    if (c.warmupEpochs > 0)
        s << ", " << c.warmupEpochs << " warm-up epochs";
    return s.str();
}

std::string optimizerWords(const TrainConfig& c) {
    std::ostringstream s;
    if (c.optimizer == OptimizerKind::Adam)
        s << "Adam (lr " << c.learningRate << ", betas " << c.adam.beta1 << " and " << c.adam.beta2
          << ", weight decay " << c.adam.weightDecay << ")";
    else
        s << "SGD (lr " << c.learningRate << ", momentum " << c.sgd.momentum << (c.sgd.nesterov ? ", Nesterov" : "")
          << ", weight decay " << c.sgd.weightDecay << ")";
    return s.str();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

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

std::string torchModelSource(const NetworkSpec& spec) {
    const SpecAnalysis a = analyze(spec);
    if (!a.valid())
        throw SpecError("the network cannot be exported: " + a.issues.front().message);
    const Uses u = usesOf(spec);
    std::vector<std::string_view> pieces{text::kModelHelpers};
    if (u.basic)
        pieces.push_back(text::kBasicBranch);
    if (u.bottleneck)
        pieces.push_back(text::kBottleneckBranch);
    if (u.projection)
        pieces.push_back(text::kProjection);
    if (u.zeroPad)
        pieces.push_back(text::kZeroPad);
    if (u.globalAvgPool)
        pieces.push_back(text::kGlobalAvgPool);
    if (u.plain)
        pieces.push_back(text::kPlainBlock);
    if (u.identity)
        pieces.push_back(text::kIdentityBlock);
    if (u.projectionBlock)
        pieces.push_back(text::kProjectionBlock);
    if (u.zeroPadBlock)
        pieces.push_back(text::kZeroPadBlock);
    if (u.bottleneck)
        pieces.push_back(text::kBottleneckBlock);

    std::string out = modelDocstring(spec, a) + "\n" + std::string(text::kModelImports) + "\n";
    out += "INPUT_SHAPE = " + shapeTuple(a.inputShape) + "  # one sample: " +
           (a.inputShape.spatial ? "(channels, height, width)" : "(features,)") + "\n";
    out += "CLASSES = " + std::to_string(spec.classes) + "\n";
    out += "BN_EPS = 1e-5\nBN_MOMENTUM = 0.1\n";
    for (const std::string_view piece : pieces)
        out += "\n\n" + std::string(piece);
    out += "\n\n" + networkClass(spec, a);
    out += "\n\n" + std::string(text::kModelFunctions);
    return out;
}

std::string torchTrainSource(const NetworkSpec& spec, const ExportOptions& o) {
    const std::string dataName = absoluteDataName(o.dataName);
    const TrainConfig& c = o.train;
    const DataOptions& d = o.data;
    const bool adam = c.optimizer == OptimizerKind::Adam;
    const std::string title = spec.name.empty() ? std::string("the network") : docSafe(spec.name);

    std::string out = wrapWords("\"\"\"", "Trains " + title +
                                           " in PyTorch as ResNet Lab did: the same data, optimizer, learning-rate "
                                           "schedule, batch size and epochs (CONFIG below).",
                                0);
    out += R"(
    python3 train.py                      # the run as set up in ResNet Lab
    python3 train.py --epochs 100 --lr 0.1
    python3 train.py --epochs 0 --predict logits.csv   # only the logits
    torchrun --standalone --nproc_per_node=4 train.py --distributed

It starts from weights.npz (the weights trained in ResNet Lab) when that
file is beside it, else from ResNet Lab's initialisation (CONFIG["init"]).
Generated data sets are regenerated by ResNet Lab's own rules and random
numbers, so they are the app's, value for value.
"""

)";
    out += std::string(text::kTrainImports) + "\n";
    out += "# The run as it was set up in ResNet Lab.\nCONFIG = {\n";
    auto entry = [&](const std::string& key, const std::string& value) {
        out += "    " + pyString(key) + ": " + value + ",\n";
    };
    entry("name", pyString(spec.name));
    out += "    # data (core/data/dataset_registry.h)\n";
    entry("data", pyString(dataName));
    entry("size", std::to_string(d.size));
    entry("test_fraction", pyFloat(d.testFraction));
    entry("data_seed", std::to_string(d.seed));
    entry("noise", pyFloat(d.noise));
    entry("classes", std::to_string(d.classes));
    entry("turns", pyFloat(d.turns));
    entry("cells", std::to_string(d.cells));
    entry("max_train", std::to_string(d.maxTrain));
    entry("max_test", std::to_string(d.maxTest));
    entry("normalize", pyBool(d.normalize));
    entry("label_column", pyString(d.labelColumn));
    out += "    # training (core/train/train_config.h)\n";
    entry("epochs", std::to_string(c.epochs));
    entry("batch_size", std::to_string(c.batchSize));
    entry("optimizer", pyString(std::string(optimizerName(c.optimizer))));
    entry("lr", pyFloat(c.learningRate));
    entry("momentum", pyFloat(c.sgd.momentum));
    entry("nesterov", pyBool(c.sgd.nesterov));
    entry("weight_decay", pyFloat(adam ? c.adam.weightDecay : c.sgd.weightDecay));
    entry("beta1", pyFloat(c.adam.beta1));
    entry("beta2", pyFloat(c.adam.beta2));
    entry("eps", pyFloat(c.adam.eps));
    entry("schedule", pyString(std::string(scheduleName(c.schedule))));
    entry("step_size_epochs", std::to_string(c.stepSizeEpochs));
    entry("step_gamma", pyFloat(c.stepGamma));
    entry("warmup_epochs", std::to_string(c.warmupEpochs));
    entry("init", pyString(std::string(initSchemeName(c.init.scheme))));
    entry("zero_last_bn_gamma", pyBool(c.init.zeroLastBnGamma));
    entry("seed", std::to_string(c.seed));
    entry("max_steps_per_epoch", std::to_string(c.maxStepsPerEpoch));
    out += "}\n\n";
    out += std::string(text::kTrainBody);
    return out;
}

std::string torchReadme(const NetworkSpec& spec, const ExportOptions& o, bool withWeights) {
    const SpecAnalysis a = analyze(spec);
    const std::string title = spec.name.empty() ? std::string("Network") : spec.name;
    const TrainConfig& c = o.train;
    std::ostringstream s;
    s << "# " << title << ", exported from ResNet Lab\n\n";
    s << "A PyTorch program that builds the same network" << (withWeights ? ", loads the weights trained in ResNet Lab" : "")
      << " and trains it further with PyTorch's own tools, on a GPU or on many.\n\n";
    s << "| file | what it is |\n|---|---|\n";
    s << "| `model.py` | the network: one `nn.Module` class per block kind, `Network`, `initialize`, `load_weights` |\n";
    if (withWeights)
        s << "| `weights.npz` | the trained parameters and batch-norm running statistics (NumPy arrays named like "
             "`Network().state_dict()`) |\n";
    s << "| `train.py` | the training run as set up in ResNet Lab: same data, optimizer, schedule, batch size, epochs |\n\n";
    s << "The network: " << shapeText(a.inputShape) << (a.inputShape.spatial ? " images" : " features") << " in, "
      << spec.classes << " classes out, " << groupThousands(a.params) << " parameters, " << spec.blocks.size()
      << " blocks (the layer table is in `model.py`).\n\n";
    s << "## Requirements\n\nPython 3.8 or newer with NumPy and PyTorch (1.10 or newer). On Debian or Ubuntu: "
         "`sudo apt-get install python3-torch`; elsewhere `pip install torch numpy`.\n\n";
    s << "## Use the network\n\n```python\nfrom model import Network, load_weights\n\n";
    if (withWeights)
        s << "net = load_weights(Network(), \"weights.npz\").eval()   # evaluation mode: BN running statistics\n";
    else
        s << "net = Network().eval()\n";
    s << "logits = net(x)   # x: " << batchShape(a.inputShape) << "\n```\n\n";
    s << "## Train\n\n```sh\npython3 train.py                        # the run as set up in ResNet Lab\n"
         "python3 train.py --epochs 100 --lr 0.1  # longer, or with another rate\n"
         "python3 train.py --no-weights           # from scratch (ResNet Lab's initialisation)\n"
         "python3 train.py --help                 # every option\n```\n\n";
    s << "It uses the GPU when there is one (`--device cpu` to refuse it), prints the losses and error rates of "
         "every epoch, writes them to `history.csv` (the columns of ResNet Lab's history) and the trained weights "
         "to `trained.pt` (`--save trained.npz` for the `weights.npz` format).\n\n";
    s << "The run as exported: data " << dataWords(o.dataName, o.data) << "; " << optimizerWords(c) << "; schedule "
      << scheduleWords(c) << "; batch size " << c.batchSize << "; " << c.epochs << (c.epochs == 1 ? " epoch" : " epochs")
      << (c.maxStepsPerEpoch > 0 ? " of at most " + std::to_string(c.maxStepsPerEpoch) + " steps" : "")
      << ". Change it in `CONFIG` at the top of `train.py`.\n\n";
    s << "## Several GPUs or machines\n\n```sh\n"
         "torchrun --standalone --nproc_per_node=4 train.py --distributed\n"
         "# two machines: the same command on each, with --node_rank 0 and 1\n"
         "torchrun --nnodes=2 --node_rank=0 --master_addr=HOST --master_port=29500 \\\n"
         "         --nproc_per_node=4 train.py --distributed\n```\n\n";
    s << "With PyTorch 1.13 on Python 3.11 (Debian 12's `python3-torch`), torchrun's own launcher fails with "
         "`AttributeError: 'NoneType' object has no attribute 'get'` unless it is given `--redirects 1 --tee 1` "
         "(`torchrun --standalone --nproc_per_node=4 --redirects 1 --tee 1 train.py --distributed`), a bug of "
         "that release's launcher, not of this script.\n\n";
    s << "Each process trains a `DistributedDataParallel` copy on its share of every epoch (`DistributedSampler`); "
         "`--batch-size` is the global batch, divided between the processes, so the optimisation stays the one "
         "ResNet Lab ran. Batch norm normalises over each process's part of the batch; `--sync-bn` normalises over "
         "the whole batch instead.\n\n";
    s << "## Compare with ResNet Lab\n\n```sh\n"
         "resnetlab-cli predict SPEC.json --weights WEIGHTS.rnlw --data " << o.dataName
      << " --out engine.csv\npython3 train.py --epochs 0 --predict torch.csv\n```\n\n";
    s << "Both write the logits of the test split in evaluation mode, one row per sample "
         "(`logit0..logitK-1,label`); they agree to within 1e-4 of the logits' scale (typically 1e-6).\n\n";
    s << "## Names and layouts\n\n`Network()` mirrors ResNet Lab's network: `stem` and `head` are `nn.Sequential`s, "
         "`blocks` an `nn.ModuleList` whose blocks hold `branch` (an `nn.Sequential`) and `shortcut`. Indices count "
         "every layer, activations included, as in ResNet Lab, so a state_dict key is ResNet Lab's name with its "
         "last part renamed:\n\n";
    s << "| ResNet Lab | PyTorch | layout |\n|---|---|---|\n";
    s << "| `stem.0.W` (dense) | `stem.0.weight` | `[out, in]` |\n";
    s << "| `blocks.2.branch.0.W` (conv) | `blocks.2.branch.0.weight` | `[out, in, k, k]` |\n";
    s << "| `head.1.b` | `head.1.bias` | `[out]` |\n";
    s << "| `blocks.2.branch.1.gamma`, `.beta` | `blocks.2.branch.1.weight`, `.bias` | `[channels]` |\n";
    s << "| `blocks.2.branch.1.running_mean`, `.running_var` | the same names | `[channels]` |\n";
    s << "| `blocks.4.shortcut.0.W` (projection) | `blocks.4.shortcut.0.weight` | `[out, in, 1, 1]` |\n\n";
    s << "Batch norm uses eps 1e-5 and momentum 0.1 in both programs. `num_batches_tracked` is not exported: it "
         "matters only with `momentum=None`.\n";
    return s.str();
}

void exportTorch(const NetworkSpec& spec, Network* trained, const ExportOptions& options, const std::string& dir) {
    const std::vector<SpecIssue> issues = validate(spec);
    if (!issues.empty()) {
        std::string message = "the network cannot be exported:";
        for (const SpecIssue& issue : issues)
            message += "\n  " + issue.message;
        throw SpecError(message);
    }
    if (const auto size = knownSampleSize(options.dataName); size && *size != inputShapeOf(spec.input).size())
        throw SpecError("the network expects inputs of shape " + inputShapeOf(spec.input).str() + " but the data set " +
                        options.dataName + " has samples of " + std::to_string(*size) + " values");
    if (const std::vector<std::string> problems = checkTrainConfig(options.train); !problems.empty())
        throw SpecError("the training settings cannot be exported: " + problems.front());

    std::vector<TorchTensor> tensors;
    if (trained) {
        // The network must be the spec's: the same tensors with the same sizes.
        auto reference = buildNetwork(spec);
        std::map<std::string, Eigen::Index> want, got;
        for (const ParamView& p : reference->params())
            want[p.name] = p.value.size();
        for (const BufferView& b : reference->buffers())
            want[b.name] = b.value.size();
        for (const ParamView& p : trained->params())
            got[p.name] = p.value.size();
        for (const BufferView& b : trained->buffers())
            got[b.name] = b.value.size();
        if (want != got)
            throw SpecError("the trained network does not match the spec '" + spec.name + "'");
        tensors = torchStateDict(*trained);
    }
    const std::string model = torchModelSource(spec);
    const std::string train = torchTrainSource(spec, options);
    const std::string readme = torchReadme(spec, options, trained != nullptr);

    const fs::path root(dir);
    std::error_code ec;
    fs::create_directories(root, ec);
    if (!fs::is_directory(root, ec))
        throw std::runtime_error(dir + ": cannot create the folder");
    writeText(root / "model.py", model);
    writeText(root / "train.py", train);
    writeText(root / "README.md", readme);
    if (trained) {
        NpzWriter npz;
        for (const TorchTensor& t : tensors)
            npz.addFloat32(t.name, t.shape, t.values);
        npz.save((root / "weights.npz").string());
    } else {
        fs::remove(root / "weights.npz", ec);   // a stale file would be loaded by train.py
    }
}

}  // namespace core
