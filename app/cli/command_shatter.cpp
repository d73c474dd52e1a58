// resnetlab-cli shatter [--depths 1,8,24,50] [--inits N] [--out DIR] ...: the shattered gradients
// problem (Balduzzi et al. 2017): dy/dx of one-input, one-output networks of width 200 at
// initialisation, over 256 inputs on [-2, 2], plain and residual, at each depth and for several
// initialisations. Writes shatter.csv (every gradient), shatter_summary.csv (the lag-1
// autocorrelation, mean over the initialisations) and shatter.png into --out DIR.
#include "app/cli/cli_args.h"
#include "app/cli/commands.h"
#include "app/cli/offscreen_app.h"
#include "app/cli/progress.h"

#include "core/experiments/shattered_gradients.h"
#include "core/io/file_io.h"
#include "ui/plots/figure_export.h"
#include "ui/plots/shatter_figure.h"

#include <qcustomplot.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace cli {

namespace {

void writeCsv(const std::string& out, const core::ShatterResult& r) {
    std::ostringstream csv;
    csv << std::setprecision(10);
    csv << "family,depth,init,x,gradient\n";
    for (const core::ShatterRun& run : r.runs)
        for (std::size_t i = 0; i < run.gradient.size(); ++i)
            csv << run.family << ',' << run.depth << ',' << run.init << ',' << r.x[i] << ',' << run.gradient[i] << '\n';
    std::ostringstream summary;
    summary << std::setprecision(10);
    summary << "family,depth,lag1_correlation\n";
    for (const core::ShatterSummary& s : r.summary)
        summary << s.family << ',' << s.depth << ',' << s.lag1 << '\n';
    core::writeFileAtomically<std::runtime_error>(out + "/shatter.csv", csv.str());
    core::writeFileAtomically<std::runtime_error>(out + "/shatter_summary.csv", summary.str());
}

}  // namespace

int runShatter(const std::vector<std::string>& argv) {
    const Args args(argv, {"depths", "inits", "out", "seed", "width", "points", "families", "max-lag", "threads"},
                    {"quiet"});
    if (!args.positional().empty())
        throw UsageError("shatter takes no positional arguments (got '" + args.positional()[0] + "')");
    core::ShatterConfig config;
    config.depths = args.integerList("depths", config.depths, 1, 1000);
    config.inits = args.integer("inits", config.inits, 1, 10000);
    config.seed = std::uint64_t(args.integer("seed", 0, 0, 1 << 30));
    config.width = args.integer("width", config.width, 1, 4096);
    config.points = args.integer("points", config.points, 3, 100000);
    config.families = args.list("families", config.families);
    config.maxLag = args.integer("max-lag", std::min(config.maxLag, config.points - 1), 1, 100000);
    config.threads = args.integer("threads", 0, 0, 256);
    const std::vector<std::string> problems = core::checkShatterConfig(config);
    if (!problems.empty())
        throw UsageError(problems.front());
    const std::string out = args.value("out", ".");
    std::filesystem::create_directories(out);

    Progress progress(!args.flag("quiet"));
    const auto start = std::chrono::steady_clock::now();
    const core::ShatterResult result = core::runShatteredGradients(config, {}, [&](const core::ShatterProgress& p) {
        progress.update(double(p.done) / double(std::max(1, p.total)),
                        std::to_string(p.done) + "/" + std::to_string(p.total) + " networks");
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();

    std::printf("shattered gradients: width %d, %d inputs on [%g, %g], %d initialisations, %.2f s\n", config.width,
                config.points, config.xMin, config.xMax, config.inits, seconds);
    std::printf("lag-1 autocorrelation of dy/dx (mean over initialisations, min..max)\n%6s", "depth");
    for (const std::string& f : config.families)
        std::printf("   %-24s", f.c_str());
    std::printf("\n");
    for (int depth : config.depths) {
        std::printf("%6d", depth);
        for (const std::string& f : config.families)
            for (const core::ShatterSummary& s : result.summary)
                if (s.family == f && s.depth == depth) {
                    char cell[64];
                    std::snprintf(cell, sizeof cell, "%.3f (%.3f..%.3f)", s.lag1, s.lag1Min, s.lag1Max);
                    std::printf("   %-24s", cell);
                }
        std::printf("\n");
    }
    writeCsv(out, result);

    ensureOffscreenApp();
    QCustomPlot plot;
    ui::ShatterFigureOptions figure;
    figure.title = QStringLiteral("Shattered gradients: dy/dx of a 1-input net of width %1 at initialisation "
                                  "(Balduzzi et al. 2017)")
                       .arg(config.width);
    ui::drawShatterFigure(plot, result, figure);
    const QString pngPath = QString::fromStdString(out + "/shatter.png");
    const QString error = ui::savePlot(plot, pngPath, 1500, std::max(600, 200 + 130 * int(config.depths.size())));
    if (!error.isEmpty())
        throw std::runtime_error(error.toStdString());
    std::cerr << "wrote " << out << "/shatter.csv, " << out << "/shatter_summary.csv and " << pngPath.toStdString()
              << "\n";
    return kOk;
}

}  // namespace cli
