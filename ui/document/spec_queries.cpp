#include "ui/document/spec_queries.h"

#include "core/spec/presets.h"

namespace ui {

core::Shape blockInputShape(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis, int index) {
    // The analysis rows are the stem layers, then the blocks, then the head layers.
    const int row = int(spec.stem.size()) + index - 1;
    if (row < 0)
        return analysis.inputShape;
    if (row < int(analysis.layers.size()))
        return analysis.layers[std::size_t(row)].output;
    return analysis.inputShape;
}

const core::LayerSummary* blockSummary(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis,
                                       int index) {
    const std::size_t row = spec.stem.size() + std::size_t(index);
    return index >= 0 && row < analysis.layers.size() ? &analysis.layers[row] : nullptr;
}

const core::LayerSummary* stemSummary(const core::SpecAnalysis& analysis, int index) {
    return index >= 0 && std::size_t(index) < analysis.layers.size() ? &analysis.layers[std::size_t(index)]
                                                                      : nullptr;
}

const core::LayerSummary* headSummary(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis,
                                      int index) {
    const std::size_t row = spec.stem.size() + spec.blocks.size() + std::size_t(index);
    return index >= 0 && row < analysis.layers.size() ? &analysis.layers[row] : nullptr;
}

std::vector<core::SpecIssue> blockIssues(const core::SpecAnalysis& analysis, int index) {
    std::vector<core::SpecIssue> found;
    for (const core::SpecIssue& issue : analysis.issues)
        if (issue.where == core::SpecIssue::Where::Block && issue.index == index)
            found.push_back(issue);
    return found;
}

core::ShortcutKind residualShortcutFor(const core::NetworkSpec& spec, const core::SpecAnalysis& analysis,
                                       int index) {
    const core::LayerSummary* row = blockSummary(spec, analysis, index);
    if (!row)
        return core::ShortcutKind::Identity;
    return row->output == blockInputShape(spec, analysis, index) ? core::ShortcutKind::Identity
                                                                 : core::ShortcutKind::Projection;
}

std::vector<core::ShortcutKind> shortcutFixes(const core::NetworkSpec& spec, core::BlockId id) {
    const auto index = spec.indexOf(id);
    if (!index)
        return {};
    auto hasShortcutIssue = [&](const core::SpecAnalysis& analysis) {
        for (const core::SpecIssue& issue : blockIssues(analysis, int(*index)))
            if (issue.field == "shortcut")
                return true;
        return false;
    };
    if (!hasShortcutIssue(core::analyze(spec)))
        return {};
    std::vector<core::ShortcutKind> fixes;
    for (core::ShortcutKind kind : {core::ShortcutKind::Projection, core::ShortcutKind::ZeroPad}) {
        if (spec.blocks[*index].shortcut == kind)
            continue;
        core::NetworkSpec trial = spec;
        trial.blocks[*index].shortcut = kind;
        if (!hasShortcutIssue(core::analyze(trial)))
            fixes.push_back(kind);
    }
    return fixes;
}

std::vector<core::ShortcutKind> residualShortcuts(const core::NetworkSpec& spec) {
    const core::NetworkSpec twin = core::residualTwin(spec, core::ShortcutKind::Projection);
    std::vector<core::ShortcutKind> kinds;
    for (std::size_t i = 0; i < spec.blocks.size(); ++i) {
        const core::ShortcutKind current = spec.blocks[i].shortcut;
        const core::ShortcutKind twinKind = twin.blocks[i].shortcut;
        // Keep a shortcut the user chose (projection, zero-padding) unless it is an identity
        // that no longer fits.
        const bool keep = current != core::ShortcutKind::None &&
                          !(current == core::ShortcutKind::Identity && twinKind != core::ShortcutKind::Identity);
        kinds.push_back(keep ? current : twinKind);
    }
    return kinds;
}

}  // namespace ui
