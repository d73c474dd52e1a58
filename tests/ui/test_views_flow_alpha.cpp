// tests/ui/test_views_flow_alpha.cpp: the flow view follows ReZero's per-block alpha over
// training. Real probes of a trained spiral-rezero-8 net (three residual blocks, alpha = 0 at
// initialisation) make the alpha plot appear with one curve per block, the last point at the
// block's alpha; an original residual net of the same depth leaves it hidden.
#include <QtTest>

#include "core/data/dataset_registry.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/train/trainer.h"
#include "ui/views/flow_view.h"

#include <qcustomplot.h>

#include <cmath>
#include <vector>

namespace {

// Trains `preset` for a few epochs on a small spiral and returns its probe reports.
std::vector<core::ProbeReport> probesOf(const std::string& preset) {
    core::DataOptions options;
    options.size = 256;
    const core::Dataset data = core::loadDataset("spiral", options);
    auto net = core::buildNetwork(core::presetByName(preset));
    core::TrainConfig config;
    config.epochs = 4;
    config.batchSize = 64;
    config.learningRate = 0.05;
    config.probeInterval = 2;
    core::initialize(*net, config.init, 0);
    std::vector<core::ProbeReport> reports;
    core::TrainCallbacks callbacks;
    callbacks.onProbe = [&](const core::ProbeReport& r) { reports.push_back(r); };
    const core::TrainResult result = core::train(*net, data, config, {}, callbacks);
    if (result.status != core::TrainResult::Status::Finished)
        qWarning("training %s ended early: %s", preset.c_str(), result.message.c_str());
    return reports;
}

void feed(ui::FlowView& view, const std::vector<core::ProbeReport>& reports) {
    view.clear(false);
    view.setRunFamily(0, QStringLiteral("residual"));
    for (const core::ProbeReport& r : reports) {
        ui::ProbeSnapshot s;
        s.run = 0;
        s.report = r;
        view.addProbes(s);
    }
}

}  // namespace

class TestViewsFlowAlpha : public QObject {
    Q_OBJECT
private slots:
    void rezeroShowsEveryBlocksAlpha();
    void originalBlocksHaveNoAlphaPlot();
};

void TestViewsFlowAlpha::rezeroShowsEveryBlocksAlpha() {
    const std::vector<core::ProbeReport> reports = probesOf("spiral-rezero-8");
    QVERIFY(reports.size() >= 4);
    ui::FlowView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    feed(view, reports);

    // Every residual block of the trained net reports its alpha, and each has a curve.
    QList<int> withAlpha;
    for (const core::BlockProbe& b : reports.back().blocks)
        if (b.hasAlpha)
            withAlpha << b.block;
    QVERIFY(withAlpha.size() >= 2);
    QCOMPARE(view.alphaBlocks(0), withAlpha);
    QVERIFY(view.alphaPlot()->isVisible());
    QCOMPARE(view.alphaPlot()->graphCount(), int(withAlpha.size()));
    for (int j = 0; j < view.alphaPlot()->graphCount(); ++j)
        QCOMPARE(view.alphaPlot()->graph(j)->dataCount(), int(reports.size()));

    // Alpha starts at 0 (ReZero) and the last point is the block's alpha at the last probe,
    // which training has moved away from 0.
    const QCPGraph* first = view.alphaPlot()->graph(0);
    QCOMPARE(first->data()->at(0)->value, 0.0);
    bool moved = false;
    for (const core::BlockProbe& b : reports.back().blocks) {
        if (!b.hasAlpha)
            continue;
        QCOMPARE(view.lastAlpha(0, b.block), double(b.alpha));
        moved = moved || std::abs(b.alpha) > 1e-4;
    }
    QVERIFY(moved);
    const int j = int(view.alphaBlocks(0).size()) - 1;
    QCOMPARE(view.alphaPlot()->graph(j)->data()->at(view.alphaPlot()->graph(j)->dataCount() - 1)->value,
             double(reports.back().blocks[std::size_t(view.alphaBlocks(0)[j])].alpha));
    // The key names the first and the last block only.
    QCOMPARE(view.alphaPlot()->legend->itemCount(), 2);

    // A new session forgets it.
    view.clear(false);
    QVERIFY(!view.alphaPlot()->isVisible());
    QCOMPARE(view.alphaPlot()->graphCount(), 0);
}

void TestViewsFlowAlpha::originalBlocksHaveNoAlphaPlot() {
    const std::vector<core::ProbeReport> reports = probesOf("spiral-residual-8");
    QVERIFY(reports.size() >= 4);
    for (const core::BlockProbe& b : reports.back().blocks)
        QVERIFY(!b.hasAlpha);
    ui::FlowView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    feed(view, reports);
    QVERIFY(view.probeCount(0) > 0);
    QVERIFY(view.alphaBlocks(0).isEmpty());
    QVERIFY(!view.alphaPlot()->isVisible());
    QCOMPARE(view.alphaPlot()->graphCount(), 0);
    // The hidden column takes no width: the two columns of plots share the view's.
    QTRY_VERIFY(view.activationPlot()->width() + view.gradientPlot()->width() > view.width() * 85 / 100);
}

QTEST_MAIN(TestViewsFlowAlpha)
#include "test_views_flow_alpha.moc"
