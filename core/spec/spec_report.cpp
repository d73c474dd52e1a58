#include "core/spec/spec_report.h"

#include "core/format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace core {

namespace {

nlohmann::json shapeJson(const Shape& s) {
    if (s.spatial)
        return {s.channels, s.height, s.width};
    return {s.channels};
}

std::string whereName(SpecIssue::Where where) {
    switch (where) {
    case SpecIssue::Where::Input: return "input";
    case SpecIssue::Where::Stem: return "stem";
    case SpecIssue::Where::Block: return "block";
    case SpecIssue::Where::Head: return "head";
    case SpecIssue::Where::Network: break;
    }
    return "network";
}

}  // namespace

std::string formatAnalysisText(const NetworkSpec& spec, const SpecAnalysis& a) {
    std::size_t nameW = 6, descW = 11, shapeW = 6;
    for (const LayerSummary& l : a.layers) {
        nameW = std::max(nameW, l.name.size());
        descW = std::max(descW, l.description.size());
        shapeW = std::max(shapeW, l.output.str().size());
    }
    std::ostringstream out;
    out << (spec.name.empty() ? std::string("(unnamed network)") : spec.name) << ": input "
        << a.inputShape.str() << ", " << spec.classes << " classes\n\n";
    auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
    auto rpad = [](const std::string& s, std::size_t w) { return std::string(w > s.size() ? w - s.size() : 0, ' ') + s; };
    out << pad("layer", nameW) << "  " << pad("description", descW) << "  " << pad("output", shapeW) << "  "
        << rpad("params", 12) << "  " << rpad("FLOPs", 14) << "\n";
    for (const LayerSummary& l : a.layers)
        out << pad(l.name, nameW) << "  " << pad(l.description, descW) << "  " << pad(l.output.str(), shapeW) << "  "
            << rpad(groupThousands(l.params), 12) << "  " << rpad(groupThousands(l.flops), 14) << "\n";
    out << "\ndepth " << a.depth << " weighted layers, " << groupThousands(a.params) << " parameters, "
        << humanCount(double(a.flops)) << "FLOPs per sample (forward)\n";
    if (!a.issues.empty()) {
        out << "\n" << a.issues.size() << (a.issues.size() == 1 ? " problem:\n" : " problems:\n");
        for (const SpecIssue& issue : a.issues)
            out << "  " << issue.message << "\n";
    }
    return out.str();
}

std::string formatAnalysisJson(const NetworkSpec& spec, const SpecAnalysis& a) {
    nlohmann::json j;
    j["name"] = spec.name;
    j["valid"] = a.valid();
    j["depth"] = a.depth;
    j["params"] = a.params;
    j["flops"] = a.flops;
    j["input"] = shapeJson(a.inputShape);
    j["output"] = shapeJson(a.outputShape);
    j["layers"] = nlohmann::json::array();
    for (const LayerSummary& l : a.layers)
        j["layers"].push_back({{"name", l.name},
                               {"description", l.description},
                               {"output", shapeJson(l.output)},
                               {"params", l.params},
                               {"flops", l.flops}});
    j["issues"] = nlohmann::json::array();
    for (const SpecIssue& issue : a.issues)
        j["issues"].push_back(
            {{"where", whereName(issue.where)}, {"index", issue.index}, {"field", issue.field}, {"message", issue.message}});
    return j.dump(2) + "\n";
}

}  // namespace core
