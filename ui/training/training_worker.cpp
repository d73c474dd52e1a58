#include "ui/training/training_worker.h"

#include "core/io/weights_file.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/parallel.h"
#include "core/spec/memory_estimate.h"
#include "core/spec/spec_analysis.h"
#include "ui/results/thread_priority.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ui {

struct TrainingWorker::Run {
    int index = kMainRun;
    int session = 0;
    QString family;
    core::Network* net = nullptr;   // in m_nets
    std::shared_ptr<const core::Dataset> data;
    core::TrainConfig config;
    int grid = 64;
    int sampleImages = 24;
    int confusionSamples = 2000;
    bool points2d = false;
    bool predictionsWanted = false;

    // Throttling (each run has its own clocks: the twin runs in another thread).
    QElapsedTimer clock, progressTimer, probeTimer, mapTimer, predictionTimer, stepTimer;
    std::function<void()> onPause;   // at a pause: the progress and the map of the batch done
    qint64 mapCostMs = 0;
    qint64 predictionCostMs = 0;
    // Predictions: the latest predicted class of each confusion sample (-1: not yet), the next
    // sample a snapshot between two epochs goes on from, and what one sample costs.
    std::vector<int> predicted;
    Eigen::Index predictionCursor = 0;
    double predictionMsPerSample = 0;
    bool probeArmed = false;   // probing is on for the batch now running
    long long probeEverySteps = 1;   // short runs: probes by step count too (>= ~150 per run)
    long long stepsSinceProbe = 0;

    // Progress since the last snapshot.
    double lossSum = 0, errorSum = 0;
    int batches = 0;
    core::StepReport last{};
    std::vector<core::EpochReport> epochs;
};

namespace {

// FNV-1a over the raw bytes of a parameter: equal digests mean bit-identical values.
std::uint64_t digest(const Eigen::Map<core::Vector>& v) {
    std::uint64_t h = 1469598103934665603ULL;
    const auto* bytes = reinterpret_cast<const unsigned char*>(v.data());
    for (std::size_t i = 0; i < std::size_t(v.size()) * sizeof(float); ++i) {
        h ^= bytes[i];
        h *= 1099511628211ULL;
    }
    return h;
}

std::string dataKey(const TrainingRequest& r) {
    std::ostringstream s;
    const core::DataOptions& o = r.data;
    s << r.dataName << '|' << o.size << '|' << o.testFraction << '|' << o.seed << '|' << o.noise << '|' << o.classes
      << '|' << o.turns << '|' << o.cells << '|' << o.maxTrain << '|' << o.maxTest << '|' << o.imageSize << '|'
      << o.normalize << '|' << o.labelColumn;
    return s.str();
}

// One image column (C x H x W, standardised) as a picture, contrast stretched per image.
QImage toImage(const core::Matrix& x, Eigen::Index column, const core::Shape& shape) {
    const int h = shape.height, w = shape.width, c = shape.channels;
    const auto col = x.col(column);
    const float lo = col.minCoeff(), hi = col.maxCoeff();
    const float scale = hi > lo ? 255.0f / (hi - lo) : 0.0f;
    QImage image(w, h, QImage::Format_RGB32);
    for (int yy = 0; yy < h; ++yy)
        for (int xx = 0; xx < w; ++xx) {
            auto value = [&](int ch) {
                return std::clamp(int((col((ch * h + yy) * w + xx) - lo) * scale), 0, 255);
            };
            const int r = value(0);
            const int g = c >= 3 ? value(1) : r;
            const int b = c >= 3 ? value(2) : r;
            image.setPixel(xx, yy, qRgb(r, g, b));
        }
    return image;
}

// The thread count the run trains with (core::train's rule), for everything else the worker
// computes on its network: a grid or a test split through a small MLP on two OpenMP threads
// of a busy machine can take a second instead of milliseconds.
int runThreads(core::Network& net, const core::TrainConfig& config) {
    return config.threads > 0 ? config.threads : core::computeThreadsFor(net, config.batchSize);
}

const core::Split& displaySplit(const core::Dataset& data) {
    return data.test.size() > 0 ? data.test : data.train;
}

// Arg-max class of every column of `logits` among the first `classes` rows.
void argmaxInto(const core::Matrix& logits, int classes, std::vector<int>& out) {
    const int rows = std::min<int>(classes, int(logits.rows()));
    for (Eigen::Index j = 0; j < logits.cols(); ++j) {
        Eigen::Index best = 0;
        logits.col(j).head(rows).maxCoeff(&best);
        out.push_back(int(best));
    }
}

}  // namespace

TrainingWorker::TrainingWorker(TrainingSignals* out) : m_out(out) { registerTrainingMetaTypes(); }

TrainingWorker::~TrainingWorker() = default;

template <class Snapshot>
void TrainingWorker::publish(void (TrainingSignals::*signal)(const Snapshot&), Snapshot snapshot) const {
    m_ctx->deliver([out = m_out, signal, snapshot = std::move(snapshot)] { (out->*signal)(snapshot); });
}

std::shared_ptr<const core::Dataset> TrainingWorker::dataFor(const TrainingRequest& request) {
    const std::string key = dataKey(request);
    if (!m_data || key != m_dataKey) {
        m_data.reset();
        m_data = std::make_shared<const core::Dataset>(core::loadDataset(request.dataName, request.data));
        m_dataKey = key;
    }
    return m_data;
}

void TrainingWorker::emitData(const core::Dataset& d, const TrainingRequest& request, int session) {
    const bool points2d = !d.shape.spatial && d.shape.size() == 2;
    DataSnapshot ds;
    ds.session = session;
    ds.name = QString::fromStdString(d.name);
    ds.classes = d.classes;
    for (const std::string& n : d.classNames)
        ds.classNames << QString::fromStdString(n);
    ds.trainSize = d.train.size();
    ds.testSize = d.test.size();
    ds.points2d = points2d;
    ds.images = d.shape.spatial;
    if (points2d) {
        // At most ~3000 points are drawn; the window is the data's extent plus a margin.
        const Eigen::Index n = d.train.size();
        const Eigen::Index stride = std::max<Eigen::Index>(1, n / 3000);
        for (Eigen::Index j = 0; j < n; j += stride) {
            ds.x << d.train.x(0, j);
            ds.y << d.train.x(1, j);
            ds.labels << d.train.y(j);
        }
        const float x0 = d.train.x.row(0).minCoeff(), x1 = d.train.x.row(0).maxCoeff();
        const float y0 = d.train.x.row(1).minCoeff(), y1 = d.train.x.row(1).maxCoeff();
        const double mx = 0.1 * std::max(1e-3f, x1 - x0), my = 0.1 * std::max(1e-3f, y1 - y0);
        m_xMin = x0 - mx, m_xMax = x1 + mx, m_yMin = y0 - my, m_yMax = y1 + my;
    } else if (d.shape.spatial) {
        const core::Split& s = displaySplit(d);
        for (Eigen::Index j = 0; j < std::min<Eigen::Index>(request.sampleImages, s.size()); ++j) {
            ds.sampleImages << toImage(s.columns(j, 1), 0, d.shape);
            ds.sampleLabels << s.y(j);
        }
    }
    publish(&TrainingSignals::dataReady, ds);
}

void TrainingWorker::run(const TrainingRequest& request, RunControl& control, int session, JobContext& ctx) {
    m_ctx = &ctx;
    m_runs.clear();
    m_nets.clear();
    m_savedBranches.clear();
    m_session = session;
    try {
        if (control.stopRequested())
            return;
        const std::shared_ptr<const core::Dataset> data = dataFor(request);
        emitData(*data, request, session);

        // The twins are built and initialised by core before either trains: the same seed, so
        // every layer they share starts from the same values, and the same config, so the
        // batches come in the same order.
        std::vector<core::NetworkSpec> specs{request.spec};
        if (request.twin)
            specs.push_back(request.twinSpec);
        for (const core::NetworkSpec& spec : specs)
            checkMemoryBudget(spec, request);
        core::TrainConfig config = request.config;
        config.probeInterval = 0;   // probing is armed here, by time (see callbacks())
        m_nets = core::prepareNetworks(specs, *data, config);
        const bool points2d = !data->shape.spatial && data->shape.size() == 2;
        for (std::size_t i = 0; i < m_nets.size(); ++i) {
            auto r = std::make_unique<Run>();
            r->index = int(i);
            r->session = session;
            r->net = m_nets[i].net.get();
            r->family = QString::fromStdString(m_nets[i].family);
            r->data = data;
            r->config = config;
            if (request.twin)
                r->config.threads = 1;   // Eigen's thread count is global: the twins share a core each
            r->grid = std::clamp(request.grid, 8, 256);
            r->sampleImages = request.sampleImages;
            r->confusionSamples = request.confusionSamples;
            r->points2d = points2d;
            r->predictionsWanted = !points2d;

            RunStartedSnapshot started;
            started.session = session;
            started.run = int(i);
            started.family = r->family;
            started.networkName = QString::fromStdString(m_nets[i].spec.name);
            started.parameters = r->net->parameterCount();
            started.depth = core::analyze(m_nets[i].spec).depth;
            started.stepsPerEpoch = core::stepsPerEpoch(data->train.size(), r->config);
            started.epochs = r->config.epochs;
            started.totalSteps = started.stepsPerEpoch * started.epochs;
            for (const core::ParamView& p : r->net->params())
                started.initialDigest.emplace_back(p.name, digest(p.value));
            publish(&TrainingSignals::runStarted, started);
            m_runs.push_back(std::move(r));
        }

        core::TwinHooks hooks;
        hooks.sideBySide = true;   // the twins advance together on screen, also on one core
        hooks.beforeTraining = [&](int i, core::TrainedNetwork&) { beforeTraining(*m_runs[std::size_t(i)], request, control); };
        hooks.callbacks = [&](int i) { return callbacks(*m_runs[std::size_t(i)], control); };
        hooks.afterTraining = [&](int i, core::TrainedNetwork& t) { afterTraining(*m_runs[std::size_t(i)], request, t.result, control); };
        const std::vector<std::exception_ptr> errors =
            core::trainPrepared(m_nets, *data, config, control.stopToken(), hooks);
        for (std::size_t i = 0; i < errors.size(); ++i) {
            m_nets[i].net->setProbing(false);
            m_runs[i]->probeArmed = false;
            if (!errors[i])
                continue;
            const QString who = m_runs[i]->family;
            try {
                std::rethrow_exception(errors[i]);
            } catch (const std::bad_alloc&) {
                publish(&TrainingSignals::failed, QStringLiteral("Cannot train %1: out of memory").arg(who));
            } catch (const std::exception& e) {
                publish(&TrainingSignals::failed, QStringLiteral("Cannot train %1: %2").arg(who, QString::fromStdString(e.what())));
            } catch (...) {
                publish(&TrainingSignals::failed, QStringLiteral("Cannot train %1: unknown error").arg(who));
            }
        }
        control.drain();
    } catch (const std::bad_alloc&) {
        publish(&TrainingSignals::failed, QStringLiteral("Cannot train: out of memory. %1").arg(m_memoryMessage));
        m_memoryMessage.clear();
    } catch (const std::exception& e) {
        publish(&TrainingSignals::failed, QStringLiteral("Cannot train: %1").arg(QString::fromStdString(e.what())));
    } catch (...) {
        publish(&TrainingSignals::failed, QStringLiteral("Cannot train: unknown error"));
    }
    m_ctx = nullptr;
}

void TrainingWorker::checkMemoryBudget(const core::NetworkSpec& spec, const TrainingRequest& request) {
    std::int64_t budget = request.memoryBudgetBytes;
    if (budget <= 0) {
        const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
        budget = pages > 0 && pageSize > 0 ? std::int64_t(pages) * pageSize / 2 : (std::int64_t(4) << 30);
    }
    const std::int64_t need = core::estimateTrainingBytes(spec, request.config.batchSize);
    if (need > budget) {
        m_memoryMessage = QStringLiteral("%1 with batch %2 needs about %3, more than the %4 it may use; "
                                         "use a smaller batch or a narrower network")
                              .arg(QString::fromStdString(spec.name))
                              .arg(request.config.batchSize)
                              .arg(QString::fromStdString(core::formatBytes(need)),
                                   QString::fromStdString(core::formatBytes(budget)));
        throw std::bad_alloc();
    }
}

void TrainingWorker::beforeTraining(Run& r, const TrainingRequest& request, RunControl& control) {
    lowerThreadPriority();
    r.clock.start();
    r.progressTimer.start();
    r.probeTimer.start();
    r.mapTimer.start();
    r.predictionTimer.start();
    r.stepTimer.start();
    r.probeEverySteps = std::max<long long>(1, core::stepsPerEpoch(r.data->train.size(), r.config) * r.config.epochs / 150);
    r.onPause = [this, &r] {
        emitProgress(r, true);
        if (r.points2d)
            emitDecisionMap(r);
    };

    // Step 0: the flow at initialisation and the untrained decision regions.
    emitProbesOnFirstBatch(r, request, 0);
    if (r.points2d)
        emitDecisionMap(r);
    if (r.predictionsWanted)
        emitPredictions(r, 0, true);
    control.checkpoint(r.index, r.index == kMainRun, r.onPause);
}

core::TrainCallbacks TrainingWorker::callbacks(Run& r, RunControl& control) {
    core::TrainCallbacks callbacks;
    // When core::train is done with the callbacks (returned or threw), the run leaves the
    // lockstep, so its twin does not wait for it.
    std::shared_ptr<void> leaveWhenDone(nullptr, [&control, run = r.index](void*) { control.leave(run); });
    callbacks.onStep = [this, &r, &control, leaveWhenDone](const core::StepReport& s, core::Network& net) {
        const qint64 stepMs = r.stepTimer.restart();   // this step and the last callbacks
        r.lossSum += s.loss;
        r.errorSum += s.error;
        ++r.batches;
        r.last = s;
        if (r.probeArmed) {
            // The batch just done ran with probing on: its activations and gradients are read
            // before anything else runs through the network.
            ProbeSnapshot p;
            p.session = r.session;
            p.run = r.index;
            p.report = core::readProbes(net, s.step);
            net.setProbing(false);
            r.probeArmed = false;
            r.probeTimer.restart();
            r.stepsSinceProbe = 0;
            publish(&TrainingSignals::probes, std::move(p));
        }
        ++r.stepsSinceProbe;
        // The map costs one forward pass over the grid: at most every 250 ms, and never more
        // than about an eighth of the time.
        if (r.points2d && r.mapTimer.elapsed() >= std::max<qint64>(kProbeMs, 8 * r.mapCostMs))
            emitDecisionMap(r);
        // Image predictions about twice a second between epochs too (a conv net's epoch can
        // take minutes): the shown images and a share of the confusion samples, never more than
        // about a sixth of the time. Now, when waiting for the next step's end would leave more
        // than a period between two snapshots: waiting for the period to pass first made a
        // 300-ms step's snapshots 600 ms apart.
        const qint64 predictionPeriod = std::max<qint64>(kPredictionMs, 5 * r.predictionCostMs);
        if (r.predictionsWanted && r.predictionTimer.elapsed() + stepMs >= predictionPeriod)
            emitPredictions(r, s.epoch, false);
        // (When the run is about to pause, the pause sends the snapshot: it then holds this batch.)
        if (r.progressTimer.elapsed() >= kProgressMs && !control.paused())
            emitProgress(r, false);
        const bool stepped = control.checkpoint(r.index, r.index == kMainRun, r.onPause);
        // Probes about every 250 ms, and on a fast run about every 1/150 of it (but at most
        // ~60 a second), so even a run of one second draws a detailed heat map. A probe armed
        // now is read at the end of the next step: it is due when that end is a probe period
        // after the last one (a conv net's 300-ms steps are then each probed, about 3 a second,
        // where waiting for the period to pass first probed every other step, 1.6 a second).
        const qint64 sinceProbe = r.probeTimer.elapsed();
        const bool probeDue = sinceProbe + stepMs >= kProbeMs ||
                              (r.stepsSinceProbe >= r.probeEverySteps && sinceProbe >= kMinProbeMs);
        if (!r.probeArmed && !control.stopRequested() && (stepped || probeDue)) {
            net.setProbing(true);
            r.probeArmed = true;
        }
    };
    callbacks.onEpoch = [this, &r](const core::EpochReport& e, core::Network&) {
        r.epochs.push_back(e);
        if (r.predictionsWanted && r.predictionTimer.elapsed() >= kPredictionMs)
            emitPredictions(r, e.epoch, true);
        if (r.progressTimer.elapsed() >= kProgressMs)
            emitProgress(r, false);
    };
    return callbacks;
}

void TrainingWorker::afterTraining(Run& r, const TrainingRequest& request, const core::TrainResult& result,
                                   const RunControl& control) {
    r.net->setProbing(false);
    r.probeArmed = false;
    emitProgress(r, false);
    const bool finite = result.status != core::TrainResult::Status::Diverged;
    // The flow of the final weights, so even a run shorter than one probe period ends on it.
    // Not after Stop or Quit: those answer at once, and the views already show the state of at
    // most a probe period ago (each of these costs a forward pass, seconds on a conv net).
    const bool final = finite && result.status != core::TrainResult::Status::Cancelled;
    if (final && result.steps > 0)
        emitProbesOnFirstBatch(r, request, result.steps);
    if (final && r.points2d)
        emitDecisionMap(r);
    if (final && r.predictionsWanted)
        emitPredictions(r, result.history.empty() ? 0 : result.history.back().epoch, true);

    RunFinishedSnapshot f;
    f.session = r.session;
    f.run = r.index;
    f.status = result.status;
    f.message = QString::fromStdString(result.message);
    f.steps = result.steps;
    f.divergedAtStep = result.divergedAtStep;
    f.seconds = std::max(0.0, result.seconds - control.pausedSeconds(r.index));   // time spent training
    if (!result.history.empty()) {
        f.finalTrainError = result.history.back().trainError;
        f.finalTestError = result.history.back().testError;
    }
    if (finite && core::parametersFinite(*r.net)) {
        const std::string bytes = core::weightsToBytes(*r.net);   // a copy: values only leave the thread
        f.weights = QByteArray(bytes.data(), qsizetype(bytes.size()));
    }
    publish(&TrainingSignals::runFinished, std::move(f));
}

void TrainingWorker::emitProgress(Run& r, bool paused) {
    if (r.batches == 0 && r.epochs.empty() && !paused)
        return;
    ProgressSnapshot p;
    p.session = r.session;
    p.run = r.index;
    p.step = r.last.step;
    p.totalSteps = r.last.totalSteps;
    p.epoch = r.last.epoch;
    p.batches = r.batches;
    p.batchLoss = r.batches > 0 ? float(r.lossSum / r.batches) : 0.0f;
    p.batchError = r.batches > 0 ? float(r.errorSum / r.batches) : 0.0f;
    p.learningRate = r.last.learningRate;
    p.seconds = double(r.clock.elapsed()) / 1000.0;
    p.paused = paused;
    p.epochs = std::move(r.epochs);
    r.epochs.clear();
    r.lossSum = r.errorSum = 0.0;
    r.batches = 0;
    r.progressTimer.restart();
    publish(&TrainingSignals::progress, std::move(p));
}

void TrainingWorker::emitProbesOnFirstBatch(Run& r, const TrainingRequest& request, long long step) {
    const core::Split& train = r.data->train;
    const Eigen::Index count = std::min<Eigen::Index>(std::max(2, request.config.batchSize), train.size());
    if (count < 2 || train.features() != r.net->inputShape().size())
        return;
    // One probed forward/backward pass on the first batch (at initialisation, and on the final
    // weights). In training mode BN updates its running statistics: they are saved and put
    // back, so the run itself is not changed.
    const core::ComputeThreads threads(runThreads(*r.net, r.config));
    std::vector<core::Vector> saved;
    for (const core::BufferView& b : r.net->buffers())
        saved.emplace_back(b.value);
    core::SoftmaxCrossEntropy loss;
    r.net->setProbing(true);
    r.net->zeroGrad();
    const core::Labels y = train.y.head(count);
    const float value = loss.forward(r.net->forward(train.columns(0, count)), y);
    if (std::isfinite(value)) {
        r.net->backward(loss.backward());
        ProbeSnapshot p;
        p.session = r.session;
        p.run = r.index;
        p.report = core::readProbes(*r.net, step);
        publish(&TrainingSignals::probes, std::move(p));
    }
    r.net->setProbing(false);
    r.net->zeroGrad();
    std::vector<core::BufferView> buffers = r.net->buffers();
    for (std::size_t i = 0; i < buffers.size(); ++i)
        buffers[i].value = saved[i];
}

void TrainingWorker::emitDecisionMap(Run& r) {
    QElapsedTimer cost;
    cost.start();
    const core::ComputeThreads threads(runThreads(*r.net, r.config));
    const int n = r.grid;
    core::Matrix grid(2, n * n);   // (2 x n^2) one column per grid point, row-major from the bottom
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            grid(0, j * n + i) = float(m_xMin + (i + 0.5) * (m_xMax - m_xMin) / n);
            grid(1, j * n + i) = float(m_yMin + (j + 0.5) * (m_yMax - m_yMin) / n);
        }
    const bool wasTraining = r.net->training();
    r.net->setTraining(false);
    const core::Matrix& logits = r.net->forward(grid);
    DecisionMapSnapshot m;
    m.session = r.session;
    m.run = r.index;
    m.step = r.last.step;
    m.classes = std::min<int>(r.data->classes, int(logits.rows()));
    m.nx = m.ny = n;
    m.xMin = m_xMin, m.xMax = m_xMax, m.yMin = m_yMin, m.yMax = m_yMax;
    m.probabilities.resize(qsizetype(n) * n * m.classes);
    for (Eigen::Index col = 0; col < logits.cols(); ++col) {
        // Softmax over the logits (shifted by the maximum for stability).
        const float top = logits.col(col).maxCoeff();
        const Eigen::ArrayXf e = (logits.col(col).array() - top).exp();
        const float sum = e.sum();
        for (int c = 0; c < m.classes; ++c)
            m.probabilities[qsizetype(col) * m.classes + c] = e(c) / sum;
    }
    r.net->setTraining(wasTraining);
    r.mapCostMs = cost.elapsed();
    r.mapTimer.restart();
    publish(&TrainingSignals::decisionMap, std::move(m));
}

void TrainingWorker::emitPredictions(Run& r, int epoch, bool all) {
    const core::Split& s = displaySplit(*r.data);
    const Eigen::Index count = std::min<Eigen::Index>(s.size(), std::max(r.confusionSamples, r.sampleImages));
    if (count == 0)
        return;
    QElapsedTimer cost;
    cost.start();
    const int classes = r.data->classes;
    const core::ComputeThreads threads(runThreads(*r.net, r.config));
    if (Eigen::Index(r.predicted.size()) != count) {
        r.predicted.assign(std::size_t(count), -1);
        r.predictionCursor = 0;
    }
    // Evaluation mode, put back also when Stop ends a forward pass (core::BackwardStopped).
    struct Mode {
        core::Network& net;
        bool wasTraining;
        ~Mode() { net.setTraining(wasTraining); }
    } mode{*r.net, r.net->training()};
    r.net->setTraining(false);
    const Eigen::Index chunk = core::evaluationBatch(*r.net);
    std::vector<int> out;
    Eigen::Index predictedNow = 0;
    auto predict = [&](Eigen::Index from, Eigen::Index to) {
        for (Eigen::Index start = from; start < to; start += chunk) {
            const Eigen::Index n = std::min<Eigen::Index>(chunk, to - start);
            out.clear();
            argmaxInto(r.net->forward(s.columns(start, n)), classes, out);
            std::copy(out.begin(), out.end(), r.predicted.begin() + start);
            predictedNow += n;
        }
    };
    const Eigen::Index shown = std::min<Eigen::Index>(count, r.sampleImages);
    if (all) {
        predict(0, count);
    } else {
        // The shown images, then as many of the others as about 1/16 of a period allows, going
        // on where the last snapshot stopped.
        predict(0, shown);
        const Eigen::Index rest = count - shown;
        Eigen::Index extra = r.predictionMsPerSample > 0
                                 ? Eigen::Index(kPredictionMs / 16.0 / r.predictionMsPerSample)
                                 : shown;
        extra = std::clamp<Eigen::Index>(extra, 0, rest);
        while (extra > 0) {
            if (r.predictionCursor < shown || r.predictionCursor >= count)
                r.predictionCursor = shown;
            const Eigen::Index to = std::min(count, r.predictionCursor + extra);
            predict(r.predictionCursor, to);
            extra -= to - r.predictionCursor;
            r.predictionCursor = to;
        }
    }
    PredictionSnapshot p;
    p.session = r.session;
    p.run = r.index;
    p.step = r.last.step;
    p.epoch = epoch;
    p.classes = classes;
    const Eigen::Index confusionCount = std::min<Eigen::Index>(count, r.confusionSamples);
    p.confusion.fill(0, classes * classes);
    for (Eigen::Index j = 0; j < confusionCount; ++j) {
        const int truth = s.y(j), guess = r.predicted[std::size_t(j)];
        if (truth >= 0 && truth < classes && guess >= 0) {
            ++p.confusion[truth * classes + guess];
            ++p.evaluated;
        }
    }
    for (Eigen::Index j = 0; j < shown; ++j)
        p.samplePredictions << r.predicted[std::size_t(j)];
    // The period between snapshots follows what a snapshot between epochs costs; a whole pass
    // (the first, at an epoch's end: 2,000 images, over a second on a conv net) once set it to
    // 5 x that and held the images still for seconds.
    if (!all)
        r.predictionCostMs = cost.elapsed();
    if (predictedNow > 0)
        r.predictionMsPerSample = std::max(1e-3, double(cost.nsecsElapsed()) / 1e6 / double(predictedNow));
    r.predictionTimer.restart();
    publish(&TrainingSignals::predictions, std::move(p));
}

core::Matrix TrainingWorker::demoBatch() const {
    if (!m_data)
        return {};
    const core::Split& s = displaySplit(*m_data);
    return s.columns(0, std::min<Eigen::Index>(256, s.size()));
}

void TrainingWorker::serviceRequests(RunControl& control, JobContext& ctx) {
    m_ctx = &ctx;
    control.drain();
    m_ctx = nullptr;
}

void TrainingWorker::zeroBranch(int session, int block) {
    IdentitySnapshot s;
    s.session = session;
    s.block = block;
    s.zeroed = true;
    if (session != m_session || m_runs.empty() || !m_runs[kMainRun]->net) {
        s.message = tr("There is no network to change: that training session has ended. Press Reset or Train first.");
        publish(&TrainingSignals::identityResult, s);
        return;
    }
    Run& r = *m_runs[kMainRun];
    try {
        const core::ComputeThreads threads(runThreads(*r.net, r.config));
        core::SavedBranch saved;
        const core::IdentityDemoResult result = core::zeroBranchDemo(*r.net, block, demoBatch(), &saved);
        m_savedBranches[block].push_back(std::move(saved));
        s.ok = true;
        s.maxAbsDifference = result.maxAbsDifference;
        s.inputNorm = result.inputNorm;
        s.message = tr("Branch of block %1 set to zero. %2")
                        .arg(block)
                        .arg(QString::fromStdString(result.message));
    } catch (const std::exception& e) {
        s.message = QString::fromStdString(e.what());
    }
    publish(&TrainingSignals::identityResult, s);
    if (s.ok && r.points2d)
        emitDecisionMap(r);
}

void TrainingWorker::restoreBranch(int session, int block) {
    IdentitySnapshot s;
    s.session = session;
    s.block = block;
    s.zeroed = false;
    auto saved = m_savedBranches.find(block);
    if (session != m_session || m_runs.empty() || !m_runs[kMainRun]->net || saved == m_savedBranches.end() ||
        saved->second.empty()) {
        s.message = tr("Cannot restore block %1's branch: the network it was zeroed in is gone (a new training "
                       "session has started).")
                        .arg(block);
        publish(&TrainingSignals::identityResult, s);
        return;
    }
    Run& r = *m_runs[kMainRun];
    try {
        const core::ComputeThreads threads(runThreads(*r.net, r.config));
        core::restoreBranch(*r.net, saved->second.back());
        saved->second.pop_back();
        const core::IdentityDemoResult result = core::measureIdentity(*r.net, block, demoBatch());
        s.ok = true;
        s.maxAbsDifference = result.maxAbsDifference;
        s.inputNorm = result.inputNorm;
        s.message = tr("Branch of block %1 restored. %2").arg(block).arg(QString::fromStdString(result.message));
    } catch (const std::exception& e) {
        s.message = QString::fromStdString(e.what());
    }
    publish(&TrainingSignals::identityResult, s);
    if (s.ok && r.points2d)
        emitDecisionMap(r);
}

}  // namespace ui
