// core/export/torch_export.h: a network (and its trained state) as a self-contained PyTorch
// program, for a student whose ResNet has outgrown the desktop. exportTorch writes into a
// folder:
//   model.py     one nn.Module class per block kind the spec uses, the network class, He
//                initialisation and load_weights(); readable, PEP 8, no ResNet Lab needed
//                (torch_model_code.h);
//   weights.npz  the parameters and BN running statistics (only with a network), float32
//                arrays in PyTorch's layout, named like the module's state_dict keys
//                (torch_state_dict.h, npz_writer.h);
//   train.py     the same data, optimizer, schedule, batch size and epochs; `--distributed`
//                runs it under torchrun with DistributedDataParallel (torch_train_code.h);
//   README.md    how to run it (torch_readme.h).
// The Python and Markdown text lives in core/export/templates/, as real files embedded at
// build time (torch_templates.h). This header is the export's entry point: it brings in the
// others.
#pragma once

#include "core/export/torch_export_options.h"
#include "core/export/torch_model_code.h"
#include "core/export/torch_readme.h"
#include "core/export/torch_state_dict.h"
#include "core/export/torch_train_code.h"
#include "core/network/network.h"
#include "core/spec/network_spec.h"

#include <string>

namespace core {

// Writes model.py, train.py, README.md and, when `trained` is given, weights.npz into `dir`
// (created if needed; each file replaced atomically). `trained` must have been built from
// `spec`. Throws SpecError for an invalid spec or a network that does not match it, DataError
// for a data set name train.py cannot load, NpzError / std::runtime_error when a file cannot be
// written.
void exportTorch(const NetworkSpec& spec, Network* trained, const ExportOptions& options, const std::string& dir);

}  // namespace core
