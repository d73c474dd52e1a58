// Fuzz target: the run bundle reader, and restoring the networks of a bundle that reads.
#include "core/io/run_bundle.h"
#include "core/io/weights_file.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const core::RunBundle bundle =
            core::bundleFromJson(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        for (const core::BundleRun& run : bundle.runs)
            core::restoreNetwork(run, "fuzz");
        (void)core::bundleToJson(bundle);
    } catch (const core::SpecError&) {   // BundleError is a SpecError; so are spec problems
    } catch (const core::WeightsError&) {
    }
    return 0;
}
