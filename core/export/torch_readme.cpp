#include "core/export/torch_readme.h"

#include "core/export/python_literals.h"
#include "core/export/text_template.h"
#include "core/export/torch_data_source.h"
#include "core/export/torch_templates.h"
#include "core/format.h"
#include "core/spec/spec_analysis.h"

#include <sstream>

namespace core {

namespace {

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

std::string epochWords(const TrainConfig& c) {
    std::string out = std::to_string(c.epochs) + (c.epochs == 1 ? " epoch" : " epochs");
    if (c.maxStepsPerEpoch > 0)
        out += " of at most " + std::to_string(c.maxStepsPerEpoch) + " steps";
    return out;
}

}  // namespace

std::string torchReadme(const NetworkSpec& spec, const ExportOptions& o, bool withWeights) {
    const SpecAnalysis a = analyze(spec);
    TemplateValues v;
    v.text = {
        {"title", spec.name.empty() ? std::string("Network") : spec.name},
        {"input", python::shapeText(a.inputShape) + (a.inputShape.spatial ? " images" : " features")},
        {"classes", std::to_string(spec.classes)},
        {"params", groupThousands(a.params)},
        {"blocks", std::to_string(spec.blocks.size())},
        {"batch_shape", python::batchShape(a.inputShape)},
        {"data", dataWords(o.dataName, o.data)},
        {"optimizer", optimizerWords(o.train)},
        {"schedule", scheduleWords(o.train)},
        {"batch_size", std::to_string(o.train.batchSize)},
        {"epochs", epochWords(o.train)},
        {"data_name", o.dataName.empty() ? std::string("NAME") : o.dataName},
    };
    v.sections = {{"weights", withWeights}};
    return fillTemplate(torch_templates::readme(), v);
}

}  // namespace core
