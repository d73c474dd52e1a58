// tests/ui/test_training_workspace.cpp: the training workspace as the main window uses it:
// views by name, Start/Pause/Step/Stop/Reset through the panel's buttons, closing while
// training, the flow per residual block by block id, the undoable identity demo on the
// document's undo stack, a network edit during training, and image data (grid and
// confusion matrix).
#include "support/stop_budget.h"
#include <QtTest>

#include "core/spec/presets.h"
#include "ui/builder/commands/change_network.h"
#include "ui/document/network_document.h"
#include "ui/results/job_runner.h"
#include "ui/results/results.h"
#include "ui/training/data_preview.h"
#include "ui/training/training_panel.h"
#include "ui/workspace/training_workspace.h"
#include "ui/views/curves_view.h"
#include "ui/views/decision_map_view.h"
#include "ui/views/flow_view.h"
#include "ui/views/image_predictions_view.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>

#include <set>

using ui::TrainingController;
using ui::TrainingWorkspace;

namespace {

core::NetworkSpec smallResidual(int depth = 8) {
    core::MlpOptions o;
    o.depth = depth;
    o.width = 16;
    return core::mlpNet(o);
}

template <class Done>
bool waitFor(Done done, int msecs = 15000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < msecs)
        QTest::qWait(5);
    return done();
}

// A workspace on a small network and 400 spiral points.
struct Fixture {
    ui::JobRunner jobs;
    ui::Results results;
    ui::NetworkDocument doc;
    TrainingWorkspace ws{&doc, results, jobs};
    explicit Fixture(const core::NetworkSpec& spec = smallResidual(), int epochs = 3) {
        doc.reset(spec);
        ws.panel()->setDataSize(400);
        ws.panel()->setEpochs(epochs);
        ws.panel()->setBatchSize(64);
        ws.setAskBeforeStopping(false);
    }
    TrainingController::State state() const { return ws.controller()->state(); }
    void click(const char* name) { ws.panel()->button(QString::fromLatin1(name))->click(); }
};

// A block edit as the builder makes it: a command on the document's undo stack.
class ReplaceBlock : public QUndoCommand {
public:
    ReplaceBlock(ui::NetworkDocument* doc, const core::BlockSpec& after)
        : m_doc(doc), m_before(*std::find_if(doc->spec().blocks.begin(), doc->spec().blocks.end(),
                                             [&](const core::BlockSpec& b) { return b.id == after.id; })),
          m_after(after) {}
    void redo() override { m_doc->replaceBlock(m_after); }
    void undo() override { m_doc->replaceBlock(m_before); }

private:
    ui::NetworkDocument* m_doc;
    core::BlockSpec m_before, m_after;
};

// Clicks the button with this text in the message box once it is up.
void answerQuestion(const QString& buttonText, bool* asked) {
    QTimer::singleShot(20, [buttonText, asked] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box) {
            answerQuestion(buttonText, asked);   // not up yet
            return;
        }
        *asked = true;
        for (QAbstractButton* b : box->buttons())
            if (b->text() == buttonText)
                b->click();
    });
}

}  // namespace

class TestTrainingWorkspace : public QObject {
    Q_OBJECT
private slots:
    void selectsViewsByName();
    void buttonsDriveTheSession();
    void viewsReceiveTheRun();
    void closingDuringTrainingStopsWithinASecond();
    void quittingWhileAConvNetTrainsAnswersLikeStop();
    void flowIsReportedByBlockId();
    void zeroBranchIsUndoable();
    void zeroBranchWithoutSessionSaysSo();
    void editingTheNetworkStopsTraining();
    void editingTheNetworkAsksFirst();
    void invalidDataIsRefused();
    void previewShowsTheData();
    void imageDataShowsGridAndConfusion();
};

void TestTrainingWorkspace::selectsViewsByName() {
    Fixture f;
    QVERIFY(f.ws.selectView(QStringLiteral("depth")));
    QCOMPARE(f.ws.currentView(), QStringLiteral("depth"));
    QVERIFY(f.ws.selectView(QStringLiteral("flow")));
    QCOMPARE(f.ws.currentView(), QStringLiteral("flow"));
    QVERIFY(f.ws.selectView(QStringLiteral("Curves")));
    QCOMPARE(f.ws.currentView(), QStringLiteral("curves"));
    QVERIFY(!f.ws.selectView(QStringLiteral("nonsense")));
    QCOMPARE(f.ws.currentView(), QStringLiteral("curves"));
}

void TestTrainingWorkspace::buttonsDriveTheSession() {
    Fixture f(smallResidual(), 1000);
    auto* c = f.ws.controller();
    QSignalSpy training(&f.ws, &TrainingWorkspace::trainingChanged);
    QVERIFY(f.ws.panel()->button("start")->isEnabled());
    QVERIFY(!f.ws.panel()->button("pause")->isEnabled());
    f.click("start");
    QCOMPARE(f.state(), TrainingController::State::Running);
    QVERIFY(f.ws.isTraining());
    QCOMPARE(training.size(), 1);
    QVERIFY(!f.ws.panel()->button("start")->isEnabled());
    QVERIFY(f.ws.panel()->button("pause")->isEnabled());
    QVERIFY(waitFor([&] { return f.ws.curvesView()->batchPoints(0) > 2; }));

    f.click("pause");
    QCOMPARE(f.state(), TrainingController::State::Paused);
    QVERIFY(f.ws.panel()->button("resume")->isEnabled());
    QVERIFY(f.ws.panel()->button("step")->isEnabled());
    QSignalSpy progress(c, &TrainingController::progress);
    QVERIFY(waitFor([&] { return !progress.isEmpty() && progress.last().at(0).value<ui::ProgressSnapshot>().paused; }));
    const qint64 at = progress.last().at(0).value<ui::ProgressSnapshot>().step;
    f.click("step");
    QVERIFY(waitFor([&] {
        const auto p = progress.last().at(0).value<ui::ProgressSnapshot>();
        return p.paused && p.step == at + 1;
    }));
    f.click("resume");
    QCOMPARE(f.state(), TrainingController::State::Running);

    f.click("reset");   // stop + rebuild from the spec and the seed, waiting at step 0
    QCOMPARE(f.state(), TrainingController::State::Paused);
    QVERIFY(waitFor([&] {
        const auto p = progress.last().at(0).value<ui::ProgressSnapshot>();
        return p.session == c->session() && p.paused && p.step == 0;
    }));
    QCOMPARE(f.ws.curvesView()->batchPoints(0), 0);   // the plots were cleared

    f.click("stop");
    QVERIFY(waitFor([&] { return f.state() == TrainingController::State::Idle; }, 2000));
    QVERIFY(!f.ws.isTraining());
    QCOMPARE(training.last().at(0).toBool(), false);

    f.click("step");   // from idle: a new session, one batch, then paused
    QVERIFY(waitFor([&] {
        const auto p = progress.last().at(0).value<ui::ProgressSnapshot>();
        return p.session == c->session() && p.paused && p.step == 1;
    }));
    QCOMPARE(f.state(), TrainingController::State::Paused);
    f.ws.stopAndWait();
}

void TestTrainingWorkspace::viewsReceiveTheRun() {
    Fixture f(smallResidual(), 4);
    f.ws.panel()->setTwin(true);
    QSignalSpy finished(f.ws.controller(), &TrainingController::finished);
    QVERIFY(f.ws.startTraining());
    QVERIFY(finished.wait(20000));
    ui::CurvesView* curves = f.ws.curvesView();
    QCOMPARE(curves->epochPoints(0), 4);
    QCOMPARE(curves->epochPoints(1), 4);
    QVERIFY(curves->batchPoints(0) >= 1);
    QVERIFY(curves->decisionMap()->mapStep(0) > 0);
    QVERIFY(curves->decisionMap()->mapStep(1) > 0);
    QVERIFY(f.ws.flowView()->probeCount(0) >= 2);
    QVERIFY(f.ws.flowView()->probeCount(1) >= 2);
    QVERIFY(f.ws.flowView()->heatColumns(0) >= 2);
    // Switching the x axis and the scale keeps every point.
    curves->setXAxis(ui::CurvesView::XAxis::Epoch);
    curves->setLogScale(true);
    QCOMPARE(curves->epochPoints(0), 4);
    QCOMPARE(curves->lossPlot()->xAxis->label(), QStringLiteral("epoch"));
    QCOMPARE(curves->lossPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
}

void TestTrainingWorkspace::closingDuringTrainingStopsWithinASecond() {
    auto* f = new Fixture(smallResidual(32), 100000);
    f->ws.panel()->setTwin(true);
    QVERIFY(f->ws.startTraining());
    QVERIFY(waitFor([&] { return f->ws.curvesView()->batchPoints(0) > 3; }));
    QElapsedTimer t;
    t.start();
    f->ws.stopAndWait();
    QVERIFY2(t.elapsed() < support::kStopBudgetMs, qPrintable(QString::number(t.elapsed())));
    delete f;   // what closing the window does next
    QVERIFY2(t.elapsed() < support::kStopBudgetMs + 100, qPrintable(QString::number(t.elapsed())));
}

// Quit takes the path of Stop and adds nothing after it: a stopped run skips the final
// snapshots (each a forward pass of a conv net). ResNet-20 on 1x16x16 shapes took seconds to
// quit before; the bound is generous (three times the stop budget) so a loaded machine cannot
// break it.
void TestTrainingWorkspace::quittingWhileAConvNetTrainsAnswersLikeStop() {
    core::NetworkSpec spec = core::presetByName("resnet20");
    spec = ui::withNetworkField(spec, ui::NetworkField::InputChannels, 1);
    spec = ui::withNetworkField(spec, ui::NetworkField::InputHeight, 16);
    spec = ui::withNetworkField(spec, ui::NetworkField::InputWidth, 16);
    spec = ui::withNetworkField(spec, ui::NetworkField::Classes, 8);
    for (core::LayerSpec& layer : spec.head)
        if (layer.type == core::LayerType::Dense)
            layer.units = 8;   // the shapes' 8 classes
    auto* f = new Fixture(spec, 50);
    f->ws.panel()->setDataSet(QStringLiteral("shapes"));
    QVERIFY2(f->doc.analysis().valid(), f->doc.analysis().issues.empty() ? "" : f->doc.analysis().issues[0].message.c_str());
    QVERIFY(f->ws.startTraining());
    QVERIFY(waitFor([&] { return f->ws.curvesView()->batchPoints(0) > 1; }, 120000));
    QElapsedTimer t;
    t.start();
    f->ws.stopAndWait();   // what the window's closing() does
    delete f;              // and what closing the window does next
    QVERIFY2(t.elapsed() < 3 * support::kStopBudgetMs, qPrintable(QString::number(t.elapsed())));
    qInfo("quit while ResNet-20 (1x16x16) trains: %lld ms", static_cast<long long>(t.elapsed()));
}

void TestTrainingWorkspace::flowIsReportedByBlockId() {
    Fixture f(smallResidual(8), 2);
    QSignalSpy flow(&f.ws, &TrainingWorkspace::blockFlowChanged);
    QSignalSpy cleared(&f.ws, &TrainingWorkspace::blockFlowCleared);
    QSignalSpy finished(f.ws.controller(), &TrainingController::finished);
    QVERIFY(f.ws.startTraining());
    QCOMPARE(cleared.size(), 1);
    QVERIFY(finished.wait(20000));
    QVERIFY(!flow.isEmpty());
    std::set<core::BlockId> ids;
    for (const core::BlockSpec& b : f.doc.spec().blocks)
        ids.insert(b.id);
    std::set<core::BlockId> seen;
    for (const QList<QVariant>& args : flow) {
        const auto id = args.at(0).value<core::BlockId>();
        QVERIFY(ids.count(id));
        seen.insert(id);
        QVERIFY(args.at(1).toFloat() > 0);   // ||x||
        QVERIFY(args.at(2).toFloat() >= 0);  // ||F(x)||
        QVERIFY(args.at(3).toFloat() > 0);   // gradient through the shortcut
    }
    QCOMPARE(seen, ids);   // every residual block
}

void TestTrainingWorkspace::zeroBranchIsUndoable() {
    Fixture f(smallResidual(8), 2);
    QSignalSpy notes(&f.ws, &TrainingWorkspace::blockNote);
    QSignalSpy finished(f.ws.controller(), &TrainingController::finished);
    QVERIFY(f.ws.startTraining());
    QVERIFY(finished.wait(20000));
    const core::BlockId id = f.doc.spec().blocks[1].id;
    const int before = f.doc.undoStack()->count();
    const bool modifiedBefore = f.doc.isModified();
    f.ws.zeroBranch(id);
    QCOMPARE(f.doc.undoStack()->count(), before + 1);
    // Only the trained weights change: the network on the canvas is not "modified" by it.
    QCOMPARE(f.doc.isModified(), modifiedBefore);
    QVERIFY(notes.wait(5000));
    QCOMPARE(notes.last().at(0).value<core::BlockId>(), id);
    QVERIFY2(notes.last().at(1).toString().contains(QStringLiteral("= 0")), qPrintable(notes.last().at(1).toString()));
    const core::NetworkSpec specBefore = f.doc.spec();
    f.doc.undoStack()->undo();
    QVERIFY(notes.wait(5000));
    QCOMPARE(notes.last().at(0).value<core::BlockId>(), id);
    QVERIFY(notes.last().at(1).toString().contains(QStringLiteral("restored")));
    QVERIFY(f.doc.spec() == specBefore);   // the spec never changed: only the weights did
    f.doc.undoStack()->redo();
    QVERIFY(notes.wait(5000));
    QVERIFY(notes.last().at(1).toString().contains(QStringLiteral("= 0")));
}

void TestTrainingWorkspace::zeroBranchWithoutSessionSaysSo() {
    Fixture f;
    QSignalSpy notes(&f.ws, &TrainingWorkspace::blockNote);
    QSignalSpy status(&f.ws, &TrainingWorkspace::statusMessage);
    const int before = f.doc.undoStack()->count();
    f.ws.zeroBranch(f.doc.spec().blocks[0].id);
    QCOMPARE(notes.size(), 1);
    QVERIFY(!status.isEmpty());
    QVERIFY(status.last().at(0).toString().contains(QStringLiteral("first")));
    QCOMPARE(f.doc.undoStack()->count(), before);   // nothing to undo
}

void TestTrainingWorkspace::editingTheNetworkStopsTraining() {
    Fixture f(smallResidual(8), 100000);
    QVERIFY(f.ws.startTraining());
    QVERIFY(waitFor([&] { return f.ws.curvesView()->batchPoints(0) > 2; }));
    core::BlockSpec changed = f.doc.spec().blocks[0];
    changed.shortcut = core::ShortcutKind::None;
    f.doc.replaceBlock(changed);   // what an undo command's redo does
    QCOMPARE(f.state(), TrainingController::State::Stopping);
    QVERIFY(waitFor([&] { return f.state() == TrainingController::State::Idle; }, 2000));

    // After Reset (waiting at step 0, nothing trained yet) an edit just rebuilds.
    f.ws.resetTraining();
    QCOMPARE(f.state(), TrainingController::State::Paused);
    QSignalSpy progress(f.ws.controller(), &TrainingController::progress);
    QVERIFY(waitFor([&] { return !progress.isEmpty(); }));
    const int session = f.ws.controller()->session();
    changed.shortcut = core::ShortcutKind::Identity;
    f.doc.replaceBlock(changed);
    QCOMPARE(f.state(), TrainingController::State::Paused);
    QVERIFY(f.ws.controller()->session() > session);
    f.ws.stopAndWait();
}

void TestTrainingWorkspace::editingTheNetworkAsksFirst() {
    Fixture f(smallResidual(8), 100000);
    f.ws.setAskBeforeStopping(true);
    QVERIFY(f.ws.startTraining());
    QVERIFY(waitFor([&] { return f.ws.curvesView()->batchPoints(0) > 2; }));
    const core::NetworkSpec original = f.doc.spec();
    core::BlockSpec changed = original.blocks[0];
    changed.width = 24;

    // "Undo the change": the edit is taken back and training goes on.
    bool asked = false;
    answerQuestion(QStringLiteral("Undo the change"), &asked);
    f.doc.undoStack()->push(new ReplaceBlock(&f.doc, changed));
    QVERIFY(waitFor([&] { return asked && !QApplication::activeModalWidget(); }, 5000));
    QVERIFY(f.doc.spec() == original);
    QCOMPARE(f.state(), TrainingController::State::Running);

    // "Stop training": the edit stays, training stops.
    asked = false;
    answerQuestion(QStringLiteral("Stop training"), &asked);
    f.doc.undoStack()->push(new ReplaceBlock(&f.doc, changed));
    QVERIFY(waitFor([&] { return asked && f.state() == TrainingController::State::Idle; }, 5000));
    QCOMPARE(f.doc.spec().blocks[0].width, 24);
}

void TestTrainingWorkspace::invalidDataIsRefused() {
    Fixture f;
    QSignalSpy status(&f.ws, &TrainingWorkspace::statusMessage);
    f.ws.panel()->setDataSet(QStringLiteral("fashion-mnist"));
    QVERIFY(!f.ws.startTraining());
    QCOMPARE(f.state(), TrainingController::State::Idle);
    QVERIFY(status.last().at(0).toString().contains(QStringLiteral("28x28")));
    // A new network picks a data set it can train on.
    f.doc.reset(smallResidual(4));
    QCOMPARE(f.ws.panel()->dataSet(), QStringLiteral("spiral"));
}

void TestTrainingWorkspace::previewShowsTheData() {
    ui::JobRunner jobs;
    ui::TrainingPanel panel(jobs);
    QSignalSpy loaded(panel.preview(), &ui::DataPreview::loaded);
    QVERIFY(loaded.wait(5000));   // the default: the spiral
    QVERIFY2(loaded.last().at(1).toBool(), qPrintable(loaded.last().at(0).toString()));
    QVERIFY(loaded.last().at(0).toString().contains(QStringLiteral("1,500 training / 500 test")));
    panel.setDataSet(QStringLiteral("shapes"));
    QVERIFY(loaded.wait(5000));
    QVERIFY(loaded.last().at(0).toString().contains(QStringLiteral("1x16x16")));
    panel.setDataSet(QStringLiteral("csv:/nonexistent/table.csv"));
    QVERIFY(loaded.wait(5000));
    QVERIFY(!loaded.last().at(1).toBool());   // the reader's message, shown in the panel
    QVERIFY(loaded.last().at(0).toString().contains(QStringLiteral("/nonexistent/table.csv")));
    // scripts/setup.sh installs Debian's dataset-fashion-mnist: a missing set is a broken set-up.
    QVERIFY2(QFileInfo::exists(QStringLiteral("/usr/share/datasets/fashion-mnist")),
             "Debian's dataset-fashion-mnist is not installed (scripts/setup.sh installs it)");
    panel.setDataSet(QStringLiteral("fashion-mnist"));
    QVERIFY(loaded.wait(10000));
    QVERIFY2(loaded.last().at(0).toString().contains(QStringLiteral("1x28x28")), qPrintable(loaded.last().at(0).toString()));
}

void TestTrainingWorkspace::imageDataShowsGridAndConfusion() {
    // A small conv net on the generated 16x16 shapes.
    core::NetworkSpec spec;
    spec.name = "tiny-conv";
    spec.input = {core::InputKind::Image, 1, 16, 16};
    spec.classes = 8;
    core::LayerSpec conv;
    conv.type = core::LayerType::Conv;
    conv.units = 4;
    conv.stride = 2;
    core::LayerSpec relu;
    relu.type = core::LayerType::ReLU;
    core::LayerSpec pool;
    pool.type = core::LayerType::GlobalAvgPool;
    core::LayerSpec dense;
    dense.type = core::LayerType::Dense;
    dense.units = 8;
    spec.stem = {conv, relu};
    core::BlockSpec block;
    block.id = 1;
    block.width = 4;
    block.batchNorm = false;
    spec.blocks = {block};
    spec.head = {pool, dense};
    Fixture f(spec, 2);
    QVERIFY2(f.doc.analysis().valid(), f.doc.analysis().issues.empty() ? "" : f.doc.analysis().issues[0].message.c_str());
    QCOMPARE(f.ws.panel()->dataSet(), QStringLiteral("shapes"));   // picked to fit the input
    QSignalSpy predictions(f.ws.controller(), &TrainingController::predictions);
    QSignalSpy finished(f.ws.controller(), &TrainingController::finished);
    QVERIFY(f.ws.startTraining());
    QVERIFY(finished.wait(25000));
    QVERIFY(!predictions.isEmpty());
    const auto p = predictions.last().at(0).value<ui::PredictionSnapshot>();
    QCOMPARE(p.classes, 8);
    qint64 total = 0;
    for (int v : p.confusion)
        total += v;
    QCOMPARE(total, p.evaluated);
    QCOMPARE(p.evaluated, qint64(100));   // the test split of 400 samples
    ui::ImagePredictionsView* images = f.ws.curvesView()->images();
    QCOMPARE(images->grid()->imageCount(), 24);
    QCOMPARE(images->shownConfusion(), p.confusion);
}

QTEST_MAIN(TestTrainingWorkspace)
#include "test_training_workspace.moc"
