// tests/ui/test_builder_performance.cpp: ResNet-110 (54 blocks) must stay fluid. Measures the
// time to open it (document reset + scene build + first paint of the view) and to apply one
// edit (command + analysis + item updates + repaint), and prints the figures.
#include "ui/builder/block_item.h"
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_view.h"
#include "ui/builder/commands/change_block_param.h"
#include "ui/builder/commands/set_shortcut.h"
#include "ui/document/network_document.h"

#include "core/spec/presets.h"

#include <QElapsedTimer>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

#include <algorithm>

using namespace ui;

class TestBuilderPerformance : public QObject {
    Q_OBJECT

    static double ms(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void resnet110StaysFluid() {
        NetworkDocument document;
        document.reset(defaultSpec());
        BuilderScene scene(&document);
        BuilderView view(&scene);
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        QElapsedTimer t;
        t.start();
        document.reset(core::presetByName("resnet110"));
        const double build = ms(t);
        view.fitToView();
        view.viewport()->repaint();
        const double open = ms(t);
        QCOMPARE(scene.blockItemCount(), 54);

        // One edit of one block, as the properties panel does it, 20 times (median).
        std::vector<double> edits, paints;
        const core::BlockId id = document.spec().blocks[20].id;
        for (int i = 0; i < 20; ++i) {
            t.restart();
            document.undoStack()->push(new ChangeBlockParamCommand(&document, {id}, BlockField::Span, 2 + (i % 2) + 1));
            edits.push_back(ms(t));
            view.viewport()->repaint();
            paints.push_back(ms(t));
        }
        std::sort(edits.begin(), edits.end());
        std::sort(paints.begin(), paints.end());

        // The same at 100 % zoom, where every chip has its text.
        view.setZoom(1.0);
        view.centerOn(scene.blockItem(id));
        view.viewport()->repaint();
        std::vector<double> closePaints;
        for (int i = 0; i < 20; ++i) {
            t.restart();
            document.undoStack()->push(new ChangeBlockParamCommand(&document, {id}, BlockField::Width, 16 + 8 * (i % 2)));
            view.viewport()->repaint();
            closePaints.push_back(ms(t));
        }
        std::sort(closePaints.begin(), closePaints.end());
        t.restart();
        view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + 200);
        view.viewport()->repaint();
        const double scroll = ms(t);

        // The whole-network switch: 54 blocks in one command.
        t.restart();
        std::vector<SetShortcutCommand::Change> plain;
        for (const core::BlockSpec& b : document.spec().blocks)
            plain.push_back({b.id, core::ShortcutKind::None});
        document.undoStack()->push(new SetShortcutCommand(&document, plain, "Make every block plain"));
        view.viewport()->repaint();
        const double allPlain = ms(t);

        qInfo("ResNet-110: open %.1f ms (document + 54 items %.1f ms, then fit and first paint); one edit %.2f ms, "
              "edit + repaint %.1f ms fitted, %.1f ms at 100 %% zoom (medians of 20); scroll + repaint %.1f ms; "
              "make all 54 blocks plain + repaint %.1f ms",
              open, build, edits[10], paints[10], closePaints[10], scroll, allPlain);
        // Generous bounds for a loaded 2-core machine; the figures above are what matters.
        QVERIFY(open < 3000);
        QVERIFY(paints[10] < 500);
        QVERIFY(closePaints[10] < 500);
    }

private:
    static core::NetworkSpec defaultSpec() { return core::presetByName("spiral-residual-16"); }
};

QTEST_MAIN(TestBuilderPerformance)
#include "test_builder_performance.moc"
