// resnetlab-cli: the headless front end. Parses the sub-command and maps errors to exit codes:
// 0 done, 2 usage error, 3 bad input (file or spec), 4 training diverged.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"

#include "core/data/dataset.h"
#include "core/io/weights_file.h"
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
    "  train SPEC.json [--data NAME] [--epochs N] [--seed S] [--out DIR]\n"
    "                                 train one network; writes history.csv and weights.rnlw\n"
    "  sweep [--depths 4,8,16] [--families plain,residual] [--seeds 0,1,2] [--epochs N]\n"
    "        [--data NAME] [--width N] [--jobs N] [--out DIR]\n"
    "                                 depth sweep; writes sweep.csv, sweep_curves.csv, sweep.png\n"
    "\n"
    "training options (train, sweep): --lr X --batch N --optimizer sgd|adam --momentum X\n"
    "  --weight-decay X --schedule constant|step|cosine --init he|xavier --zero-gamma --quiet\n"
    "data: spiral circles xor gaussians moons checkerboard shapes fashion-mnist\n"
    "      idx:IMAGES,LABELS cifar10:DIR csv:FILE   (--size N --noise X --data-seed S)\n"
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
        if (command == "sweep")
            return cli::runSweep(args);
        if (command == "train")
            return cli::runTrain(args);
        throw cli::UsageError("unknown command '" + command + "'");
    } catch (const cli::UsageError& e) {
        std::cerr << "resnetlab-cli " << command << ": " << e.what() << "\n\n" << kUsage;
        return cli::kUsage;
    } catch (const core::SpecError& e) {
        std::cerr << "resnetlab-cli " << command << ": " << e.what() << "\n";
        return cli::kBadInput;
    } catch (const core::WeightsError& e) {
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
