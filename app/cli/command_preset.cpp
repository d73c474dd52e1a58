// resnetlab-cli preset NAME [--input CxHxW] [--out FILE] | preset --list: writes a preset network
// spec (re-shaped to another image size with --input).
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/input_option.h"

#include "core/spec/presets.h"

#include <iostream>

namespace cli {

int runPreset(const std::vector<std::string>& argv) {
    const Args args(argv, {"out", "input"}, {"list"});
    if (args.flag("list")) {
        for (const std::string& name : core::presetNames())
            std::cout << name << "\n";
        return kOk;
    }
    if (args.positional().size() != 1)
        throw UsageError("preset needs a NAME (see resnetlab-cli preset --list)");
    core::NetworkSpec spec = core::presetByName(args.positional()[0]);
    applyInputOption(args, spec, args.positional()[0]);
    if (!args.has("out")) {
        std::cout << core::specToJson(spec);
        return kOk;
    }
    core::saveSpecFile(spec, args.value("out"));
    std::cerr << "wrote " << args.value("out") << "\n";
    return kOk;
}

}  // namespace cli
