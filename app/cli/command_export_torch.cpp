// resnetlab-cli export-torch SPEC_OR_BUNDLE --out DIR [--weights FILE] [--run LABEL] ...: the
// network (with its trained weights, when there are any) as a PyTorch program in DIR: model.py,
// weights.npz, train.py (the same data, optimizer, schedule, batch size and epochs; the
// training and data options of train change them) and README.md (core/export/torch_export.h).
// The model never depends on a data set: without --data (and without a bundle's), train.py
// gets the built-in set that fits the network's input shape, or none, and then asks for one.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/network_source.h"

#include "core/export/torch_data_source.h"
#include "core/export/torch_export.h"
#include "core/spec/spec_analysis.h"

#include <iostream>

namespace cli {

int runExportTorch(const std::vector<std::string>& argv) {
    std::set<std::string> options = networkSourceOptions();
    options.insert("out");
    const Args args(argv, options, networkSourceFlags());
    if (!args.has("out"))
        throw UsageError("export-torch needs --out DIR, the folder to write the PyTorch program into");
    NetworkSource s = loadNetworkSource(args, "export-torch");
    if (!s.fromBundle && !args.has("data"))
        s.dataName = core::fittingDataName(core::inputShapeOf(s.spec.input).size());
    if (s.dataOptions.imageSize > 0)
        throw UsageError("export-torch: train.py reads the images at their stored size and cannot resample them "
                         "yet (image size " + std::to_string(s.dataOptions.imageSize) + " was asked for)");

    core::ExportOptions o;
    o.dataName = s.dataName;
    o.data = s.dataOptions;
    o.train = s.training;
    const std::string out = args.value("out");
    core::exportTorch(s.spec, s.net.get(), o, out);

    std::cout << "wrote " << out << "/model.py, " << out << "/train.py, " << out << "/README.md";
    if (s.net)
        std::cout << " and " << out << "/weights.npz (from " << s.weightsFrom << ")";
    std::cout << "\n";
    if (!s.net)
        std::cerr << "resnetlab-cli export-torch: no trained weights (give --weights FILE): train.py will start "
                     "from the initialisation\n";
    if (o.dataName.empty())
        std::cerr << "resnetlab-cli export-torch: no built-in data set has the input shape "
                  << core::inputShapeOf(s.spec.input).str() << ": train.py needs --data NAME\n";
    std::cerr << "run it with: cd " << out << " && python3 train.py" << (o.dataName.empty() ? " --data NAME" : "")
              << "\n";
    return kOk;
}

}  // namespace cli
