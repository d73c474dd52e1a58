// Fuzz target: the network spec reader and everything that runs on a spec that reads:
// validation, analysis, and (for valid, small specs) building the network.
#include "core/spec/build_network.h"
#include "core/spec/network_spec.h"
#include "core/spec/spec_analysis.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const core::NetworkSpec spec = core::specFromJson(std::string_view(reinterpret_cast<const char*>(data), size));
        const core::SpecAnalysis analysis = core::analyze(spec);
        if (analysis.valid() && analysis.params < 2'000'000 && analysis.flops < 50'000'000)
            core::buildNetwork(spec);
        (void)core::specToJson(spec);
    } catch (const core::SpecError&) {
    }
    return 0;
}
