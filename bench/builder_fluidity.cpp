// bench/builder_fluidity.cpp: resnetlab-builder-bench. ResNet-110 (54 blocks) must stay fluid on
// the canvas. Times opening it (document reset + scene build + first paint of the view) and
// one edit (command + analysis + item updates + repaint), fitted and at 100 % zoom, a scroll,
// and "make every block plain", and prints the figures (medians of 20 where repeated) with the
// load average beside them; it exits non-zero when one is far above what a person notices
// (open 3 s, an edit with its repaint 0.5 s). Run: QT_QPA_PLATFORM=offscreen
// build/bench/resnetlab-builder-bench
#include "ui/builder/block_item.h"
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_view.h"
#include "ui/builder/commands/change_block_param.h"
#include "ui/builder/commands/set_shortcut.h"
#include "ui/document/network_document.h"

#include "core/spec/presets.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QUndoStack>

#include <algorithm>
#include <cstdio>

using namespace ui;

namespace {

double ms(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

QByteArray loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray("unknown");
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-16"));
        BuilderScene scene(&document);
        BuilderView view(&scene);
        view.resize(1200, 800);
        view.show();
        QApplication::processEvents();

        QElapsedTimer t;
        t.start();
        document.reset(core::presetByName("resnet110"));
        const double build = ms(t);
        view.fitToView();
        view.viewport()->repaint();
        const double open = ms(t);
        if (scene.blockItemCount() != 54) {
            std::fprintf(stderr, "ResNet-110 has %d block items, not 54\n", scene.blockItemCount());
            return 1;
        }

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

        std::printf("ResNet-110: open %.1f ms (document + 54 items %.1f ms, then fit and first paint); one edit %.2f ms, "
                    "edit + repaint %.1f ms fitted, %.1f ms at 100 %% zoom (medians of 20); scroll + repaint %.1f ms; "
                    "make all 54 blocks plain + repaint %.1f ms; load average %s\n",
                    open, build, edits[10], paints[10], closePaints[10], scroll, allPlain, loadAverage().constData());
        const bool fluid = open < 3000 && paints[10] < 500 && closePaints[10] < 500;
        if (!fluid)
            std::fprintf(stderr, "not fluid: above 3 s to open or 0.5 s per edit\n");
        return fluid ? 0 : 1;
    }
}
