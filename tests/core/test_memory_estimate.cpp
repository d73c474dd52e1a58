// tests/core/test_memory_estimate.cpp: the memory a training run needs, estimated from a spec
// and from a built network, and the trainer's refusal of a run that would not fit, made before
// any activation is allocated.
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/layers/global_avg_pool.h"
#include "core/layers/relu.h"
#include "core/memory.h"
#include "core/spec/build_network.h"
#include "core/spec/memory_estimate.h"
#include "core/spec/presets.h"
#include "core/train/trainer.h"
#include "support/fixtures.h"

#include <QtTest>

using namespace core;

namespace {

NetworkSpec resnet(int n, int side) {
    CifarOptions o;
    o.n = n;
    o.residual = true;
    o.channels = 3;
    o.height = side;
    o.width = side;
    return cifarResNet(o);
}

// A stem of one 3x3 convolution (1 -> 64 channels on 512 x 512 pixels) and `relus` ReLU
// layers, each of which keeps a 64 MiB output per sample; a global pool and a dense head.
std::unique_ptr<Network> wideNet(int relus) {
    const Shape in = Shape::image(1, 512, 512), hidden = Shape::image(64, 512, 512);
    auto stem = std::make_unique<Sequential>(in);
    stem->emplace<Conv2d>(in, Conv2dOptions{64, 3, 1, 1, false});
    for (int i = 0; i < relus; ++i)
        stem->emplace<ReLU>(hidden);
    auto head = std::make_unique<Sequential>(hidden);
    head->emplace<GlobalAvgPool>(hidden);
    head->emplace<Dense>(64, 2, true);
    return std::make_unique<Network>(std::move(stem), std::vector<std::unique_ptr<Layer>>{}, std::move(head));
}

}  // namespace

class TestMemoryEstimate : public QObject {
    Q_OBJECT

private slots:
    void availableMemoryIsKnown() {
        QVERIFY(availableMemoryBytes() > 0);
    }

    // Every tensor a layer keeps, counted by hand for a small network: the network's copy of
    // its input (1 x 512 x 512), the conv's and each ReLU's output (64 x 512 x 512), the pool's
    // output (64), the dense layer's input copy and output (64 + 2); plus four gradient
    // tensors of the largest size, the trainer's minibatch, optimizer state for the 576 + 130
    // parameters and one thread's scratch.
    void networkEstimateCountsKeptTensors() {
        auto net = wideNet(2);
        const std::int64_t pixels = 512 * 512, hidden = 64 * pixels;
        const std::int64_t perSample = pixels + 3 * hidden + 64 + 64 + 2 + 4 * hidden;
        const std::int64_t params = 576 + 130;
        const std::int64_t scratch = estimateTrainingBytes(*net, 0, 0, 1) - 2 * params * 4;
        QVERIFY(scratch > 0);
        QCOMPARE(estimateTrainingBytes(*net, 3, 1, 1), perSample * 4 * 3 + pixels * 4 * 3 + 2 * params * 4 + scratch);
        // The evaluation chunk counts when it is the larger batch.
        QCOMPARE(estimateTrainingBytes(*net, 3, 5, 1) - estimateTrainingBytes(*net, 3, 1, 1), perSample * 4 * 2);
    }

    // The spec's estimate (before building) and the built network's agree.
    void specAndNetworkAgree_data() {
        QTest::addColumn<int>("n");
        QTest::newRow("ResNet-20") << 3;
        QTest::newRow("ResNet-56") << 9;
        QTest::newRow("ResNet-110") << 18;
    }
    void specAndNetworkAgree() {
        QFETCH(int, n);
        const NetworkSpec spec = resnet(n, 32);
        auto net = buildNetwork(spec);
        const double fromSpec = double(estimateTrainingBytes(spec, 128));
        const double fromNet = double(estimateTrainingBytes(*net, 128, 16, 2));
        QVERIFY2(std::abs(fromSpec - fromNet) <= 0.25 * fromNet,
                 qPrintable(QString("spec %1, network %2").arg(fromSpec).arg(fromNet)));
        // ResNet-110 at batch 128 on 3 x 32 x 32 needs under 3 GB for its training tensors.
        QVERIFY(fromNet < 3e9);
    }

    // A run whose activations could never fit (10,000 layers of 64 MiB per sample, about
    // 1.3 TB at batch 2) is refused with a message, and nothing was run through the network.
    void trainRefusesARunThatDoesNotFit() {
        auto net = wideNet(10000);
        Dataset data;
        data.name = "two images";
        data.shape = Shape::image(1, 512, 512);
        data.classes = 2;
        data.train.x = testsupport::randomMatrix(data.shape.size(), 2, 1);
        data.train.y = Labels::LinSpaced(2, 0, 1);
        TrainConfig config;
        config.batchSize = 2;
        config.epochs = 1;
        QString message;
        try {
            train(*net, data, config);
        } catch (const std::invalid_argument& e) {
            message = e.what();
        }
        QVERIFY2(message.contains("needs about") && message.contains("TiB") && message.contains("available") &&
                     message.contains("smaller batch"),
                 qPrintable(message));
        QCOMPARE(net->stem().at(0).output().size(), Eigen::Index(0));   // no forward pass ran
    }
};

QTEST_APPLESS_MAIN(TestMemoryEstimate)
#include "test_memory_estimate.moc"
