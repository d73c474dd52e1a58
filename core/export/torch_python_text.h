// core/export/torch_python_text.h: the fixed parts of the exported Python program, as text.
// torch_export.cpp assembles model.py from the pieces a spec needs (a block class is written
// only when a block of that kind is used) and adds the generated parts: the network class
// and train.py's CONFIG. Every piece is PEP 8 on its own and ends with a newline; pieces are
// joined with two blank lines between top-level definitions.
#pragma once

#include <string_view>

namespace core::torch_text {

// model.py
extern const std::string_view kModelImports;      // imports and constants header (after the docstring)
extern const std::string_view kModelHelpers;      // nonlinearity, norm_layer, weighted, unit
extern const std::string_view kBasicBranch;       // basic_branch()
extern const std::string_view kBottleneckBranch;  // bottleneck_branch()
extern const std::string_view kProjection;        // projection()
extern const std::string_view kZeroPad;           // class ZeroPad (option A)
extern const std::string_view kGlobalAvgPool;     // class GlobalAvgPool
extern const std::string_view kPlainBlock;
extern const std::string_view kIdentityBlock;
extern const std::string_view kProjectionBlock;
extern const std::string_view kZeroPadBlock;
extern const std::string_view kBottleneckBlock;
extern const std::string_view kModelFunctions;    // initialize, load_weights, save_weights

// train.py
extern const std::string_view kTrainImports;
extern const std::string_view kTrainBody;         // everything after CONFIG

}  // namespace core::torch_text
