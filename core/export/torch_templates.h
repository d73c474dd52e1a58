// core/export/torch_templates.h: the exported files as they live in the source tree,
// core/export/templates/model.py, train.py and README.md, embedded into the engine at build
// time (core/CMakeLists.txt turns each into bytes whenever it changes), so the export reads
// no file at run time. They are text templates (text_template.h); the code that fills them in
// is torch_model_code.cpp, torch_train_code.cpp and torch_readme.cpp.
#pragma once

#include <string_view>

namespace core::torch_templates {

std::string_view model();    // templates/model.py
std::string_view train();    // templates/train.py
std::string_view readme();   // templates/README.md

}  // namespace core::torch_templates
