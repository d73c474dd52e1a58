// resnetlab-cli ablate: the block-design ablation of He et al. 2016 (Tables 1 and 2, plus ReZero,
// SkipInit and Fixup) on the project's data: every variant x seed trained from the same data,
// seeds and batch order; writes ablation.csv, ablation_summary.csv and ablation.png (median and
// spread per variant, the paper's number beside ours) into --out DIR.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/offscreen_app.h"
#include "app/cli/progress.h"
#include "app/cli/train_options.h"

#include "core/experiments/ablation.h"
#include "core/io/file_io.h"
#include "ui/plots/ablation_figure.h"
#include "ui/plots/figure_export.h"

#include <qcustomplot.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <iostream>

namespace cli {

int runAblate(const std::vector<std::string>& argv) {
    std::set<std::string> options = trainValueOptions();
    options.insert({"variants", "depth", "seeds", "width", "jobs", "out"});
    std::set<std::string> flags = trainFlags();
    flags.insert("list");
    const Args args(argv, options, flags);
    if (!args.positional().empty())
        throw UsageError("ablate takes no positional arguments (got '" + args.positional()[0] + "')");
    if (args.flag("list")) {
        for (const core::AblationVariant& v : core::ablationVariants())
            std::printf("%-22s %-8s %s (%s)\n", v.name.c_str(), v.paper.empty() ? "-" : v.paper.c_str(),
                        v.label.c_str(), v.source.c_str());
        return kOk;
    }

    core::AblationConfig config = core::defaultAblation();
    readTrainOptions(args, config.train);
    readDataOptions(args, config.data, config.dataOptions);
    config.variants = args.list("variants", config.variants);
    config.depth = args.integer("depth", config.depth, 4, 1202);
    std::vector<int> seeds(config.seeds.begin(), config.seeds.end());
    seeds = args.integerList("seeds", seeds, 0, 1 << 30);
    config.seeds.assign(seeds.begin(), seeds.end());
    config.width = args.integer("width", config.width, 1, 4096);
    config.jobs = args.integer("jobs", 0, 0, 256);
    const std::string out = args.value("out", ".");
    const std::vector<std::string> problems = core::checkAblationConfig(config);
    if (!problems.empty())
        throw UsageError(problems.front());
    std::filesystem::create_directories(out);

    const core::Dataset data = core::loadDataset(config.data, config.dataOptions);
    const std::size_t variantCount = config.variants.empty() ? core::ablationVariants().size() : config.variants.size();
    const int total = int(variantCount * config.seeds.size());
    std::cerr << "ablate: " << total << " runs (" << variantCount << " variants x " << config.seeds.size()
              << " seeds) of " << config.depth << "-layer residual networks on " << data.name << ", "
              << config.train.epochs << " epochs each, the same data, seeds and batch order for every variant\n";
    Progress progress(!args.flag("quiet"));
    progress.update(0.0, "starting");
    const std::vector<core::AblationRun> runs =
        core::runAblation(config, data, {}, [&](const core::AblationProgress& p) {
            char label[160];
            std::snprintf(label, sizeof label, "%d/%d done, last: %s seed %llu -> train error %.3f", p.done, p.total,
                          p.finished->variant.c_str(), (unsigned long long)p.finished->seed,
                          p.finished->finalTrainError);
            progress.update(double(p.done) / double(p.total), label);
        });
    progress.finish();

    const std::string csvPath = out + "/ablation.csv";
    std::ostringstream csv;
    csv << "variant,seed,final_train_error,final_test_error,diverged,seconds\n";
    for (const core::AblationRun& r : runs)
        csv << r.variant << ',' << r.seed << ',' << r.finalTrainError << ',' << r.finalTestError << ','
            << (r.diverged ? 1 : 0) << ',' << r.seconds << '\n';
    const std::vector<core::AblationSummaryRow> summary = core::summarizeAblation(runs);
    const std::string summaryPath = out + "/ablation_summary.csv";
    std::ostringstream summaryCsv;
    summaryCsv << "variant,median_train_error,median_test_error,failed_runs\n";
    for (const core::AblationSummaryRow& row : summary)
        summaryCsv << row.variant << ',' << row.medianTrainError << ',' << row.medianTestError << ','
                   << row.failedRuns << '\n';
    core::writeFileAtomically<std::runtime_error>(csvPath, csv.str());
    core::writeFileAtomically<std::runtime_error>(summaryPath, summaryCsv.str());

    std::printf("%-22s %22s %21s %7s  %s\n", "variant", "train error median", "test error median", "failed",
                "paper (ResNet-110, CIFAR-10 test error)");
    for (const core::AblationSummaryRow& row : summary)
        std::printf("%-22s %7.3f (%.3f..%.3f) %6.3f (%.3f..%.3f) %4d/%-2d  %s\n", row.variant.c_str(),
                    row.medianTrainError, row.minTrainError, row.maxTrainError, row.medianTestError,
                    row.minTestError, row.maxTestError, row.failedRuns, row.runs,
                    row.paper.empty() ? "-" : (row.paper == "fail" ? "fail (> 20%)" : row.paper + "%").c_str());

    ensureOffscreenApp();
    QCustomPlot plot;
    ui::AblationFigureOptions figure;
    figure.chance = 1.0 - 1.0 / std::max(1, data.classes);
    figure.title = QStringLiteral("Block design at %1 layers (%2, %3 seeds)")
                       .arg(config.depth)
                       .arg(QString::fromStdString(data.name))
                       .arg(config.seeds.size());
    ui::drawAblationFigure(plot, summary, figure);
    const QString pngPath = QString::fromStdString(out + "/ablation.png");
    const QString error = ui::savePlot(plot, pngPath, 1100, 60 + 38 * int(summary.size()) + 80);
    if (!error.isEmpty())
        throw std::runtime_error(error.toStdString());
    std::cerr << "wrote " << csvPath << ", " << summaryPath << " and " << pngPath.toStdString() << "\n";
    return kOk;
}

}  // namespace cli
