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
    "  info SPEC.json [--json] [--input CxHxW]\n"
    "                                 layers, output shapes, parameters and FLOPs of a network\n"
    "  preset NAME [--out FILE] [--input CxHxW]\n"
    "                                 write a preset network (resnet20, plain56, spiral-residual-56, ...)\n"
    "  preset --list                  list the presets\n"
    "  train SPEC.json [--data NAME] [--epochs N] [--seed S] [--input CxHxW] [--out DIR]\n"
    "                                 train one network; writes history.csv and weights.rnlw\n"
    "  export-torch SPEC_OR_BUNDLE --out DIR [--weights FILE] [--run LABEL] [--data NAME]\n"
    "                                 the network as a PyTorch program: model.py, weights.npz,\n"
    "                                 train.py (same data and training settings), README.md\n"
    "  predict SPEC_OR_BUNDLE [--weights FILE] [--run LABEL] --data NAME --out FILE.csv\n"
    "                                 the test split's logits in evaluation mode, one row per sample\n"
    "  sweep [--depths 4,8,16] [--families plain,residual] [--seeds 0,1,2] [--epochs N]\n"
    "        [--data NAME] [--width N] [--block DESIGN] [--jobs N] [--out DIR]\n"
    "                                 depth sweep; writes sweep.csv, sweep_curves.csv, sweep.png;\n"
    "                                 --data fashion-mnist alone runs the image lesson's settings\n"
    "                                 (--width: units of an MLP, base channels of a conv net;\n"
    "                                 residual blocks: original below 200 layers, full\n"
    "                                 pre-activation from 200; --block NAME: that design at\n"
    "                                 every depth, names as in ablate --list)\n"
    "  lesion [SPEC_OR_BUNDLE] [--draws N] [--max-removed K] [--seed S] [--depth N] [--out DIR]\n"
    "         [--save-bundle FILE] [--retrain]\n"
    "                                 remove blocks of a trained plain net and its residual twin at\n"
    "                                 test time; writes lesion.csv, lesion_summary.csv, lesion.png\n"
    "  paths [SPEC_OR_BUNDLE] [--samples N] [--at trained|init] [--seed S] [--depth N] [--out DIR]\n"
    "        [--save-bundle FILE]\n"
    "                                 path lengths of the unraveled ResNet and the gradient by length;\n"
    "                                 writes paths.csv, paths.png\n"
    "                                 (both default to the 56-layer spiral nets trained like the sweep;\n"
    "                                 a bundle with saved weights is used without training)\n"
    "  landscape [SPEC_OR_BUNDLE] [--grid N] [--range R] [--depth D] [--bn running|batch]\n"
    "            [--direction-seed S] [--samples N] [--checkpoint-every K] [--path-grid N] [--out DIR]\n"
    "            [--unfolded] [--threads N]\n"
    "                                 the training loss around the trained weights of a plain net and its\n"
    "                                 residual twin on a filter-normalised random plane, and the training\n"
    "                                 path on its PCA plane; writes landscape.csv, landscape_path.csv,\n"
    "                                 trajectory.csv, landscape_summary.csv, landscape.png (default:\n"
    "                                 the 56-layer spiral twins trained like the sweep, seed 1; --unfolded\n"
    "                                 evaluates without folding batch norm into the weights: slower,\n"
    "                                 to check the folded pass)\n"
    "  shatter [--depths 1,8,24,50] [--inits N] [--width N] [--points N] [--seed S] [--out DIR]\n"
    "                                 dy/dx of 1-input plain and residual nets at initialisation (shattered\n"
    "                                 gradients); writes shatter.csv, shatter_summary.csv, shatter.png\n"
    "  ablate [--variants a,b,...] [--depth D] [--seeds 0,1,2,3,4] [--data NAME] [--out DIR] [--list]\n"
    "                                 the block-design ablation (He et al. 2016, Tables 1 and 2; ReZero,\n"
    "                                 SkipInit, Fixup): every variant from the same data and seeds;\n"
    "                                 writes ablation.csv, ablation_summary.csv, ablation.png\n"
    "  lessons [--dir DIR]            check and list the guided lessons the app shows (or those in DIR)\n"
    "\n"
    "training options (train, sweep, ablate, lesion, paths, landscape): --lr X --batch N --optimizer sgd|adam\n"
    "  --momentum X --weight-decay X --schedule constant|step|cosine --warmup EPOCHS --init he|xavier\n"
    "  --zero-gamma --quiet (no progress; off a terminal, progress is one line per finished run and\n"
    "  every 30 s)\n"
    "data: spiral circles xor gaussians moons checkerboard shapes fashion-mnist\n"
    "      idx:IMAGES,LABELS cifar10:DIR csv:FILE\n"
    "  --max-train N --max-test N     keep the first N training / test samples (0 = all)\n"
    "  --image-size N                 images resampled to NxN by averaging blocks (28 -> 14)\n"
    "  --size N --data-seed S         generated sets: samples in all, generation and split seed\n"
    "  --noise X                      2-D sets;  --test-fraction X: sets without their own test split\n"
    "  --input CxHxW                  re-shape an image network (resnet20 --input 1x28x28)\n"
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
        if (command == "export-torch")
            return cli::runExportTorch(args);
        if (command == "predict")
            return cli::runPredict(args);
        if (command == "lesion")
            return cli::runLesion(args);
        if (command == "paths")
            return cli::runPaths(args);
        if (command == "lessons")
            return cli::runLessons(args);
        if (command == "landscape")
            return cli::runLandscape(args);
        if (command == "shatter")
            return cli::runShatter(args);
        if (command == "ablate")
            return cli::runAblate(args);
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
