// resnetlab-cli predict SPEC_OR_BUNDLE [--weights FILE] [--run LABEL] --data NAME --out FILE.csv:
// the engine's logits for the data set's test split in evaluation mode (batch norm with its
// running statistics), one row per sample: logit0..logitK-1, then the label. The exported
// train.py writes the same file with --epochs 0 --predict FILE.csv, so the two programs can
// be compared sample by sample.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/network_source.h"

#include "core/init/initializer.h"
#include "core/io/file_io.h"
#include "core/spec/build_network.h"
#include "core/spec/spec_analysis.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace cli {

namespace {

constexpr Eigen::Index kChunk = 1024;   // test samples per forward pass

}  // namespace

int runPredict(const std::vector<std::string>& argv) {
    std::set<std::string> options = networkSourceOptions();
    options.insert("out");
    const Args args(argv, options, networkSourceFlags());
    if (!args.has("out"))
        throw UsageError("predict needs --out FILE.csv");
    NetworkSource s = loadNetworkSource(args, "predict");
    if (!s.net) {
        s.net = core::buildNetwork(s.spec);
        core::initialize(*s.net, s.training.init, s.training.seed);
        std::cerr << "resnetlab-cli predict: no trained weights (give --weights FILE): these are the logits of the "
                     "initial network (seed " << s.training.seed << ")\n";
    }
    const core::Dataset data = core::loadDataset(s.dataName, s.dataOptions);
    if (core::inputShapeOf(s.spec.input).size() != data.shape.size())
        throw core::SpecError("the network expects inputs of shape " + core::inputShapeOf(s.spec.input).str() +
                              " but the data set " + data.name + " has samples of shape " + data.shape.str());
    if (data.classes > s.spec.classes)
        throw core::SpecError("the data set " + data.name + " has " + std::to_string(data.classes) +
                              " classes but the network has " + std::to_string(s.spec.classes) + " outputs");

    const std::string path = args.value("out");
    std::ostringstream csv;
    for (int k = 0; k < s.spec.classes; ++k)
        csv << "logit" << k << ',';
    csv << "label\n";
    s.net->setTraining(false);
    const core::Split& test = data.test;
    char number[32];
    for (Eigen::Index first = 0; first < test.size(); first += kChunk) {
        const Eigen::Index count = std::min(kChunk, test.size() - first);
        const core::Matrix& logits = s.net->forward(test.columns(first, count));   // (K x count)
        for (Eigen::Index j = 0; j < count; ++j) {
            for (Eigen::Index k = 0; k < logits.rows(); ++k) {
                std::snprintf(number, sizeof number, "%.9g,", double(logits(k, j)));
                csv << number;
            }
            csv << test.y(first + j) << '\n';
        }
    }
    core::writeFileAtomically<std::runtime_error>(path, csv.str());
    std::cerr << "wrote the logits of " << test.size() << " test samples of " << data.name << " to " << path << "\n";
    return kOk;
}

}  // namespace cli
