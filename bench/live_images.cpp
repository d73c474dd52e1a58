// resnetlab-live-images: the window while a conv net trains on images. It shows the training
// workspace, trains a 6n+2 conv net on Fashion-MNIST (or the generated shapes), and measures
//   - how often the live views get something new: progress snapshots (the curves), probes (the
//     flow view) and predictions (the image-predictions view), per second, and how often the
//     curves' loss plot and the confusion matrix actually repaint;
//   - how long Stop takes: from TrainingController::stop() to the session's finished(), for
//     stops at several moments of a step (--stops of them, each after a different delay).
//
//   resnetlab-live-images [--seconds 10] [--n 3] [--width 16] [--side 28] [--plain] [--batch 128]
//                         [--data fashion-mnist] [--max-train 0] [--stops 5] [--view curves] [--spin]
// One JSON line on stdout, a readable summary on stderr. Fashion-MNIST needs Debian's
// dataset-fashion-mnist package; --side 14 or 7 trains on it resampled.
#include "core/parallel.h"
#include "core/spec/presets.h"
#include "ui/document/network_document.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"
#include "ui/views/curves_view.h"
#include "ui/views/flow_view.h"
#include "ui/views/image_predictions_view.h"
#include "ui/workspace/training_workspace.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <string_view>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

// Runs the event loop until `done` or `ms` have passed; false on time-out.
template <class Done>
bool waitFor(QApplication& app, Done done, int ms) {
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < ms)
        app.processEvents(QEventLoop::WaitForMoreEvents, 10);
    return done();
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    // As the app does (app/main.cpp), unless --spin asks for OpenMP's default, spinning waits.
    if (std::none_of(argv + 1, argv + argc, [](const char* a) { return std::string_view(a) == "--spin"; }))
        core::relaunchWithPassiveOpenMp(argv);
    if (!std::getenv("DISPLAY") && !std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Live views and Stop while a conv net trains on images"));
    parser.addHelpOption();
    auto option = [&](const char* name, const char* help, const char* value) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help), QStringLiteral("v"),
                             QString::fromLatin1(value));
        parser.addOption(o);
        return o;
    };
    const auto secondsOption = option("seconds", "measuring time of the live views", "10");
    const auto nOption = option("n", "blocks per stage (depth 6n+2)", "3");
    const auto widthOption = option("width", "base width (channels of stage 1)", "16");
    const auto sideOption = option("side", "input side (28, or 14 / 7 resampled)", "28");
    const auto batchOption = option("batch", "batch size", "128");
    const auto dataOption = option("data", "data set", "fashion-mnist");
    const auto maxTrainOption = option("max-train", "training samples (0 = all)", "0");
    const auto stopsOption = option("stops", "Stop presses to time", "5");
    const auto viewOption = option("view", "visible view", "curves");
    const QCommandLineOption plainOption(QStringLiteral("plain"), QStringLiteral("the plain net (default residual)"));
    parser.addOption(plainOption);
    parser.addOption(QCommandLineOption(QStringLiteral("spin"),
                                        QStringLiteral("keep OpenMP's spinning waits (the app makes them passive)")));
    parser.process(app);
    const double seconds = parser.value(secondsOption).toDouble();

    core::CifarOptions o;
    o.n = parser.value(nOption).toInt();
    o.residual = !parser.isSet(plainOption);
    o.baseWidth = parser.value(widthOption).toInt();
    const int side = parser.value(sideOption).toInt();
    const QString dataName = parser.value(dataOption);
    o.channels = 1;
    o.height = o.width = side;
    o.classes = dataName == QLatin1String("shapes") ? 8 : 10;

    ui::JobRunner jobs;
    ui::Results results;
    ui::NetworkDocument document;
    document.reset(core::cifarResNet(o));
    ui::TrainingWorkspace workspace(&document, results, jobs);
    workspace.setAskBeforeStopping(false);
    workspace.resize(1600, 1000);
    workspace.show();
    workspace.selectView(parser.value(viewOption));
    core::DataOptions data;
    data.maxTrain = parser.value(maxTrainOption).toInt();
    core::TrainConfig config;
    config.epochs = 1000;
    config.batchSize = parser.value(batchOption).toInt();
    workspace.panel()->setSettings(dataName, data, config);

    long long progress = 0, probes = 0, predictions = 0, lossReplots = 0, confusionReplots = 0;
    long long firstStep = -1, lastStep = 0;
    ui::TrainingController* controller = workspace.controller();
    QObject::connect(controller, &ui::TrainingController::progress, [&](const ui::ProgressSnapshot& p) {
        ++progress;
        if (firstStep < 0)
            firstStep = p.step;
        lastStep = p.step;
    });
    QObject::connect(controller, &ui::TrainingController::probes, [&](const ui::ProbeSnapshot&) { ++probes; });
    QObject::connect(controller, &ui::TrainingController::predictions, [&](const ui::PredictionSnapshot&) { ++predictions; });
    QObject::connect(workspace.curvesView()->lossPlot(), &QCustomPlot::afterReplot, [&] { ++lossReplots; });
    QObject::connect(workspace.curvesView()->images()->confusionPlot(), &QCustomPlot::afterReplot, [&] { ++confusionReplots; });
    int finishedSession = -1;
    QObject::connect(controller, &ui::TrainingController::finished, [&](int session) { finishedSession = session; });

    // 1. The live views, from the first progress snapshot on (data loaded, nets built).
    if (!workspace.startTraining()) {
        std::fprintf(stderr, "cannot start training\n");
        return 1;
    }
    if (!waitFor(app, [&] { return progress > 0; }, 120000)) {
        std::fprintf(stderr, "no progress within 120 s\n");
        return 1;
    }
    progress = probes = predictions = lossReplots = confusionReplots = 0;
    firstStep = -1;
    QElapsedTimer clock;
    clock.start();
    waitFor(app, [] { return false; }, int(seconds * 1000));
    const double elapsed = clock.elapsed() / 1000.0;
    const double steps = firstStep >= 0 ? double(lastStep - firstStep) : 0.0;
    // The rates of the measuring window, before the Stop presses below count on.
    const double progressRate = progress / elapsed, probeRate = probes / elapsed,
                 predictionRate = predictions / elapsed, lossReplotRate = lossReplots / elapsed,
                 confusionReplotRate = confusionReplots / elapsed;

    // 2. Stop, pressed at different moments of a step.
    std::vector<double> stops;
    const int presses = parser.value(stopsOption).toInt();
    for (int k = 0; k < presses; ++k) {
        if (k > 0) {
            progress = 0;
            if (!workspace.startTraining() || !waitFor(app, [&] { return progress > 0; }, 120000))
                break;
        }
        waitFor(app, [] { return false; }, 700 + 173 * k);   // another phase of the step each time
        finishedSession = -1;
        QElapsedTimer stopClock;
        stopClock.start();
        controller->stop();
        const int session = controller->session();
        if (!waitFor(app, [&] { return finishedSession == session; }, 60000))
            break;
        stops.push_back(double(stopClock.nsecsElapsed()) / 1e6);
    }
    const double worstStop = stops.empty() ? 0.0 : *std::max_element(stops.begin(), stops.end());

    std::printf("{\"net\":\"%s\",\"data\":\"%s\",\"side\":%d,\"batch\":%d,\"seconds\":%.2f,"
                "\"snapshots_per_s\":{\"progress\":%.2f,\"probes\":%.2f,\"predictions\":%.2f},"
                "\"replots_per_s\":{\"loss\":%.2f,\"confusion\":%.2f},\"seconds_per_step\":%.3f,"
                "\"stop_ms\":{\"median\":%.0f,\"max\":%.0f,\"presses\":%zu}}\n",
                document.spec().name.c_str(), qPrintable(dataName), side, config.batchSize, elapsed,
                progressRate, probeRate, predictionRate, lossReplotRate, confusionReplotRate,
                steps > 0 ? elapsed / steps : 0.0, median(stops), worstStop, stops.size());
    std::fprintf(stderr,
                 "%s on %s (%dx%d, batch %d), %.1f s: %.1f progress/s (curves), %.1f probes/s (flow), %.1f "
                 "predictions/s (images); repaints: loss plot %.1f/s, confusion %.1f/s; %.2f s per step\n"
                 "Stop: median %.0f ms, max %.0f ms over %zu presses\n",
                 document.spec().name.c_str(), qPrintable(dataName), side, side, config.batchSize, elapsed,
                 progressRate, probeRate, predictionRate, lossReplotRate, confusionReplotRate,
                 steps > 0 ? elapsed / steps : 0.0, median(stops), worstStop, stops.size());
    return 0;
}
