// resnetlab-event-latency: how responsive the window stays while training runs at full speed.
// It shows the training workspace (the views draw as they would on screen), trains a network
// with probes, the decision map and (optionally) the twin, and meanwhile a helper thread posts
// an event to the main thread every 5 ms; the delay until each one is handled is the event-
// loop latency a click or a key press would feel. Reported: p50/p90/p99/max latency in ms,
// and how many snapshots per second reach the plots (progress, probes, decision maps).
//
//   resnetlab-event-latency [--seconds 10] [--preset spiral-residual-32] [--twin] [--view curves|flow]
//                           [--epochs 100000] [--data spiral] [--size 2000]
// One JSON line on stdout, a readable summary on stderr.
#include "core/spec/presets.h"
#include "ui/document/network_document.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"
#include "ui/workspace/training_workspace.h"
#include "ui/views/curves_view.h"
#include "ui/views/decision_map_view.h"
#include "ui/views/flow_view.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, std::size_t(p / 100.0 * double(v.size() - 1) + 0.5));
    return v[i];
}

}  // namespace

int main(int argc, char** argv) {
    if (!std::getenv("DISPLAY") && !std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Event-loop latency of the window while training"));
    parser.addHelpOption();
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("measuring time"), QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption presetOption(QStringLiteral("preset"), QStringLiteral("network preset"), QStringLiteral("name"),
                                          QStringLiteral("spiral-residual-32"));
    const QCommandLineOption twinOption(QStringLiteral("twin"), QStringLiteral("train the twin alongside"));
    const QCommandLineOption viewOption(QStringLiteral("view"), QStringLiteral("visible view"), QStringLiteral("name"),
                                        QStringLiteral("curves"));
    const QCommandLineOption epochsOption(QStringLiteral("epochs"), QStringLiteral("epochs"), QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption dataOption(QStringLiteral("data"), QStringLiteral("data set"), QStringLiteral("name"), QStringLiteral("spiral"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("samples"), QStringLiteral("n"), QStringLiteral("2000"));
    parser.addOptions({secondsOption, presetOption, twinOption, viewOption, epochsOption, dataOption, sizeOption});
    parser.process(app);
    const double seconds = parser.value(secondsOption).toDouble();

    ui::JobRunner jobs;
    ui::Results results;
    ui::NetworkDocument document;
    document.reset(core::presetByName(parser.value(presetOption).toStdString()));
    ui::TrainingWorkspace workspace(&document, results, jobs);
    workspace.setAskBeforeStopping(false);
    workspace.resize(1600, 1000);
    workspace.show();
    workspace.selectView(parser.value(viewOption));
    workspace.panel()->setDataSet(parser.value(dataOption));
    workspace.panel()->setDataSize(parser.value(sizeOption).toInt());
    workspace.panel()->setEpochs(parser.value(epochsOption).toInt());
    workspace.panel()->setTwin(parser.isSet(twinOption));

    // What reaches the plots.
    long long progress = 0, probes = 0, maps = 0;
    long long firstStep = -1, lastStep = 0;
    ui::TrainingController* controller = workspace.controller();
    QObject::connect(controller, &ui::TrainingController::progress, [&](const ui::ProgressSnapshot& p) {
        ++progress;
        if (p.run == ui::kMainRun) {
            if (firstStep < 0)
                firstStep = p.step;
            lastStep = p.step;
        }
    });
    QObject::connect(controller, &ui::TrainingController::probes, [&](const ui::ProbeSnapshot&) { ++probes; });
    QObject::connect(controller, &ui::TrainingController::decisionMap, [&](const ui::DecisionMapSnapshot&) { ++maps; });

    // Latency: a helper thread posts a timestamped call every 5 ms; the main thread records
    // how long it waited.
    QObject receiver;
    std::vector<double> latencies;
    latencies.reserve(100000);
    std::atomic<bool> measuring{false};
    std::jthread poster([&](std::stop_token stop) {
        while (!stop.stop_requested()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (!measuring.load())
                continue;
            const auto posted = std::chrono::steady_clock::now();
            QMetaObject::invokeMethod(
                &receiver,
                [&latencies, posted] {
                    latencies.push_back(
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - posted).count());
                },
                Qt::QueuedConnection);
        }
    });

    if (!workspace.startTraining()) {
        std::fprintf(stderr, "cannot start training\n");
        return 1;
    }
    // Measure from the first snapshot on (the data is loaded and the networks built).
    QElapsedTimer clock;
    clock.start();
    while (progress == 0 && clock.elapsed() < 60000)
        app.processEvents(QEventLoop::WaitForMoreEvents, 50);
    progress = probes = maps = 0;
    firstStep = -1;
    auto mainThreadCpu = [] {
        rusage usage{};
        getrusage(RUSAGE_THREAD, &usage);
        return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
    };
    const double cpuBefore = mainThreadCpu();
    measuring = true;
    clock.start();
    QTimer::singleShot(int(seconds * 1000), &app, &QCoreApplication::quit);
    app.exec();
    measuring = false;
    const double elapsed = clock.elapsed() / 1000.0;
    const double busy = (mainThreadCpu() - cpuBefore) / elapsed;   // share of one core
    poster.request_stop();
    poster.join();
    app.processEvents();
    QElapsedTimer stopClock;
    stopClock.start();
    workspace.stopAndWait();
    const double stopMs = stopClock.elapsed();

    const double p50 = percentile(latencies, 50), p90 = percentile(latencies, 90), p99 = percentile(latencies, 99);
    const double worst = latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end());
    const double stepsPerSecond = firstStep >= 0 ? double(lastStep - firstStep) / elapsed : 0.0;
    std::printf("{\"preset\":\"%s\",\"twin\":%s,\"view\":\"%s\",\"seconds\":%.2f,\"samples\":%zu,"
                "\"latency_ms\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
                "\"snapshots_per_s\":{\"progress\":%.1f,\"probes\":%.1f,\"decision_maps\":%.1f},"
                "\"training_steps_per_s\":%.0f,\"main_thread_busy\":%.2f,\"stop_ms\":%.0f}\n",
                qPrintable(parser.value(presetOption)), parser.isSet(twinOption) ? "true" : "false",
                qPrintable(parser.value(viewOption)), elapsed, latencies.size(), p50, p90, p99, worst,
                progress / elapsed, probes / elapsed, maps / elapsed, stepsPerSecond, busy, stopMs);
    std::fprintf(stderr,
                 "event-loop latency over %.1f s (%zu samples): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms\n"
                 "snapshots reaching the plots: %.1f progress/s, %.1f probes/s, %.1f decision maps/s; "
                 "training at %.0f steps/s (main run); the window's thread was busy %.0f%% of the time; stop took %.0f ms\n",
                 elapsed, latencies.size(), p50, p90, p99, worst, progress / elapsed, probes / elapsed, maps / elapsed,
                 stepsPerSecond, 100.0 * busy, stopMs);
    // What one repaint of each visible plot costs (QCustomPlot's running average).
    std::fprintf(stderr, "replot ms: loss %.1f, error %.1f, decision map %.1f, flow heat map %.1f, flow gradient %.1f\n",
                 workspace.curvesView()->lossPlot()->replotTime(true), workspace.curvesView()->errorPlot()->replotTime(true),
                 workspace.curvesView()->decisionMap()->plot()->replotTime(true),
                 workspace.flowView()->heatPlot()->replotTime(true), workspace.flowView()->gradientPlot()->replotTime(true));
    return 0;
}
