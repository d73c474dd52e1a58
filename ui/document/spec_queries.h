// ui/document/spec_queries.h: questions the editor asks about a spec and its analysis: what
// shape enters block k, which summary row describes it, which issues name it, and which
// shortcut makes a mismatched block valid again (the one-click fix). Pure functions, no Qt
// objects, so the commands, the scene and the panels all answer them the same way.
#pragma once

#include "core/spec/network_spec.h"
#include "core/spec/spec_analysis.h"

#include <optional>
#include <vector>

namespace ui {

// The shape that enters block `index` (index == blocks.size(): the shape entering the head).
core::Shape blockInputShape(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis, int index);
// The analysis row of block `index`, if the analysis reached it.
const core::LayerSummary* blockSummary(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis,
                                       int index);
// The analysis row of stem or head layer `index`.
const core::LayerSummary* stemSummary(const core::SpecAnalysis& analysis, int index);
const core::LayerSummary* headSummary(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis,
                                      int index);

// Issues that name block `index`.
std::vector<core::SpecIssue> blockIssues(const core::SpecAnalysis& analysis, int index);

// The shortcut a block gets when the user turns its skip on: identity when the branch keeps
// the shape, a projection otherwise (He et al. 2015, eq. 2).
core::ShortcutKind residualShortcutFor(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis,
                                       int index);

// The shortcuts (projection, zero-padding) that would clear the block's shortcut issue, in
// that order; empty when the block has no shortcut issue or no shortcut fixes it.
std::vector<core::ShortcutKind> shortcutFixes(const core::NetworkSpec& spec, core::BlockId id);

// For every block, the shortcut of the residual twin (identity where shapes match, a
// projection where they change): "make every block residual".
std::vector<core::ShortcutKind> residualShortcuts(const core::NetworkSpec& spec);

}  // namespace ui
