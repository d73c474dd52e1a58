// resnetlab-cli sweep: the depth sweep (plain vs residual), written as sweep.csv,
// sweep_curves.csv and sweep.png (final training error against depth) into --out DIR.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/offscreen_app.h"
#include "app/cli/progress.h"
#include "app/cli/train_options.h"

#include "core/experiments/ablation.h"
#include "core/experiments/depth_sweep.h"
#include "core/io/file_io.h"
#include "ui/plots/figure_export.h"
#include "ui/plots/sweep_figure.h"

#include <qcustomplot.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cli {

namespace {

// What the sweep will do, before the data is loaded: "18 runs (2 families x 3 depths x 3 seeds:
// 8, 20, 44) on fashion-mnist (first 3000 training and 1000 test images, resampled to 14x14);
// width 8, 6 epochs, batch 64, lr 0.05".
std::string plan(const core::SweepConfig& c) {
    std::ostringstream s;
    s << c.families.size() * c.depths.size() * c.seeds.size() << " runs (" << c.families.size() << " families x "
      << c.depths.size() << " depths x " << c.seeds.size() << " seeds; depths";
    for (std::size_t i = 0; i < c.depths.size(); ++i)
        s << (i ? ", " : " ") << c.depths[i];
    s << ") on " << c.data;
    std::vector<std::string> notes;
    const core::DataOptions& d = c.dataOptions;
    if (d.maxTrain > 0)
        notes.push_back("first " + std::to_string(d.maxTrain) + " training samples");
    if (d.maxTest > 0)
        notes.push_back("first " + std::to_string(d.maxTest) + " test samples");
    if (d.imageSize > 0)
        notes.push_back("images resampled to " + std::to_string(d.imageSize) + "x" + std::to_string(d.imageSize));
    for (std::size_t i = 0; i < notes.size(); ++i)
        s << (i ? ", " : " (") << notes[i] << (i + 1 == notes.size() ? ")" : "");
    s << "; width " << c.width << ", " << c.train.epochs << " epochs, batch " << c.train.batchSize << ", lr "
      << c.train.learningRate;
    if (c.train.warmupEpochs > 0)
        s << " (" << c.train.warmupEpochs << "-epoch warm-up)";
    return s.str();
}

// The residual family's block at the swept depths: "residual block: original below 200 layers,
// full-preactivation from 200 layers (He et al. 2016 trained ResNet-1001 so; why: ...)", or the
// one design a --block asked for.
std::string residualBlocks(const core::SweepConfig& c) {
    auto name = [](const core::BlockDesign& d) {
        std::string n(core::placementName(d.placement));
        if (d.shortcutVariant != core::ShortcutVariant::None)
            n += ", " + std::string(core::shortcutVariantName(d.shortcutVariant)) + " shortcut";
        if (d.residualScale != core::ResidualScale::None)
            n += ", " + std::string(core::residualScaleName(d.residualScale));
        return n;
    };
    bool shallow = false, deep = false;
    for (int depth : c.depths)
        (c.deepDesignFrom > 0 && depth >= c.deepDesignFrom ? deep : shallow) = true;
    const std::string from = std::to_string(c.deepDesignFrom);
    std::string s = "residual block: ";
    if (shallow)
        s += name(c.residualDesign) + (deep ? " below " + from + " layers" : "");
    if (shallow && deep)
        s += ", ";
    if (deep)
        s += name(c.deepResidualDesign) + " from " + from + " layers (He et al. 2016 trained ResNet-1001 so; "
             "why: core/experiments/depth_sweep.cpp)";
    return s;
}

}  // namespace

int runSweep(const std::vector<std::string>& argv) {
    std::set<std::string> options = trainValueOptions();
    options.insert({"depths", "families", "seeds", "width", "jobs", "out", "block"});
    const Args args(argv, options, trainFlags());
    if (!args.positional().empty())
        throw UsageError("sweep takes no positional arguments (got '" + args.positional()[0] + "')");

    // Image sets start from the image lesson's settings, point sets from the spiral sweep's.
    core::SweepConfig config = core::defaultSweepFor(args.value("data", core::defaultSweep().data));
    readTrainOptions(args, config.train);
    readDataOptions(args, config.data, config.dataOptions);
    config.depths = args.integerList("depths", config.depths, 4, 1202);
    if (args.has("block")) {
        // The residual family's block design, by the ablation's variant names.
        const auto variant = core::ablationVariant(args.value("block"));
        if (!variant || variant->shortcut != core::ShortcutKind::Identity) {
            std::string known;
            for (const core::AblationVariant& v : core::ablationVariants())
                if (v.shortcut == core::ShortcutKind::Identity)
                    known += (known.empty() ? "" : ", ") + v.name;
            throw UsageError("--block: '" + args.value("block") + "' is not a block design (known: " + known + ")");
        }
        config.residualDesign = variant->design;
        config.deepDesignFrom = 0;   // the design asked for, at every depth
        config.batchNorm = variant->batchNorm;
    }
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

    const auto start = std::chrono::steady_clock::now();
    std::cerr << "sweep: " << plan(config) << "\n";
    if (std::find(config.families.begin(), config.families.end(), "residual") != config.families.end())
        std::cerr << residualBlocks(config) << "\n";
    const core::Dataset data = core::loadDataset(config.data, config.dataOptions);
    std::cerr << "data: " << data.train.size() << " training and " << data.test.size() << " test samples of "
              << data.shape.str() << "\n";
    Progress progress(!args.flag("quiet"));
    // Progress in units of work: a run's epoch weighs its depth.
    double totalWork = 0.0, work = 0.0;
    for (int depth : config.depths)
        totalWork += double(depth) * config.train.epochs * double(config.families.size() * config.seeds.size());
    std::vector<int> runDepth;
    for (std::size_t f = 0; f < config.families.size(); ++f)
        for (int depth : config.depths)
            for (std::size_t s = 0; s < config.seeds.size(); ++s)
                runDepth.push_back(depth);
    int done = 0;
    const int total = int(runDepth.size());
    core::SweepCallbacks callbacks;
    callbacks.onEpoch = [&](int run, const core::EpochReport&) {
        work += double(runDepth[std::size_t(run)]);
        char label[96];
        std::snprintf(label, sizeof label, "%d of %d runs done", done, total);
        progress.update(work / totalWork, label);
    };
    callbacks.onRunDone = [&](const core::SweepProgress& p) {
        done = p.done;
        char label[160];
        std::snprintf(label, sizeof label, "%d/%d done: %s %d seed %llu -> train error %.3f", p.done, p.total,
                      p.finished->family.c_str(), p.finished->depth, (unsigned long long)p.finished->seed,
                      p.finished->finalTrainError);
        progress.event(work / totalWork, label);
    };
    const std::vector<core::SweepRun> runs = core::runDepthSweep(config, data, {}, callbacks);
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

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
    std::fprintf(stderr, "sweep finished in %.0f s (data loading included)\n", seconds);
    std::cerr << "wrote " << csvPath << ", " << out << "/sweep_curves.csv and " << pngPath.toStdString() << "\n";
    return kOk;
}

}  // namespace cli
