#include "ui/training/training_worker.h"

#include "core/io/weights_file.h"
#include "core/spec/memory_estimate.h"

#include "core/init/initializer.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/parallel.h"
#include "core/spec/build_network.h"
#include "core/spec/spec_analysis.h"
#include "ui/training/thread_priority.h"

#include <QElapsedTimer>

#include <unistd.h>
#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <sstream>
#include <thread>

namespace ui {

struct TrainingWorker::Run {
    int index = kMainRun;
    int session = 0;
    QString family;
    core::NetworkSpec spec;
    std::unique_ptr<core::Network> net;
    std::shared_ptr<const core::Dataset> data;
    core::TrainConfig config;
    int grid = 64;
    int sampleImages = 24;
    int confusionSamples = 2000;
    bool points2d = false;
    bool predictionsWanted = false;

    // Throttling (each run has its own clocks: the twin runs in another thread).
    QElapsedTimer clock, progressTimer, probeTimer, mapTimer, predictionTimer;
    qint64 mapCostMs = 0;
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
      << '|' << o.turns << '|' << o.cells << '|' << o.maxTrain << '|' << o.maxTest << '|' << o.normalize << '|'
      << o.labelColumn;
    return s.str();
}

// Steps per epoch exactly as core::train counts them (a last batch of one sample is dropped).
long long stepsPerEpoch(Eigen::Index n, const core::TrainConfig& c) {
    if (n < 2)
        return 0;
    const Eigen::Index batch = std::min<Eigen::Index>(c.batchSize, n);
    long long steps = (n + batch - 1) / batch;
    if (n % batch == 1)
        --steps;
    if (c.maxStepsPerEpoch > 0)
        steps = std::min<long long>(steps, c.maxStepsPerEpoch);
    return steps;
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

// The same checks as core::train, made before anything runs through the network.
void checkFits(core::Network& net, const core::Dataset& d) {
    if (d.train.x.rows() != net.inputShape().size())
        throw std::invalid_argument("the data set '" + d.name + "' has " + std::to_string(d.train.x.rows()) +
                                    " values per sample (" + d.shape.str() + ") but the network expects " +
                                    std::to_string(net.inputShape().size()) + " (" + net.inputShape().str() +
                                    "): choose a data set that fits the network's input");
    if (d.classes > net.outputShape().size())
        throw std::invalid_argument("the data set '" + d.name + "' has " + std::to_string(d.classes) +
                                    " classes but the network outputs " + std::to_string(net.outputShape().size()));
}

}  // namespace

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent) { registerTrainingMetaTypes(); }

TrainingWorker::~TrainingWorker() = default;

std::shared_ptr<const core::Dataset> TrainingWorker::dataFor(const TrainingRequest& request) {
    const std::string key = dataKey(request);
    if (!m_data || key != m_dataKey) {
        m_data.reset();
        m_data = std::make_shared<const core::Dataset>(core::loadDataset(request.dataName, request.data));
        m_dataKey = key;
    }
    return m_data;
}

void TrainingWorker::run(const TrainingRequest& request, std::shared_ptr<RunControl> control, int session) {
    m_runs.clear();
    m_savedBranches.clear();
    m_session = session;
    try {
        if (control->stopRequested()) {
            emit sessionFinished(session);
            return;
        }
        const std::shared_ptr<const core::Dataset> data = dataFor(request);
        const core::Dataset& d = *data;
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
                ds.sampleImages << toImage(s.x, j, d.shape);
                ds.sampleLabels << s.y(j);
            }
        }
        emit dataReady(ds);

        // Both runs are built and initialised before either trains: same seed, so every layer
        // the twins share starts from the same values (core::initialize draws each layer's
        // stream from the seed and the layer's name), and the same config, so the batches come
        // in the same order.
        const int runs = request.twin ? 2 : 1;
        for (int i = 0; i < runs; ++i) {
            auto r = std::make_unique<Run>();
            r->index = i;
            r->session = session;
            r->spec = i == kMainRun ? request.spec : request.twinSpec;
            r->family = familyOf(r->spec);
            checkMemoryBudget(r->spec, request);
            r->net = core::buildNetwork(r->spec);
            checkFits(*r->net, d);
            r->data = data;
            r->config = request.config;
            if (request.twin)
                r->config.threads = 1;   // Eigen's thread count is global: the twins share a core each
            r->config.probeInterval = 0;  // probing is armed here, by time (see trainRun)
            r->grid = std::clamp(request.grid, 8, 256);
            r->sampleImages = request.sampleImages;
            r->confusionSamples = request.confusionSamples;
            r->points2d = points2d;
            r->predictionsWanted = !points2d;
            core::initialize(*r->net, r->config.init, r->config.seed);

            RunStartedSnapshot started;
            started.session = session;
            started.run = i;
            started.family = r->family;
            started.networkName = QString::fromStdString(r->spec.name);
            started.parameters = r->net->parameterCount();
            started.depth = core::analyze(r->spec).depth;
            started.stepsPerEpoch = stepsPerEpoch(d.train.size(), r->config);
            started.epochs = r->config.epochs;
            started.totalSteps = started.stepsPerEpoch * started.epochs;
            for (const core::ParamView& p : r->net->params())
                started.initialDigest.emplace_back(p.name, digest(p.value));
            emit runStarted(started);
            m_runs.push_back(std::move(r));
        }

        std::optional<core::ComputeThreads> oneThread;
        if (request.twin)
            oneThread.emplace(1);
        auto guarded = [&](Run& r) {
            try {
                trainRun(r, request, *control);
            } catch (const std::bad_alloc&) {
                emit failed(session, QStringLiteral("Cannot train %1: out of memory").arg(r.family));
            } catch (const std::exception& e) {
                emit failed(session, QStringLiteral("Cannot train %1: %2").arg(r.family, QString::fromStdString(e.what())));
            } catch (...) {
                emit failed(session, QStringLiteral("Cannot train %1: unknown error").arg(r.family));
            }
        };
        {
            std::jthread twin;
            if (request.twin)
                twin = std::jthread([&] { guarded(*m_runs[kTwinRun]); });
            guarded(*m_runs[kMainRun]);
        }   // joins the twin
        control->drain();
    } catch (const std::bad_alloc&) {
        emit failed(session, QStringLiteral("Cannot train: out of memory. %1").arg(m_memoryMessage));
        m_memoryMessage.clear();
    } catch (const std::exception& e) {
        emit failed(session, QStringLiteral("Cannot train: %1").arg(QString::fromStdString(e.what())));
    } catch (...) {
        emit failed(session, QStringLiteral("Cannot train: unknown error"));
    }
    emit sessionFinished(session);
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

void TrainingWorker::trainRun(Run& r, const TrainingRequest& request, RunControl& control) {
    lowerThreadPriority();
    r.clock.start();
    r.progressTimer.start();
    r.probeTimer.start();
    r.mapTimer.start();
    r.predictionTimer.start();
    const bool main = r.index == kMainRun;
    r.probeEverySteps = std::max<long long>(1, stepsPerEpoch(r.data->train.size(), r.config) * r.config.epochs / 150);

    // Step 0: the flow at initialisation and the untrained decision regions.
    emitProbesOnFirstBatch(r, request, 0);
    if (r.points2d)
        emitDecisionMap(r);
    if (r.predictionsWanted)
        emitPredictions(r, 0);
    auto onPause = [&] {
        emitProgress(r, true);
        if (r.points2d)
            emitDecisionMap(r);
    };
    control.checkpoint(r.index, main, onPause);

    core::TrainCallbacks callbacks;
    callbacks.onStep = [&](const core::StepReport& s, core::Network& net) {
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
            emit probes(p);
        }
        ++r.stepsSinceProbe;
        // The map costs one forward pass over the grid: at most every 250 ms, and never more
        // than about an eighth of the time.
        if (r.points2d && r.mapTimer.elapsed() >= std::max<qint64>(kProbeMs, 8 * r.mapCostMs))
            emitDecisionMap(r);
        // (When the run is about to pause, the pause sends the snapshot: it then holds this batch.)
        if (r.progressTimer.elapsed() >= kProgressMs && !control.paused())
            emitProgress(r, false);
        const bool stepped = control.checkpoint(r.index, main, onPause);
        // Probes about every 250 ms, and on a fast run about every 1/150 of it (but at most
        // ~60 a second), so even a run of one second draws a detailed heat map.
        const qint64 sinceProbe = r.probeTimer.elapsed();
        const bool probeDue = sinceProbe >= kProbeMs ||
                              (r.stepsSinceProbe >= r.probeEverySteps && sinceProbe >= kMinProbeMs);
        if (!r.probeArmed && !control.stopRequested() && (stepped || probeDue)) {
            net.setProbing(true);
            r.probeArmed = true;
        }
    };
    callbacks.onEpoch = [&](const core::EpochReport& e, core::Network&) {
        r.epochs.push_back(e);
        if (r.predictionsWanted && r.predictionTimer.elapsed() >= kPredictionMs)
            emitPredictions(r, e.epoch);
        if (r.progressTimer.elapsed() >= kProgressMs)
            emitProgress(r, false);
    };

    core::TrainResult result;
    try {
        result = core::train(*r.net, *r.data, r.config, control.stopToken(), callbacks);
    } catch (...) {
        r.net->setProbing(false);
        r.probeArmed = false;
        throw;
    }
    r.net->setProbing(false);
    r.probeArmed = false;
    emitProgress(r, false);
    const bool finite = result.status != core::TrainResult::Status::Diverged;
    // The flow of the final weights, so even a run shorter than one probe period ends on it.
    if (finite && result.steps > 0)
        emitProbesOnFirstBatch(r, request, result.steps);
    if (finite && r.points2d)
        emitDecisionMap(r);
    if (finite && r.predictionsWanted)
        emitPredictions(r, result.history.empty() ? 0 : result.history.back().epoch);

    RunFinishedSnapshot f;
    f.session = r.session;
    f.run = r.index;
    f.status = result.status;
    f.message = QString::fromStdString(result.message);
    f.steps = result.steps;
    f.divergedAtStep = result.divergedAtStep;
    f.seconds = result.seconds;
    if (!result.history.empty()) {
        f.finalTrainError = result.history.back().trainError;
        f.finalTestError = result.history.back().testError;
    }
    if (finite && core::parametersFinite(*r.net)) {
        const std::string bytes = core::weightsToBytes(*r.net);   // a copy: values only leave the thread
        f.weights = QByteArray(bytes.data(), qsizetype(bytes.size()));
    }
    emit runFinished(f);
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
    emit progress(p);
}

void TrainingWorker::emitProbesOnFirstBatch(Run& r, const TrainingRequest& request, long long step) {
    const core::Split& train = r.data->train;
    const Eigen::Index count = std::min<Eigen::Index>(std::max(2, request.config.batchSize), train.size());
    if (count < 2 || train.x.rows() != r.net->inputShape().size())
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
    const float value = loss.forward(r.net->forward(train.x.leftCols(count)), y);
    if (std::isfinite(value)) {
        r.net->backward(loss.backward());
        ProbeSnapshot p;
        p.session = r.session;
        p.run = r.index;
        p.report = core::readProbes(*r.net, step);
        emit probes(p);
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
    emit decisionMap(m);
}

void TrainingWorker::emitPredictions(Run& r, int epoch) {
    const core::Split& s = displaySplit(*r.data);
    const Eigen::Index count = std::min<Eigen::Index>(s.size(), std::max(r.confusionSamples, r.sampleImages));
    if (count == 0)
        return;
    const int classes = r.data->classes;
    const core::ComputeThreads threads(runThreads(*r.net, r.config));
    std::vector<int> predicted;
    predicted.reserve(std::size_t(count));
    const bool wasTraining = r.net->training();
    r.net->setTraining(false);
    for (Eigen::Index start = 0; start < count; start += 500) {
        const Eigen::Index n = std::min<Eigen::Index>(500, count - start);
        argmaxInto(r.net->forward(s.x.middleCols(start, n)), classes, predicted);
    }
    r.net->setTraining(wasTraining);
    PredictionSnapshot p;
    p.session = r.session;
    p.run = r.index;
    p.step = r.last.step;
    p.epoch = epoch;
    p.classes = classes;
    const Eigen::Index confusionCount = std::min<Eigen::Index>(count, r.confusionSamples);
    p.evaluated = confusionCount;
    p.confusion.fill(0, classes * classes);
    for (Eigen::Index j = 0; j < confusionCount; ++j) {
        const int truth = s.y(j);
        if (truth >= 0 && truth < classes)
            ++p.confusion[truth * classes + predicted[std::size_t(j)]];
    }
    for (Eigen::Index j = 0; j < std::min<Eigen::Index>(count, r.sampleImages); ++j)
        p.samplePredictions << predicted[std::size_t(j)];
    r.predictionTimer.restart();
    emit predictions(p);
}

core::Matrix TrainingWorker::demoBatch() const {
    if (!m_data)
        return {};
    const core::Split& s = displaySplit(*m_data);
    return s.x.leftCols(std::min<Eigen::Index>(256, s.size()));
}

void TrainingWorker::zeroBranch(const std::shared_ptr<RunControl>& control, int session, int block) {
    control->post([this, session, block] { doZeroBranch(session, block); });
    QMetaObject::invokeMethod(this, [control] { control->drain(); }, Qt::QueuedConnection);
}

void TrainingWorker::restoreBranch(const std::shared_ptr<RunControl>& control, int session, int block) {
    control->post([this, session, block] { doRestoreBranch(session, block); });
    QMetaObject::invokeMethod(this, [control] { control->drain(); }, Qt::QueuedConnection);
}

void TrainingWorker::doZeroBranch(int session, int block) {
    IdentitySnapshot s;
    s.session = session;
    s.block = block;
    s.zeroed = true;
    if (session != m_session || m_runs.empty() || !m_runs[kMainRun]->net) {
        s.message = tr("There is no network to change: that training session has ended. Press Reset or Train first.");
        emit identityResult(s);
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
    emit identityResult(s);
    if (s.ok && r.points2d)
        emitDecisionMap(r);
}

void TrainingWorker::doRestoreBranch(int session, int block) {
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
        emit identityResult(s);
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
    emit identityResult(s);
    if (s.ok && r.points2d)
        emitDecisionMap(r);
}

}  // namespace ui
