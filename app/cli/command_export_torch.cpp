// resnetlab-cli export-torch SPEC_OR_BUNDLE --out DIR [--weights FILE] [--run LABEL] ...: the
// network (with its trained weights, when there are any) as a PyTorch program in DIR: model.py,
// weights.npz, train.py (the same data, optimizer, schedule, batch size and epochs; the
// training and data options of train change them) and README.md (core/export/torch_export.h).
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/network_source.h"

#include "core/export/torch_export.h"

#include <iostream>

namespace cli {

int runExportTorch(const std::vector<std::string>& argv) {
    std::set<std::string> options = networkSourceOptions();
    options.insert("out");
    const Args args(argv, options, networkSourceFlags());
    if (!args.has("out"))
        throw UsageError("export-torch needs --out DIR, the folder to write the PyTorch program into");
    NetworkSource s = loadNetworkSource(args, "export-torch");
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
    std::cerr << "run it with: cd " << out << " && python3 train.py\n";
    return kOk;
}

}  // namespace cli
