#include "core/export/torch_export.h"

#include "core/export/npz_writer.h"
#include "core/export/torch_data_source.h"
#include "core/io/file_io.h"
#include "core/spec/build_network.h"
#include "core/spec/spec_analysis.h"

#include <filesystem>
#include <map>
#include <stdexcept>

namespace core {

namespace fs = std::filesystem;

void exportTorch(const NetworkSpec& spec, Network* trained, const ExportOptions& options, const std::string& dir) {
    const std::vector<SpecIssue> issues = validate(spec);
    if (!issues.empty()) {
        std::string message = "the network cannot be exported:";
        for (const SpecIssue& issue : issues)
            message += "\n  " + issue.message;
        throw SpecError(message);
    }
    if (const auto size = knownSampleSize(options.dataName); size && *size != inputShapeOf(spec.input).size())
        throw SpecError("the network expects inputs of shape " + inputShapeOf(spec.input).str() + " but the data set " +
                        options.dataName + " has samples of " + std::to_string(*size) + " values");
    if (const std::vector<std::string> problems = checkTrainConfig(options.train); !problems.empty())
        throw SpecError("the training settings cannot be exported: " + problems.front());

    std::vector<TorchTensor> tensors;
    if (trained) {
        // The network must be the spec's: the same tensors with the same sizes.
        auto reference = buildNetwork(spec);
        std::map<std::string, Eigen::Index> want, got;
        for (const ParamView& p : reference->params())
            want[p.name] = p.value.size();
        for (const BufferView& b : reference->buffers())
            want[b.name] = b.value.size();
        for (const ParamView& p : trained->params())
            got[p.name] = p.value.size();
        for (const BufferView& b : trained->buffers())
            got[b.name] = b.value.size();
        if (want != got)
            throw SpecError("the trained network does not match the spec '" + spec.name + "'");
        tensors = torchStateDict(*trained);
    }
    const std::string model = torchModelSource(spec);
    const std::string train = torchTrainSource(spec, options);
    const std::string readme = torchReadme(spec, options, trained != nullptr);

    const fs::path root(dir);
    std::error_code ec;
    fs::create_directories(root, ec);
    if (!fs::is_directory(root, ec))
        throw std::runtime_error(dir + ": cannot create the folder");
    writeFileAtomically<std::runtime_error>((root / "model.py").string(), model);
    writeFileAtomically<std::runtime_error>((root / "train.py").string(), train);
    writeFileAtomically<std::runtime_error>((root / "README.md").string(), readme);
    if (trained) {
        NpzWriter npz;
        for (const TorchTensor& t : tensors)
            npz.addFloat32(t.name, t.shape, t.values);
        npz.save((root / "weights.npz").string());
    } else {
        fs::remove(root / "weights.npz", ec);   // a stale file would be loaded by train.py
    }
}

}  // namespace core
