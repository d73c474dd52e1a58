// core/spec/spec_report.h: a spec's analysis as a table for people and as JSON for programs
// (what `resnetlab-cli info` prints).
#pragma once

#include "core/spec/spec_analysis.h"

#include <string>

namespace core {

// Name, layers (one row each: name, description, output shape, params, FLOPs), totals and
// the validation issues, as aligned text.
std::string formatAnalysisText(const NetworkSpec& spec, const SpecAnalysis& analysis);
// {"name", "valid", "depth", "params", "flops", "input": [..], "output": [..],
//  "layers": [{"name", "description", "output": [C, H, W] or [D], "params", "flops"}],
//  "issues": [{"where", "index", "field", "message"}]}
std::string formatAnalysisJson(const NetworkSpec& spec, const SpecAnalysis& analysis);

}  // namespace core
