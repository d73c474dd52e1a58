// The identity demo: a trained residual block whose branch is zeroed passes its (non-negative)
// input through exactly; a plain block cannot; the saved weights undo the demo.
#include "core/data/dataset_registry.h"
#include "core/experiments/identity_demo.h"
#include "core/init/initializer.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/train/trainer.h"

#include <QtTest>

using namespace core;

class TestIdentityDemo : public QObject {
    Q_OBJECT
private slots:
    void zeroedBranchGivesTheExactIdentity() {
        DataOptions d;
        d.size = 400;
        const Dataset data = loadDataset("spiral", d);
        MlpOptions o;
        o.depth = 12;
        auto net = buildNetwork(mlpNet(o));
        initialize(*net, {}, 0);
        TrainConfig c;
        c.epochs = 3;
        train(*net, data, c);

        const IdentityDemoResult before = measureIdentity(*net, 2, data.test.x);
        QVERIFY(before.maxAbsDifference > 0.01);   // a trained block changes its input
        const Matrix logitsBefore = net->forward(data.test.x);

        SavedBranch saved;
        const IdentityDemoResult after = zeroBranchDemo(*net, 2, data.test.x, &saved);
        QCOMPARE(after.maxAbsDifference, 0.0);      // bit for bit
        QVERIFY(after.identityShortcut);
        QVERIFY2(QString::fromStdString(after.message).contains("exactly the identity"), after.message.c_str());

        restoreBranch(*net, saved);
        QVERIFY(net->forward(data.test.x) == logitsBefore);
    }

    void plainBlocksAreRefused() {
        auto net = buildNetwork(presetByName("spiral-plain-8"));
        initialize(*net, {}, 0);
        try {
            zeroBranchDemo(*net, 1, Matrix::Random(2, 8));
            QFAIL("accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("plain block"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, zeroBranchDemo(*net, 99, Matrix::Random(2, 8)));
    }
};

QTEST_APPLESS_MAIN(TestIdentityDemo)
#include "test_identity_demo.moc"
