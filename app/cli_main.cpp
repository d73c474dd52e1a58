// resnetlab-cli: the headless front end. Parses the sub-command and maps errors to exit codes:
// 0 done, 2 usage error, 3 bad input (file or spec), 4 training diverged.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"

#include "core/data/dataset.h"
#include "core/spec/network_spec.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

const char* kUsage =
    "usage: resnetlab-cli COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  info SPEC.json [--json]        layers, output shapes, parameters and FLOPs of a network\n"
    "  preset NAME [--out FILE]       write a preset network (resnet20, plain56, spiral-residual-56, ...)\n"
    "  preset --list                  list the presets\n"
    "\n"
    "exit codes: 0 done, 2 usage error, 3 bad input, 4 training diverged\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? cli::kUsage : cli::kOk;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        if (command == "info")
            return cli::runInfo(args);
        if (command == "preset")
            return cli::runPreset(args);
        throw cli::UsageError("unknown command '" + command + "'");
    } catch (const cli::UsageError& e) {
        std::cerr << "resnetlab-cli " << command << ": " << e.what() << "\n\n" << kUsage;
        return cli::kUsage;
    } catch (const core::SpecError& e) {
        std::cerr << "resnetlab-cli " << command << ": " << e.what() << "\n";
        return cli::kBadInput;
    } catch (const core::DataError& e) {
        std::cerr << "resnetlab-cli " << command << ": " << e.what() << "\n";
        return cli::kBadInput;
    } catch (const std::bad_alloc&) {
        std::cerr << "resnetlab-cli " << command << ": out of memory\n";
        return cli::kFailure;
    } catch (const std::exception& e) {
        std::cerr << "resnetlab-cli " << command << ": " << e.what() << "\n";
        return cli::kFailure;
    }
}
