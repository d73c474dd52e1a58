#include "core/export/torch_train_code.h"

#include "core/export/python_literals.h"
#include "core/export/text_template.h"
#include "core/export/torch_data_source.h"
#include "core/export/torch_templates.h"
#include "core/init/initializer.h"
#include "core/optim/lr_schedule.h"

namespace core {

std::string torchTrainSource(const NetworkSpec& spec, const ExportOptions& o) {
    using namespace python;
    const TrainConfig& c = o.train;
    const DataOptions& d = o.data;
    const std::string title = spec.name.empty() ? std::string("the network") : docSafe(spec.name);
    TemplateValues v;
    v.text = {
        {"summary", wrapAfter("\"\"\"", "Trains " + title +
                                            " in PyTorch as ResNet Lab did: the same data, optimizer, learning-rate "
                                            "schedule, batch size and epochs (CONFIG below).",
                              0)},
        {"name", quoted(spec.name)},
        {"data", o.dataName.empty() ? std::string("None") : quoted(absoluteDataName(o.dataName))},
        {"size", std::to_string(d.size)},
        {"test_fraction", number(d.testFraction)},
        {"data_seed", std::to_string(d.seed)},
        {"noise", number(d.noise)},
        {"classes", std::to_string(d.classes)},
        {"turns", number(d.turns)},
        {"cells", std::to_string(d.cells)},
        {"max_train", std::to_string(d.maxTrain)},
        {"max_test", std::to_string(d.maxTest)},
        {"normalize", boolean(d.normalize)},
        {"label_column", quoted(d.labelColumn)},
        {"epochs", std::to_string(c.epochs)},
        {"batch_size", std::to_string(c.batchSize)},
        {"optimizer", quoted(std::string(optimizerName(c.optimizer)))},
        {"lr", number(c.learningRate)},
        {"momentum", number(c.sgd.momentum)},
        {"nesterov", boolean(c.sgd.nesterov)},
        {"weight_decay", number(c.optimizer == OptimizerKind::Adam ? c.adam.weightDecay : c.sgd.weightDecay)},
        {"beta1", number(c.adam.beta1)},
        {"beta2", number(c.adam.beta2)},
        {"eps", number(c.adam.eps)},
        {"schedule", quoted(std::string(scheduleName(c.schedule)))},
        {"step_size_epochs", std::to_string(c.stepSizeEpochs)},
        {"step_gamma", number(c.stepGamma)},
        {"warmup_epochs", std::to_string(c.warmupEpochs)},
        {"init", quoted(std::string(initSchemeName(c.init.scheme)))},
        {"zero_last_bn_gamma", boolean(c.init.zeroLastBnGamma)},
        {"seed", std::to_string(c.seed)},
        {"max_steps_per_epoch", std::to_string(c.maxStepsPerEpoch)},
    };
    return fillTemplate(torch_templates::train(), v);
}

}  // namespace core
