// core/export/torch_readme.h: README.md of an exported program, the template
// core/export/templates/README.md filled in: what each file is, the network in one line, how
// to use and train it (on one GPU or many), the run as exported, and how the names and layouts
// map to ResNet Lab's.
#pragma once

#include "core/export/torch_export_options.h"
#include "core/spec/network_spec.h"

#include <string>

namespace core {

std::string torchReadme(const NetworkSpec& spec, const ExportOptions& options, bool withWeights);

}  // namespace core
