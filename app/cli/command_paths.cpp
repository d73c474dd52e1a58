// resnetlab-cli paths [SPEC_OR_BUNDLE] [--out DIR] [--samples N] [--at trained|init] ...: the
// unraveled view in numbers (Veit et al. 2016, fig. 6) for a residual network: how many of the
// 2^n paths have each length, the gradient one path of each length carries (measured with
// backward passes restricted to one path) and their product, the total gradient by length,
// with the range of effective path lengths. Writes paths.csv and paths.png into --out DIR.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/experiment_setup.h"
#include "app/cli/offscreen_app.h"
#include "app/cli/progress.h"

#include "core/experiments/path_lengths.h"
#include "core/io/file_io.h"
#include "ui/plots/figure_export.h"
#include "ui/plots/paths_figure.h"

#include <qcustomplot.h>

#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace cli {

namespace {

void writeCsv(const std::string& path, const core::PathLengthResult& r) {
    std::ostringstream csv;
    csv << "length,count,fraction,gradient_norm,gradient_spread,paths_sampled,contribution,contribution_share\n";
    for (const core::PathLengthRow& row : r.rows) {
        csv << row.length << ',';
        if (r.blocks <= core::kMaxExactPathBlocks)
            csv << row.exactCount;
        else
            csv << std::setprecision(18) << row.count;
        csv << std::setprecision(17) << ',' << row.fraction << ',' << std::setprecision(10) << row.gradientNorm << ','
            << row.gradientSpread << ',' << row.pathsSampled << ',' << row.contribution << ','
            << row.contributionShare << '\n';
    }
    core::writeFileAtomically<std::runtime_error>(path, csv.str());
}

}  // namespace

int runPaths(const std::vector<std::string>& argv) {
    std::set<std::string> options = experimentValueOptions();
    options.insert({"out", "samples", "at", "batch-size", "share"});
    const Args args(argv, options, experimentFlags());
    core::PathGradientOptions config;
    config.samples = args.integer("samples", config.samples, 1, 100000);
    config.seed = std::uint64_t(args.integer("seed", 0, 0, 1 << 30));
    config.batch = args.integer("batch-size", config.batch, 2, 1 << 20);
    config.effectiveShare = args.number("share", config.effectiveShare, 0.01, 1.0);
    const std::string at = args.value("at", "trained");
    if (at != "trained" && at != "init")
        throw UsageError("--at: '" + at + "' is not trained or init");
    const bool trained = at == "trained";
    // At initialisation the BN running statistics mean nothing: use the batch's own.
    config.batchStatistics = !trained;
    const std::string out = args.value("out", ".");

    Experiment ex;
    try {
        ex = prepareExperiment(args, {"residual"}, false, trained);
    } catch (const TrainingDiverged& e) {
        std::cerr << "resnetlab-cli paths: " << e.what() << "\n";
        return kDiverged;
    }
    if (ex.nets.empty())
        throw core::SpecError(ex.source + ": no residual network to unravel");
    core::TrainedNetwork& net = ex.nets.back();
    std::filesystem::create_directories(out);

    Progress progress(!args.flag("quiet"));
    core::PathLengthResult result;
    try {
        result = core::measurePathLengths(*net.net, ex.data.train, config, {}, [&](const core::PathGradientProgress& p) {
            progress.update(double(p.done) / double(std::max(1, p.total)), "backward passes along sampled paths");
        });
    } catch (const std::invalid_argument& e) {
        throw core::SpecError(ex.source + ": " + e.what());
    }
    progress.finish();

    std::printf("%s (%s, %s): %d residual blocks, 2^%d paths\n", net.spec.name.c_str(), at.c_str(),
                ex.data.name.c_str(), result.blocks, result.blocks);
    std::printf("%-6s %-22s %-12s %-14s %-12s\n", "length", "paths", "share", "gradient/path", "of total");
    for (const core::PathLengthRow& row : result.rows) {
        char count[40];
        if (result.blocks <= core::kMaxExactPathBlocks)
            std::snprintf(count, sizeof count, "%llu", (unsigned long long)row.exactCount);
        else
            std::snprintf(count, sizeof count, "%.6Lg", row.count);
        std::printf("%-6d %-22s %-12.4Lg %-14.4g %-12.4f\n", row.length, count, row.fraction, row.gradientNorm,
                    row.contributionShare);
    }
    std::printf("mean path length %.1f; the gradient comes mostly from paths of length %d to %d (%.0f%% of it), "
                "peak at %d, mean %.1f\n",
                result.meanPathLength, result.effectiveLow, result.effectiveHigh, 100.0 * result.effectiveShare,
                result.peakLength, result.meanLength);
    if (result.blocks <= core::kMaxUnraveledBlocks) {
        const core::UnraveledGraph graph = core::unravel(result.blocks);
        std::printf("unraveled: %s\n", graph.expansion.c_str());
        for (const core::UnraveledPath& p : graph.paths)
            std::printf("  length %d: %s\n", p.length, p.label.c_str());
    }
    const std::string csvPath = out + "/paths.csv";
    writeCsv(csvPath, result);

    if (args.has("save-bundle")) {
        core::RunBundle bundle = experimentBundle(ex, "path lengths: " + ex.source);
        bundle.paths = result;
        core::saveBundleFile(bundle, args.value("save-bundle"));
        std::cerr << "wrote " << args.value("save-bundle") << "\n";
    }

    ensureOffscreenApp();
    QCustomPlot plot;
    ui::PathsFigureOptions figure;
    figure.title = QStringLiteral("%1 unraveled: %2 residual blocks, 2^%2 paths (%3)")
                       .arg(QString::fromStdString(net.spec.name))
                       .arg(result.blocks)
                       .arg(trained ? QStringLiteral("trained") : QStringLiteral("at initialisation"));
    ui::drawPathsFigure(plot, result, figure);
    const QString pngPath = QString::fromStdString(out + "/paths.png");
    const QString error = ui::savePlot(plot, pngPath, 1500, 500);
    if (!error.isEmpty())
        throw std::runtime_error(error.toStdString());
    std::cerr << "wrote " << csvPath << " and " << pngPath.toStdString() << "\n";
    return kOk;
}

}  // namespace cli
