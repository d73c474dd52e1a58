// core/export/torch_model_code.h: model.py for a network spec, the template
// core/export/templates/model.py filled in: the block classes and helpers the spec's blocks use
// (a class is written only when a block of its kind is there), and the generated Network class
// (its layer table, stem, blocks and head). Readable PEP 8 Python; no ResNet Lab needed to run it.
#pragma once

#include "core/spec/network_spec.h"

#include <string>

namespace core {

// Throws SpecError when the spec is not valid.
std::string torchModelSource(const NetworkSpec& spec);

}  // namespace core
