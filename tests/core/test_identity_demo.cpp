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

    // Whatever the span, the shortcuts around it and the training, an identity block whose
    // branch is zeroed outputs its input exactly (ReLU of a non-negative input), and the
    // message names the layers it compares, a[l+span]. Blocks with a projection or zero-padding
    // shortcut follow it; the zeroed block is the first (after the stem) or one further on.
    void identityIsExactForEverySpanAndState_data() {
        QTest::addColumn<int>("span");
        QTest::addColumn<int>("block");
        QTest::addColumn<int>("epochs");
        for (const int span : {2, 3, 4})
            for (const int block : {0, 1})
                for (const int epochs : {0, 2})
                    QTest::addRow("span %d, block %d, %d epochs", span, block, epochs) << span << block << epochs;
    }
    void identityIsExactForEverySpanAndState() {
        QFETCH(int, span);
        QFETCH(int, block);
        QFETCH(int, epochs);
        DataOptions d;
        d.size = 300;
        const Dataset data = loadDataset("spiral", d);
        // The stem, two identity blocks, then two convolution blocks (projection, zero padding).
        NetworkSpec spec = presetByName("spiral-residual-4");
        spec.blocks.clear();
        auto add = [&](int width, int blockSpan, ShortcutKind shortcut) {
            BlockSpec b;
            b.id = BlockId(spec.blocks.size() + 1);
            b.width = width;
            b.span = blockSpan;
            b.shortcut = shortcut;
            spec.blocks.push_back(b);
        };
        add(32, block == 0 ? span : 2, ShortcutKind::Identity);
        add(32, block == 1 ? span : 2, ShortcutKind::Identity);
        add(48, 2, ShortcutKind::Projection);
        add(64, 2, ShortcutKind::ZeroPad);
        auto net = buildNetwork(spec);
        initialize(*net, {}, 7);
        if (epochs > 0) {
            TrainConfig c;
            c.epochs = epochs;
            train(*net, data, c);
        }
        const IdentityDemoResult r = zeroBranchDemo(*net, block, data.test.x);
        QCOMPARE(r.span, span);
        QVERIFY(r.identityShortcut);
        QCOMPARE(r.maxAbsDifference, 0.0);
        QVERIFY(r.inputNorm > 0);
        const QString message = QString::fromStdString(r.message);
        QVERIFY2(message.contains(QStringLiteral("max |a[l+%1] - a[l]| = 0 ").arg(span)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("exactly the identity")), qPrintable(message));

        // A convolution block is not the identity with its branch zeroed, and says so.
        const IdentityDemoResult projection = zeroBranchDemo(*net, 2, data.test.x);
        QVERIFY(!projection.identityShortcut);
        QVERIFY2(QString::fromStdString(projection.message).contains(QStringLiteral("which is not its input")),
                 projection.message.c_str());
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
