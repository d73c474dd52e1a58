// The trainer: learning happens, reports arrive, cancellation and divergence are results,
// evaluation uses BN's running statistics, and bad settings are refused with a message.
#include "core/data/dataset_registry.h"
#include "core/init/initializer.h"
#include "core/layers/batch_norm.h"
#include "core/layers/dense.h"
#include "core/layers/sequential.h"
#include "core/network/network.h"
#include "core/layers/softmax_cross_entropy.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/train/trainer.h"

#include <QtTest>

using namespace core;

namespace {

Dataset spiral(int size = 600) {
    DataOptions o;
    o.size = size;
    return loadDataset("spiral", o);
}

std::unique_ptr<Network> spiralNet(int depth, bool residual, std::uint64_t seed = 0) {
    MlpOptions o;
    o.depth = depth;
    o.residual = residual;
    auto net = buildNetwork(mlpNet(o));
    initialize(*net, {}, seed);
    return net;
}

// A block that passes its input on and, in backward, does what Stop does from the GUI: it
// requests the stop in the middle of the backward pass.
class StopInBackward final : public Layer {
public:
    StopInBackward(Shape shape, std::stop_source& source) : Layer(shape, shape), m_source(source) {}
    const Matrix& forward(const Matrix& x) override { return m_out = x; }
    Matrix backward(const Matrix& dy) override {
        m_source.request_stop();
        return dy;
    }
    std::string_view kind() const override { return "StopInBackward"; }

private:
    std::stop_source& m_source;
};

// A block that passes its input on and requests the stop in the middle of the forward pass,
// from the `when`-th forward call on (0: the first).
class StopInForward final : public Layer {
public:
    StopInForward(Shape shape, std::stop_source& source, int when = 0)
        : Layer(shape, shape), m_source(source), m_when(when) {}
    const Matrix& forward(const Matrix& x) override {
        if (m_calls++ >= m_when)
            m_source.request_stop();
        return m_out = x;
    }
    Matrix backward(const Matrix& dy) override { return dy; }
    std::string_view kind() const override { return "StopInForward"; }

private:
    std::stop_source& m_source;
    int m_when;
    int m_calls = 0;
};

// A block that passes its input on and counts its forward passes.
class CountForward final : public Layer {
public:
    explicit CountForward(Shape shape) : Layer(shape, shape) {}
    const Matrix& forward(const Matrix& x) override {
        ++m_calls;
        return m_out = x;
    }
    Matrix backward(const Matrix& dy) override { return dy; }
    std::string_view kind() const override { return "CountForward"; }
    const int& calls() const { return m_calls; }

private:
    int m_calls = 0;
};

// dense -> BN (a block) -> the stopping block -> dense -> BN (a block) -> head: a stop in the
// middle leaves one BN layer before it and one after.
Network stoppableNet(std::stop_source& source, int when) {
    auto stem = std::make_unique<Sequential>(Shape::vector(2));
    stem->emplace<Dense>(2, 16, true);
    std::vector<std::unique_ptr<Layer>> blocks;
    auto first = std::make_unique<Sequential>(Shape::vector(16));
    first->emplace<Dense>(16, 16, true);
    first->emplace<BatchNorm>(Shape::vector(16));
    blocks.push_back(std::move(first));
    blocks.push_back(std::make_unique<StopInForward>(Shape::vector(16), source, when));
    auto second = std::make_unique<Sequential>(Shape::vector(16));
    second->emplace<Dense>(16, 16, true);
    second->emplace<BatchNorm>(Shape::vector(16));
    blocks.push_back(std::move(second));
    auto head = std::make_unique<Sequential>(Shape::vector(16));
    head->emplace<Dense>(16, 3, true);
    return Network(std::move(stem), std::move(blocks), std::move(head));
}

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private slots:
    void lossGoesDownAndErrorIsLow() {
        const Dataset data = spiral(2000);
        auto net = spiralNet(8, true);
        TrainConfig c;
        const EvalResult before = evaluate(*net, data.train);
        const TrainResult r = train(*net, data, c);
        QCOMPARE(r.status, TrainResult::Status::Finished);
        QCOMPARE(int(r.history.size()), c.epochs);
        QVERIFY2(r.history.back().trainLoss < 0.5 * before.loss, "training did not halve the loss");
        QVERIFY(r.history.back().trainError < 0.1);
        QVERIFY(r.history.back().testError < 0.15);
    }

    void callbacksReportEveryStepAndEpoch() {
        const Dataset data = spiral(300);
        auto net = spiralNet(4, true);
        TrainConfig c;
        c.epochs = 3;
        c.batchSize = 50;
        std::vector<StepReport> steps;
        std::vector<EpochReport> epochs;
        TrainCallbacks cb;
        cb.onStep = [&](const StepReport& s, Network&) { steps.push_back(s); };
        cb.onEpoch = [&](const EpochReport& e, Network&) { epochs.push_back(e); };
        const TrainResult r = train(*net, data, c, {}, cb);
        // 225 training samples, batches of 50: 5 steps per epoch (the last one holds 25).
        QCOMPARE(int(steps.size()), 15);
        QCOMPARE(r.steps, 15LL);
        QCOMPARE(steps.front().step, 1LL);
        QCOMPARE(steps.back().totalSteps, 15LL);
        QCOMPARE(int(epochs.size()), 3);
        QCOMPARE(epochs.back().epoch, 3);
        QCOMPARE(epochs.back().step, 15LL);
        // Cosine schedule: the first step uses the base rate, later ones less.
        QCOMPARE(steps.front().learningRate, c.learningRate);
        QVERIFY(steps.back().learningRate < 0.05 * c.learningRate);
    }

    void stopTokenCancels() {
        const Dataset data = spiral();
        auto net = spiralNet(8, true);
        TrainConfig c;
        c.epochs = 100;
        std::stop_source source;
        TrainCallbacks cb;
        cb.onStep = [&](const StepReport& s, Network&) {
            if (s.step == 7)
                source.request_stop();
        };
        const TrainResult r = train(*net, data, c, source.get_token(), cb);
        QCOMPARE(r.status, TrainResult::Status::Cancelled);
        QCOMPARE(r.steps, 7LL);
        // 450 training samples in batches of 128: 4 steps per epoch, so one epoch completed.
        QCOMPARE(int(r.history.size()), 1);
    }

    // Stop during the per-epoch evaluation (of a large data set it takes long) ends the run at
    // once: no epoch report from a half-done evaluation.
    void stopDuringEvaluationCancels() {
        const Dataset data = spiral();
        auto net = spiralNet(8, true);
        TrainConfig c;
        c.epochs = 100;
        std::stop_source source;
        int epochs = 0;
        TrainCallbacks cb;
        cb.onStep = [&](const StepReport& s, Network&) {
            if (s.step == 4)   // the last step of the first epoch; its evaluation follows
                source.request_stop();
        };
        cb.onEpoch = [&](const EpochReport&, Network&) { ++epochs; };
        const TrainResult r = train(*net, data, c, source.get_token(), cb);
        QCOMPARE(r.status, TrainResult::Status::Cancelled);
        QCOMPARE(r.steps, 4LL);
        QVERIFY(r.history.empty());
        QCOMPARE(epochs, 0);

        std::stop_source stopped;
        stopped.request_stop();
        const EvalResult e = evaluate(*net, data.train, 64, stopped.get_token());
        QVERIFY(e.cancelled);
        QVERIFY(!evaluate(*net, data.train).cancelled);
    }

    // A stop requested during a backward pass ends the run before the next block: the step's
    // incomplete gradients are not applied, so the weights are those of the last whole step.
    void stopInsideBackwardCancelsTheStep() {
        const Dataset data = spiral(300);
        std::stop_source source;
        auto stem = std::make_unique<Sequential>(Shape::vector(2));
        stem->emplace<Dense>(2, 16, true);
        std::vector<std::unique_ptr<Layer>> blocks;
        blocks.push_back(std::make_unique<StopInBackward>(Shape::vector(16), source));
        auto first = std::make_unique<Sequential>(Shape::vector(16));
        first->emplace<Dense>(16, 16, true);
        blocks.push_back(std::move(first));
        auto head = std::make_unique<Sequential>(Shape::vector(16));
        head->emplace<Dense>(16, 3, true);
        Network net(std::move(stem), std::move(blocks), std::move(head));
        initialize(net, {}, 5);
        std::vector<Vector> before;
        for (const ParamView& p : net.params())
            before.emplace_back(p.value);

        TrainConfig c;
        const TrainResult r = train(net, data, c, source.get_token());
        QCOMPARE(r.status, TrainResult::Status::Cancelled);
        QCOMPARE(r.steps, 0LL);
        const std::vector<ParamView> after = net.params();
        for (std::size_t i = 0; i < after.size(); ++i)
            QVERIFY2(after[i].value == before[i], after[i].name.c_str());
        // The token was the run's only: a later backward pass is not stopped by it.
        const Matrix x = data.train.x.leftCols(4);
        net.forward(x);
        net.backward(Matrix::Ones(3, 4));
    }

    // A stop requested during a forward pass ends the run before the next block: no update is
    // applied and the batch-norm statistics the first blocks had already moved are put back,
    // so weights and buffers are those of the last whole step (here: after 3 steps).
    void stopInsideForwardLeavesWeightsAndStatistics() {
        const Dataset data = spiral(300);
        TrainConfig c;
        c.batchSize = 64;
        c.schedule = ScheduleKind::Constant;   // the same learning rates whatever the run's length

        // The reference: the same network trained for exactly 3 steps.
        std::stop_source never;
        Network reference = stoppableNet(never, 1 << 30);
        initialize(reference, {}, 5);
        c.maxStepsPerEpoch = 3;
        c.epochs = 1;
        QCOMPARE(train(reference, data, c).steps, 3LL);

        std::stop_source source;
        Network net = stoppableNet(source, 3);   // the 4th forward pass requests the stop
        initialize(net, {}, 5);
        c.maxStepsPerEpoch = 0;
        c.epochs = 5;
        const TrainResult r = train(net, data, c, source.get_token());
        QCOMPARE(r.status, TrainResult::Status::Cancelled);
        QCOMPARE(r.steps, 3LL);
        const std::vector<ParamView> want = reference.params(), got = net.params();
        for (std::size_t i = 0; i < got.size(); ++i)
            QVERIFY2(got[i].value == want[i].value, got[i].name.c_str());
        const std::vector<BufferView> wantBuffers = reference.buffers(), gotBuffers = net.buffers();
        QCOMPARE(gotBuffers.size(), std::size_t(4));
        for (std::size_t i = 0; i < gotBuffers.size(); ++i)
            QVERIFY2(gotBuffers[i].value == wantBuffers[i].value, gotBuffers[i].name.c_str());
        // The token was the run's only.
        net.forward(data.train.x.leftCols(4));
    }

    // In training, the per-epoch evaluation answers a stop between the blocks of its forward
    // pass: the block after the one that asked for it never sees the evaluation chunk.
    void stopInsideEvaluationForwardCancels() {
        const Dataset data = spiral(300);   // 225 training samples: 4 steps of 64 an epoch
        std::stop_source source;
        auto stem = std::make_unique<Sequential>(Shape::vector(2));
        stem->emplace<Dense>(2, 16, true);
        std::vector<std::unique_ptr<Layer>> blocks;
        blocks.push_back(std::make_unique<StopInForward>(Shape::vector(16), source, 4));   // 5th pass
        auto counter = std::make_unique<CountForward>(Shape::vector(16));
        const int& passes = counter->calls();
        blocks.push_back(std::move(counter));
        auto head = std::make_unique<Sequential>(Shape::vector(16));
        head->emplace<Dense>(16, 3, true);
        Network net(std::move(stem), std::move(blocks), std::move(head));
        initialize(net, {}, 5);
        TrainConfig c;
        c.batchSize = 64;
        const TrainResult r = train(net, data, c, source.get_token());
        QCOMPARE(r.status, TrainResult::Status::Cancelled);
        QCOMPARE(r.steps, 4LL);
        QVERIFY(r.history.empty());
        QCOMPARE(passes, 4);          // the 4 steps; the evaluation stopped before this block
        QVERIFY(net.training());      // evaluation mode was left
    }

    // Evaluation chunks shrink with the cost of a forward pass, so each stays short.
    void evaluationChunksFollowTheCost() {
        QCOMPARE(evaluationBatch(*spiralNet(8, true)), 1024);
        auto resnet110 = buildNetwork(presetByName("resnet110"));
        const int chunk = evaluationBatch(*resnet110);
        QVERIFY2(chunk >= 16 && chunk < 64, qPrintable(QString::number(chunk)));
    }

    void divergenceIsReportedNotThrown() {
        const Dataset data = spiral();
        MlpOptions o;
        o.depth = 8;
        o.batchNorm = false;
        auto net = buildNetwork(mlpNet(o));
        initialize(*net, {}, 0);
        TrainConfig c;
        c.epochs = 20;
        c.learningRate = 90.0;
        c.schedule = ScheduleKind::Constant;
        const TrainResult r = train(*net, data, c);
        QCOMPARE(r.status, TrainResult::Status::Diverged);
        QVERIFY(r.divergedAtStep > 0);
        QVERIFY2(QString::fromStdString(r.message).contains("learning rate"), r.message.c_str());
        QVERIFY2(QString::fromStdString(r.message).contains(QString::number(r.divergedAtStep)), r.message.c_str());
    }

    void badSettingsAreRefused_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("lr zero") << 0 << "learning rate is 0";
        QTest::newRow("lr nan") << 1 << "learning rate is nan";
        QTest::newRow("lr absurd") << 2 << "learning rate is 1e+09";
        QTest::newRow("batch 1") << 3 << "batch size is 1";
        QTest::newRow("epochs 0") << 4 << "epochs is 0";
        QTest::newRow("momentum 1") << 5 << "momentum is 1";
    }
    void badSettingsAreRefused() {
        QFETCH(int, which);
        QFETCH(QString, message);
        TrainConfig c;
        switch (which) {
        case 0: c.learningRate = 0; break;
        case 1: c.learningRate = std::nan(""); break;
        case 2: c.learningRate = 1e9; break;
        case 3: c.batchSize = 1; break;
        case 4: c.epochs = 0; break;
        case 5: c.sgd.momentum = 1.0f; break;
        }
        const Dataset data = spiral(100);
        auto net = spiralNet(4, false);
        try {
            train(*net, data, c);
            QFAIL("accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void dataMustFitTheNetwork() {
        DataOptions o;
        o.size = 200;
        const Dataset images = loadDataset("shapes", o);
        auto net = spiralNet(4, true);
        try {
            train(*net, images, {});
            QFAIL("accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("values per sample but the network expects 2"), e.what());
        }
    }

    void evaluationUsesRunningStatistics() {
        const Dataset data = spiral(200);
        auto net = spiralNet(4, true);
        auto* bn = dynamic_cast<BatchNorm*>(&net->stem().at(1));
        QVERIFY(bn);
        // Running statistics far from the data's: evaluation must use them, training must not.
        bn->runningMean().setConstant(100.0f);
        const EvalResult eval = evaluate(*net, data.train);
        net->setTraining(true);
        const Matrix& trainOut = net->forward(data.train.x);
        SoftmaxCrossEntropy loss;
        const float trainLoss = loss.forward(trainOut, data.train.y);
        QVERIFY(std::abs(eval.loss - trainLoss) > 0.1);
        QVERIFY(net->training());   // evaluate() restores training mode
    }

    void sameSeedSameRun() {
        const Dataset data = spiral(300);
        std::vector<float> first, second;
        for (auto* out : {&first, &second}) {
            auto net = spiralNet(8, true, 3);
            TrainConfig c;
            c.epochs = 3;
            c.seed = 3;
            TrainCallbacks cb;
            cb.onStep = [&](const StepReport& s, Network&) { out->push_back(s.loss); };
            train(*net, data, c, {}, cb);
        }
        QCOMPARE(first.size(), second.size());
        QVERIFY(first == second);   // bit for bit
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
