// resnetlab-cli sweep: the depth sweep (plain vs residual), written as sweep.csv,
// sweep_curves.csv and sweep.png (final training error against depth) into --out DIR.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/offscreen_app.h"
#include "app/cli/progress.h"
#include "app/cli/train_options.h"

#include "core/experiments/depth_sweep.h"
#include "core/io/file_io.h"
#include "ui/plots/figure_export.h"
#include "ui/plots/sweep_figure.h"

#include <qcustomplot.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cli {

int runSweep(const std::vector<std::string>& argv) {
    std::set<std::string> options = trainValueOptions();
    options.insert({"depths", "families", "seeds", "width", "jobs", "out"});
    const Args args(argv, options, trainFlags());
    if (!args.positional().empty())
        throw UsageError("sweep takes no positional arguments (got '" + args.positional()[0] + "')");

    core::SweepConfig config = core::defaultSweep();
    readTrainOptions(args, config.train);
    readDataOptions(args, config.data, config.dataOptions);
    config.depths = args.integerList("depths", config.depths, 4, 1000);
    config.families = args.list("families", config.families);
    std::vector<int> seeds;
    for (std::uint64_t s : config.seeds)
        seeds.push_back(int(s));
    seeds = args.integerList("seeds", seeds, 0, 1 << 30);
    config.seeds.assign(seeds.begin(), seeds.end());
    config.width = args.integer("width", config.width, 1, 4096);
    config.jobs = args.integer("jobs", 0, 0, 256);
    const std::string out = args.value("out", ".");
    const std::vector<std::string> problems = core::checkSweepConfig(config);
    if (!problems.empty())
        throw UsageError(problems.front());
    std::filesystem::create_directories(out);

    const core::Dataset data = core::loadDataset(config.data, config.dataOptions);
    Progress progress(!args.flag("quiet"));
    const int total = int(config.families.size() * config.depths.size() * config.seeds.size());
    std::cerr << "sweep: " << total << " runs (" << config.families.size() << " families x " << config.depths.size()
              << " depths x " << config.seeds.size() << " seeds) on " << data.name << ", " << config.train.epochs
              << " epochs each\n";
    progress.update(0.0, "starting");
    core::SweepCallbacks callbacks;
    callbacks.onRunDone = [&](const core::SweepProgress& p) {
        char label[160];
        std::snprintf(label, sizeof label, "%d/%d done, last: %s %d seed %llu -> train error %.3f", p.done, p.total,
                      p.finished->family.c_str(), p.finished->depth, (unsigned long long)p.finished->seed,
                      p.finished->finalTrainError);
        progress.update(double(p.done) / double(p.total), label);
    };
    const std::vector<core::SweepRun> runs = core::runDepthSweep(config, data, {}, callbacks);
    progress.finish();

    const std::string csvPath = out + "/sweep.csv";
    std::ostringstream csv;
    csv << "family,depth,seed,final_train_error,final_train_loss,final_test_error,final_test_loss,seconds,status\n";
    for (const core::SweepRun& r : runs) {
        const char* status = r.result.status == core::TrainResult::Status::Diverged ? "diverged" : "finished";
        csv << r.family << ',' << r.depth << ',' << r.seed << ',' << r.finalTrainError << ',' << r.finalTrainLoss << ','
            << r.finalTestError << ',' << r.finalTestLoss << ',' << r.seconds << ',' << status << '\n';
    }
    std::ostringstream curves;
    curves << "family,depth,seed,epoch,train_loss,train_error,test_loss,test_error\n";
    for (const core::SweepRun& r : runs)
        for (const core::EpochReport& e : r.result.history)
            curves << r.family << ',' << r.depth << ',' << r.seed << ',' << e.epoch << ',' << e.trainLoss << ','
                   << e.trainError << ',' << e.testLoss << ',' << e.testError << '\n';
    core::writeFileAtomically<std::runtime_error>(csvPath, csv.str());
    core::writeFileAtomically<std::runtime_error>(out + "/sweep_curves.csv", curves.str());

    const std::vector<core::SweepSummaryRow> summary = core::summarizeSweep(runs);
    std::printf("%-9s %6s %5s  %-26s %-26s\n", "family", "depth", "runs", "train error mean (min..max)",
                "test error mean (min..max)");
    for (const core::SweepSummaryRow& row : summary)
        std::printf("%-9s %6d %5d  %.3f (%.3f..%.3f)          %.3f (%.3f..%.3f)\n", row.family.c_str(), row.depth,
                    row.runs, row.meanTrainError, row.minTrainError, row.maxTrainError, row.meanTestError,
                    row.minTestError, row.maxTestError);

    ensureOffscreenApp();
    QCustomPlot plot;
    ui::SweepFigureOptions figure;
    figure.title = QStringLiteral("Training error against depth (%1)").arg(QString::fromStdString(data.name));
    ui::drawSweepFigure(plot, summary, figure);
    const QString pngPath = QString::fromStdString(out + "/sweep.png");
    const QString error = ui::savePlot(plot, pngPath, 900, 600);
    if (!error.isEmpty())
        throw std::runtime_error(error.toStdString());
    std::cerr << "wrote " << csvPath << ", " << out << "/sweep_curves.csv and " << pngPath.toStdString() << "\n";
    return kOk;
}

}  // namespace cli
