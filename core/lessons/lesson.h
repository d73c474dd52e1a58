// core/lessons/lesson.h: one lesson of the ResNet chapter, as a data file a teacher can write
// or change without recompiling (resources/lessons/NN-name.json, loaded in file-name order).
// A lesson is a title, a few paragraphs for students, the equations of the idea, a setup (the
// network, the data, the training settings and the view to bring forward) and one action the
// "Run" button performs. Parsing is strict: unknown fields, unknown actions or views, a preset
// that does not exist, or a network that would not build are errors naming the file and field.
//
// File format ("resnetlab-lesson", version 1):
//   { "format": "resnetlab-lesson", "version": 1,
//     "title": "The degradation problem",
//     "text": ["paragraph", ...],            simple HTML allowed: <b>, <i>, <sup>, <sub>
//     "equations": ["a<sup>[l+2]</sup> = g(z<sup>[l+2]</sup> + a<sup>[l]</sup>)", ...],
//     "setup": {
//       "network": NETWORK,
//       "data": {"name": "spiral", "options": {DataOptions fields, any subset}},
//       "training": {TrainConfig fields, any subset (io/settings_json.h)},
//       "view": "builder" | "training" | "gradient-flow" | "depth-sweep" | "identity" |
//               "unraveled" | "lesion" | "path-lengths" | "comparison" | "landscape" |
//               "shattered-gradients" | "block-design"
//     },
//     "run": {"action": ACTION, ...the action's fields} }
//   NETWORK is a preset name ("spiral-plain-56", "resnet20", ...; presets.h) or an object with
//   exactly one of: {"mlp": {MlpOptions fields, any subset: depth, residual, width, inputs,
//   classes, batchnorm, activation, span}}, {"cifar": {CifarOptions fields, any subset: n,
//   residual, channels, height, width, classes, base_width, downsample}} or {"spec": <a network
//   spec>}.
//   ACTION and its fields:
//     "train"            -                      train the setup's network
//     "train-with-twin"  -                      train it and its plain/residual twin side by side
//     "sweep"            depths?, families?, seeds?, width?   (defaults: the default depth sweep)
//     "zero-branch"      block                  zero that residual block's branch (identity demo)
//     "lesion"           draws?, max_removed?, seed?          train the twins, then lesion both
//     "paths"            samples?, seed?        path lengths and the gradient by length
//     "compare-specs"    networks: [NETWORK, ...] (2 or more)  parameters and FLOPs side by side
//     "landscape"        grid?                  train the twins, then map the loss around each
//                                               one's trained weights (Li et al. 2018)
//     "shatter"          depths?                dy/dx of 1-input plain and residual nets at
//                                               initialisation (Balduzzi et al. 2017)
//     "ablate"           variants?, depth?, seeds?, width?   the block-design ablation of He et
//                        al. 2016 (core/experiments/ablation.h) with the setup's data and
//                        training settings (defaults: every variant, the default bench's
//                        depth, seeds and width); the setup's network is not trained
#pragma once

#include "core/data/dataset_registry.h"
#include "core/spec/network_spec.h"
#include "core/train/train_config.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// A lesson file that cannot be used; the message starts with the file and names the field.
class LessonError : public SpecError {
public:
    using SpecError::SpecError;
};

enum class LessonView {
    Builder, Training, GradientFlow, DepthSweep, Identity, Unraveled, Lesion, PathLengths, Comparison, Landscape,
    ShatteredGradients, BlockDesign
};
enum class LessonAction {
    Train, TrainWithTwin, Sweep, ZeroBranch, Lesion, Paths, CompareSpecs, Landscape, Shatter, Ablate
};

std::string_view lessonViewName(LessonView view);          // "gradient-flow", ...
std::string_view lessonActionName(LessonAction action);    // "train-with-twin", ...
std::vector<std::string> lessonViewNames();
std::vector<std::string> lessonActionNames();

// A network as the lesson names it, resolved to a spec that has been validated.
struct LessonNetwork {
    std::string source;                  // "preset spiral-plain-56", "mlp", "cifar", "spec"
    NetworkSpec spec;
};

struct LessonSetup {
    LessonNetwork network;
    std::string data = "spiral";
    DataOptions dataOptions;             // the defaults, with the lesson's fields applied
    TrainConfig training;                // likewise
    LessonView view = LessonView::Training;
};

struct LessonRun {
    LessonAction action = LessonAction::Train;
    int block = -1;                      // zero-branch: the residual block to zero
    std::vector<int> depths;             // sweep, shatter (empty: the default sweep's, shatter's)
    std::vector<std::string> families;   // sweep (empty: plain and residual)
    std::vector<std::uint64_t> seeds;    // sweep, ablate (empty: the default sweep's or bench's)
    int width = 0;                       // sweep, ablate (0: the default sweep's or bench's)
    std::vector<std::string> variants;   // ablate (empty: every variant)
    int depth = 0;                       // ablate (0: the default bench's)
    int draws = 10;                      // lesion
    int maxRemoved = 0;                  // lesion: remove up to this many blocks (0: default)
    int samples = 20;                    // paths
    std::uint64_t seed = 0;              // lesion and paths: the draws' seed
    std::vector<LessonNetwork> networks; // compare-specs
    int grid = 41;                       // landscape: points per axis (odd)
};

struct Lesson {
    std::string file;                    // the path it was read from ("" when parsed from text)
    std::string id;                      // the file name without ".json": "03-degradation"
    std::string title;
    std::vector<std::string> paragraphs;
    std::vector<std::string> equations;
    LessonSetup setup;
    LessonRun run;
};

// The ablation an "ablate" lesson runs: the default bench with the setup's data and training
// settings and the run's variants, depth, seeds and width.
struct AblationConfig;
AblationConfig lessonAblation(const LessonSetup& setup, const LessonRun& run);

// Parses and validates a lesson; `file` prefixes every message ("03-degradation.json:
// setup.network: unknown preset ..."). Throws LessonError.
Lesson parseLesson(std::string_view json, const std::string& file = {});
Lesson loadLessonFile(const std::string& path);

// Every *.json file of `dir`, sorted by file name. With `problems` null, the first bad file
// throws LessonError; otherwise bad files are skipped and their messages appended there (so a
// GUI can show the good lessons and report the bad). A missing directory throws LessonError.
std::vector<Lesson> loadLessonsFromDirectory(const std::string& dir, std::vector<std::string>* problems = nullptr);

}  // namespace core
