// resnetlab-cli info SPEC.json [--json] [--input CxHxW]: layers, output shapes, parameters, FLOPs, problems.
// A preset name (resnet56, spiral-plain-32, ...) is accepted in place of a file.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/input_option.h"
#include "app/cli/network_source.h"

#include "core/spec/presets.h"
#include "core/spec/spec_report.h"

#include <filesystem>
#include <iostream>

namespace cli {

int runInfo(const std::vector<std::string>& argv) {
    const Args args(argv, {"input"}, {"json"});
    if (args.positional().size() != 1)
        throw UsageError("info needs exactly one SPEC.json (or a preset name such as resnet20)");
    const std::string& source = args.positional()[0];
    core::NetworkSpec spec = isFileArgument(source) ? core::loadSpecFile(source) : core::presetByName(source);
    applyInputOption(args, spec, source);
    const core::SpecAnalysis analysis = core::analyze(spec);
    std::cout << (args.flag("json") ? core::formatAnalysisJson(spec, analysis)
                                    : core::formatAnalysisText(spec, analysis));
    if (!analysis.valid()) {
        std::cerr << source << ": the network is not valid:\n";
        for (const core::SpecIssue& issue : analysis.issues)
            std::cerr << "  " << issue.message << "\n";
    }
    return analysis.valid() ? kOk : kBadInput;
}

}  // namespace cli
