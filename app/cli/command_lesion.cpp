// resnetlab-cli lesion [SPEC_OR_BUNDLE] [--out DIR] [--draws N] [--max-removed K] [--seed S] ...:
// the lesion study (Veit et al. 2016) on a trained plain network and its residual twin; without
// SPEC_OR_BUNDLE, on a plain net that trains (16 layers) and a deeper residual net (56 layers),
// core::defaultLesionNetworks(), or on twins of --depth N layers. Writes
// lesion.csv (every evaluation: the intact network, each single block removed, and the random
// sets of k blocks), lesion_summary.csv (error against k: mean, std, min, max over the draws)
// and lesion.png into --out DIR; --save-bundle FILE keeps the networks and results in a run
// bundle that this command (and the GUI) can open again without training.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/experiment_setup.h"
#include "app/cli/offscreen_app.h"
#include "app/cli/progress.h"

#include "core/experiments/lesion_study.h"
#include "core/io/file_io.h"
#include "core/spec/spec_analysis.h"
#include "ui/plots/figure_export.h"
#include "ui/plots/lesion_figure.h"

#include <qcustomplot.h>

#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace cli {

namespace {

std::string joined(const std::vector<int>& blocks) {
    std::string s;
    for (int b : blocks) {
        if (!s.empty())
            s += ' ';
        s += std::to_string(b);
    }
    return s;
}

void writeCsv(const std::string& out, const std::vector<core::LesionResult>& results) {
    std::ostringstream csv;
    csv << std::setprecision(10);
    csv << "family,set,removed_blocks,draw,removed,test_error,test_loss\n";
    for (const core::LesionResult& r : results) {
        csv << r.label << ",baseline,0,0,," << r.baselineError << ',' << r.baselineLoss << '\n';
        for (const core::SingleLesion& s : r.single)
            if (s.removable)
                csv << r.label << ",single,1,0," << s.block << ',' << s.testError << ',' << s.testLoss << '\n';
        for (const core::LesionDraw& d : r.draws)
            csv << r.label << ",random," << d.removedCount << ',' << d.draw << ',' << joined(d.removed) << ','
                << d.testError << ',' << d.testLoss << '\n';
    }
    std::ostringstream summary;
    summary << std::setprecision(10);
    summary << "family,removed_blocks,draws,mean_error,std_error,min_error,max_error,mean_loss\n";
    for (const core::LesionResult& r : results)
        for (const core::LesionPoint& p : r.curve)
            summary << r.label << ',' << p.removedCount << ',' << p.draws << ',' << p.meanError << ',' << p.stdError
                    << ',' << p.minError << ',' << p.maxError << ',' << p.meanLoss << '\n';
    core::writeFileAtomically<std::runtime_error>(out + "/lesion.csv", csv.str());
    core::writeFileAtomically<std::runtime_error>(out + "/lesion_summary.csv", summary.str());
}

void printSummary(const std::vector<core::LesionResult>& results) {
    std::printf("test error against the number of blocks removed at once: mean (min..max) over the draws\n");
    std::printf("%4s", "k");
    for (const core::LesionResult& r : results)
        std::printf("   %-24s", (r.label + " (" + std::to_string(r.depth) + " layers)").c_str());
    std::printf("\n");
    std::size_t rows = 0;
    for (const core::LesionResult& r : results)
        rows = std::max(rows, r.curve.size());
    for (std::size_t i = 0; i < rows; ++i) {
        int k = -1;
        for (const core::LesionResult& r : results)
            if (i < r.curve.size())
                k = r.curve[i].removedCount;
        std::printf("%4d", k);
        for (const core::LesionResult& r : results) {
            char cell[64] = "-";
            if (i < r.curve.size())
                std::snprintf(cell, sizeof cell, "%.3f (%.3f..%.3f)", r.curve[i].meanError, r.curve[i].minError,
                              r.curve[i].maxError);
            std::printf("   %-24s", cell);
        }
        std::printf("\n");
    }
    for (const core::LesionResult& r : results) {
        double sum = 0, worst = 0;
        int count = 0, worstBlock = -1;
        for (const core::SingleLesion& s : r.single)
            if (s.removable) {
                sum += s.testError;
                ++count;
                if (s.testError > worst)
                    worst = s.testError, worstBlock = s.block;
            }
        if (count > 0)
            std::printf("%s: one block removed: mean test error %.3f over %d blocks (intact %.3f), worst %.3f "
                        "(block %d)\n",
                        r.label.c_str(), sum / count, count, r.baselineError, worst, worstBlock);
        for (const std::string& note : r.notes)
            std::fprintf(stderr, "%s: %s\n", r.label.c_str(), note.c_str());
    }
}

}  // namespace

int runLesion(const std::vector<std::string>& argv) {
    std::set<std::string> options = experimentValueOptions();
    options.insert({"out", "draws", "max-removed"});
    const Args args(argv, options, experimentFlags());
    core::LesionConfig config;
    config.draws = args.integer("draws", config.draws, 1, 100000);
    const int maxRemoved = args.integer("max-removed", 0, 1, 100000);
    config.seed = std::uint64_t(args.integer("seed", 0, 0, 1 << 30));
    const std::string out = args.value("out", ".");

    Experiment ex;
    try {
        ex = prepareExperiment(args, {"plain", "residual"}, true, true, {}, core::defaultLesionNetworks());
    } catch (const TrainingDiverged& e) {
        std::cerr << "resnetlab-cli lesion: " << e.what() << "\n";
        return kDiverged;
    }
    std::filesystem::create_directories(out);

    std::vector<core::LesionResult> results;
    Progress progress(!args.flag("quiet"));
    for (core::TrainedNetwork& net : ex.nets) {
        core::LesionConfig c = config;
        if (maxRemoved > 0) {
            c.removedCounts.clear();
            for (int k = 1; k <= maxRemoved; ++k)
                c.removedCounts.push_back(k);
        }
        core::LesionResult r = core::runLesionStudy(*net.net, ex.data.test, c, {}, [&](const core::LesionProgress& p) {
            progress.update(double(p.done) / double(std::max(1, p.total)), net.family + ": lesions");
        });
        r.label = net.family;
        r.depth = core::analyze(net.spec).depth;
        results.push_back(std::move(r));
    }
    progress.finish();
    std::printf("lesion study on %s (test split, %ld samples), %d draws per k\n", ex.data.name.c_str(),
                long(ex.data.test.size()), config.draws);
    printSummary(results);
    writeCsv(out, results);

    if (args.has("save-bundle")) {
        core::RunBundle bundle = experimentBundle(ex, "lesion study: " + ex.source);
        bundle.lesion = results;
        core::saveBundleFile(bundle, args.value("save-bundle"));
        std::cerr << "wrote " << args.value("save-bundle") << "\n";
    }

    ensureOffscreenApp();
    QCustomPlot plot;
    ui::LesionFigureOptions figure;
    QStringList names;
    for (const core::TrainedNetwork& net : ex.nets)
        names << QString::fromStdString(net.spec.name);
    figure.title = QStringLiteral("Lesion study: blocks removed at test time (%1 on %2)")
                       .arg(names.join(QStringLiteral(" and ")), QString::fromStdString(ex.data.name));
    figure.chanceError = 1.0 - 1.0 / std::max(1, ex.data.classes);
    ui::drawLesionFigure(plot, results, figure);
    const QString pngPath = QString::fromStdString(out + "/lesion.png");
    const QString error = ui::savePlot(plot, pngPath, 1200, 520);
    if (!error.isEmpty())
        throw std::runtime_error(error.toStdString());
    std::cerr << "wrote " << out << "/lesion.csv, " << out << "/lesion_summary.csv and " << pngPath.toStdString()
              << "\n";
    return kOk;
}

}  // namespace cli
