#include "ui/classroom/classroom.h"

#include "core/experiments/ablation.h"
#include "core/experiments/twin_training.h"
#include "core/spec/spec_analysis.h"
#include "ui/classroom/bundle_loader.h"
#include "ui/classroom/curve_replay.h"
#include "ui/classroom/lesion_view.h"
#include "ui/classroom/lessons_panel.h"
#include "ui/classroom/paths_view.h"
#include "ui/classroom/presentation_mode.h"
#include "ui/document/network_document.h"
#include "ui/results/results.h"
#include "ui/training/training_panel.h"
#include "ui/views/block_design_view.h"
#include "ui/views/depth_view.h"
#include "ui/views/landscape_view.h"
#include "ui/views/shatter_view.h"
#include "ui/workspace/training_workspace.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

namespace {

// The depth sweep a lesson's "sweep" action runs: its depths, families, seeds and width, on its
// data with its training settings (the default sweep's for what it leaves out).
core::SweepConfig lessonSweep(const core::Lesson& lesson) {
    core::SweepConfig config = core::defaultSweep();
    if (!lesson.run.depths.empty())
        config.depths = lesson.run.depths;
    if (!lesson.run.families.empty())
        config.families = lesson.run.families;
    if (!lesson.run.seeds.empty())
        config.seeds = lesson.run.seeds;
    if (lesson.run.width > 0)
        config.width = lesson.run.width;
    config.data = lesson.setup.data;
    config.dataOptions = lesson.setup.dataOptions;
    config.train = lesson.setup.training;
    return config;
}

}  // namespace

Classroom::Classroom(NetworkDocument& document, Results& results, JobRunner& jobs, TrainingWorkspace& workspace,
                     QWidget* window)
    : QObject(window), m_document(document), m_workspace(workspace), m_window(window), m_lessons(new LessonsPanel),
      m_replay(new CurveReplay(results)), m_lessonsDock(new QDockWidget(tr("Lessons"), window)),
      m_bundles(new BundleLoader(document, results, workspace, this)), m_lessonsMenu(new QMenu(tr("&Lessons"), window)),
      m_saveResults(new QAction(tr("Save &Results As..."), this)), m_lesion(new LesionView(results, jobs, &workspace)),
      m_paths(new PathsView(results, jobs, &workspace)), m_landscape(new LandscapeView(results, jobs, &workspace)),
      m_shatter(new ShatterView(results, jobs, &workspace)) {
    setObjectName(QStringLiteral("classroom"));
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lessons, 1);
    layout->addWidget(m_replay);
    m_lessonsDock->setObjectName(QStringLiteral("lessonsDock"));
    m_lessonsDock->setWidget(box);
    m_lessonsDock->setFocusProxy(m_lessons);

    m_lessons->loadFrom(LessonsPanel::lessonsDirectory());
    // The first thing a newcomer reads: where to start.
    if (m_lessons->currentLesson())
        m_lessons->setNote(tr("New here? Press <b>Set up</b>, then <b>Run</b> (Space) to see this lesson happen; "
                              "<b>Next ▶</b> goes on through the chapter. Or build a network on the canvas and "
                              "press <b>Start</b> in the training panel."));
    connect(m_lessons, &LessonsPanel::setUpRequested, this, &Classroom::setUpLesson);
    connect(m_lessons, &LessonsPanel::runRequested, this, &Classroom::runLesson);
    rebuildLessonsMenu();

    m_saveResults->setObjectName(QStringLiteral("saveResultsAction"));
    m_saveResults->setStatusTip(tr("Save the network, its settings and every result so far as a run bundle"));
    connect(m_saveResults, &QAction::triggered, this, &Classroom::saveResultsAs);
    connect(m_bundles, &BundleLoader::statusMessage, this, [this](const QString& m) { emit statusMessage(m, 8000); });

    // The lesion and unraveled tabs of the workspace; the replay shows stored curves there.
    workspace.addView(m_lesion, tr("Lesion study"));
    workspace.addView(m_paths, tr("Unraveled view"));
    connect(m_lesion, &LesionView::statusMessage, &workspace, &TrainingWorkspace::statusMessage);
    connect(m_paths, &PathsView::statusMessage, &workspace, &TrainingWorkspace::statusMessage);
    workspace.addView(m_landscape, tr("Loss landscape"));
    workspace.addView(m_shatter, tr("Shattered gradients"));
    connect(m_landscape, &LandscapeView::statusMessage, &workspace, &TrainingWorkspace::statusMessage);
    connect(&workspace, &TrainingWorkspace::compactChanged, m_landscape, &LandscapeView::setCompact);
    connect(&workspace, &TrainingWorkspace::compactChanged, m_shatter, &ShatterView::setCompact);
    connect(m_shatter, &ShatterView::statusMessage, &workspace, &TrainingWorkspace::statusMessage);
    m_replay->setTarget(workspace.curvesView());
}

void Classroom::rebuildLessonsMenu() {
    m_lessonsMenu->clear();
    const auto& lessons = m_lessons->lessons();
    for (std::size_t i = 0; i < lessons.size(); ++i) {
        QAction* a = m_lessonsMenu->addAction(
            tr("&%1. %2").arg(i + 1).arg(QString::fromStdString(lessons[i].title)));
        connect(a, &QAction::triggered, this, [this, i] {
            m_lessons->setCurrentIndex(int(i));
            m_lessonsDock->show();
            m_lessonsDock->raise();
            m_lessons->setFocus();
        });
    }
    m_lessonsMenu->addSeparator();
    QAction* previous = m_lessonsMenu->addAction(tr("&Previous Lesson"), m_lessons, &LessonsPanel::previous);
    previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_BracketLeft));
    QAction* next = m_lessonsMenu->addAction(tr("&Next Lesson"), m_lessons, &LessonsPanel::next);
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_BracketRight));
    m_lessonsMenu->addAction(tr("&Set Up This Lesson"), this, [this] { setUpLesson(m_lessons->currentIndex()); });
    m_lessonsMenu->addAction(tr("&Run This Lesson"), this, [this] { runLesson(m_lessons->currentIndex()); });
    m_lessonsMenu->addSeparator();
    m_lessonsMenu->addAction(m_lessonsDock->toggleViewAction());
    if (!m_lessons->problems().isEmpty()) {
        const QString message = tr("Some lessons could not be read: %1").arg(m_lessons->problems().join("; "));
        // Once the shell is listening.
        QTimer::singleShot(0, this, [this, message] { emit statusMessage(message, 0); });
    }
}

void Classroom::setFontScale(double scale) {
    m_lesion->setFontScale(scale);
    m_paths->setFontScale(scale);
    m_landscape->setFontScale(scale);
    m_shatter->setFontScale(scale);
}

void Classroom::showNote(const QString& html) {
    m_lessons->setNote(html);
}

bool Classroom::setUpLesson(int index) {
    if (index < 0 || index >= int(m_lessons->lessons().size()))
        return false;
    const core::Lesson& lesson = m_lessons->lessons()[std::size_t(index)];
    if (m_mayReplace && !m_mayReplace())
        return false;
    TrainingWorkspace* ws = &m_workspace;
    if (ws->isTraining())
        ws->stopAndWait();
    m_lessons->setCurrentIndex(index);
    m_document.reset(lesson.setup.network.spec);
    m_setUpIndex = index;
    const QString data = QString::fromStdString(lesson.setup.data);
    ws->panel()->setSettings(data, lesson.setup.dataOptions, lesson.setup.training);
    ws->panel()->setTwin(lesson.run.action == core::LessonAction::TrainWithTwin);
    // Slow motion: a lesson's run lasts long enough for the room to watch the curves and the
    // flow form (a spiral lesson of 20-40 epochs takes 12-24 s instead of half a second).
    ws->panel()->setStepsPerSecond(kLessonStepsPerSecond);
    if (lesson.run.action == core::LessonAction::Sweep && !ws->depthView()->isRunning())
        ws->depthView()->setForm(lessonSweep(lesson));   // the depth view shows what Run will do

    LesionStudy lesion;
    lesion.network = lesson.setup.network.spec;
    lesion.data = lesson.setup.data;
    lesion.dataOptions = lesson.setup.dataOptions;
    lesion.training = lesson.setup.training;
    lesion.config.draws = lesson.run.draws;
    lesion.config.seed = lesson.run.seed;
    if (lesson.run.maxRemoved > 0)
        for (int k = 1; k <= lesson.run.maxRemoved; ++k)
            lesion.config.removedCounts.push_back(k);
    m_lesion->setStudy(lesion);
    if (core::familyOf(lesson.setup.network.spec) == "residual") {
        PathsStudy paths;
        paths.network = lesson.setup.network.spec;
        paths.data = lesson.setup.data;
        paths.dataOptions = lesson.setup.dataOptions;
        paths.training = lesson.setup.training;
        paths.options.samples = lesson.run.samples;
        paths.options.seed = lesson.run.seed;
        m_paths->setStudy(paths);
    }

    if (lesson.run.action == core::LessonAction::Landscape) {
        LandscapeRequest landscape;
        landscape.network = lesson.setup.network.spec;
        landscape.data = lesson.setup.data;
        landscape.dataOptions = lesson.setup.dataOptions;
        landscape.training = lesson.setup.training;
        landscape.config.grid = lesson.run.grid;
        landscape.config.directionSeed = lesson.setup.training.seed;
        m_landscape->setRequest(landscape);
    }

    using V = core::LessonView;
    switch (lesson.setup.view) {
    case V::Builder: break;
    case V::Training:
    case V::Comparison: ws->selectView(QStringLiteral("curves")); break;
    case V::GradientFlow:
    case V::Identity: ws->selectView(QStringLiteral("flow")); break;
    case V::DepthSweep: ws->selectView(QStringLiteral("depth")); break;
    case V::Lesion: ws->showView(m_lesion); break;
    case V::Unraveled:
    case V::PathLengths: ws->showView(m_paths); break;
    case V::Landscape: ws->showView(m_landscape); break;
    case V::ShatteredGradients: ws->showView(m_shatter); break;
    case V::BlockDesign: ws->selectView(QStringLiteral("blocks")); break;
    }
    emit trainingAreaWanted();   // with the lesson's view in front
    if (lesson.run.action == core::LessonAction::Ablate) {
        // The lesson's small bench in the form, so Run (or the view's own Run) trains it.
        const core::AblationConfig config = core::lessonAblation(lesson.setup, lesson.run);
        ws->blockDesignView()->setForm(config);
        const std::size_t variants = config.variants.empty() ? core::ablationVariants().size() : config.variants.size();
        showNote(tr("Set up: %1 block designs at %2 layers on %3, %4 seed(s), %5 epochs each. Press <b>Run</b> "
                    "(Space).")
                     .arg(variants)
                     .arg(config.depth)
                     .arg(data.toHtmlEscaped())
                     .arg(config.seeds.size())
                     .arg(config.train.epochs));
        return true;
    }
    showNote(tr("Set up: %1 on %2, %3 epochs. Press <b>Run</b> (Space).")
                 .arg(QString::fromStdString(lesson.setup.network.spec.name).toHtmlEscaped(), data.toHtmlEscaped())
                 .arg(lesson.setup.training.epochs));
    return true;
}

bool Classroom::runLesson(int index) {
    if (index < 0 || index >= int(m_lessons->lessons().size()))
        return false;
    if (index != m_setUpIndex && !setUpLesson(index))
        return false;
    const core::Lesson& lesson = m_lessons->lessons()[std::size_t(index)];
    TrainingWorkspace* ws = &m_workspace;
    using A = core::LessonAction;
    switch (lesson.run.action) {
    case A::Train:
    case A::TrainWithTwin:
        ws->panel()->setTwin(lesson.run.action == A::TrainWithTwin);
        if (!ws->isTraining() && !ws->startTraining())
            return false;
        showNote(tr("Training..."));
        return true;
    case A::Sweep: {
        const core::SweepConfig config = lessonSweep(lesson);
        ws->selectView(QStringLiteral("depth"));
        ws->depthView()->setForm(config);
        ws->depthView()->runConfig(config);
        showNote(tr("The depth sweep is running: %1 networks.")
                     .arg(config.families.size() * config.depths.size() * config.seeds.size()));
        return true;
    }
    case A::ZeroBranch: {
        const auto& blocks = m_document.spec().blocks;
        if (lesson.run.block < 0 || lesson.run.block >= int(blocks.size()))
            return false;
        if (!ws->isTraining()) {
            ws->startTraining();
            showNote(tr("Training has started. Press <b>Run</b> again to zero the branch of block %1 and watch the "
                        "output stay the same.")
                         .arg(lesson.run.block + 1));
            return true;
        }
        ws->zeroBranch(blocks[std::size_t(lesson.run.block)].id);
        ws->selectView(QStringLiteral("flow"));
        showNote(tr("Block %1's branch is zero: the block passes its input through its skip (Undo restores it).")
                     .arg(lesson.run.block + 1));
        return true;
    }
    case A::Lesion:
        ws->showView(m_lesion);
        m_lesion->run();
        showNote(tr("Training both twins, then removing blocks: see the Lesion study tab."));
        return true;
    case A::Paths:
        ws->showView(m_paths);
        m_paths->measure();
        showNote(tr("Training, then measuring the gradient by path length: see the Unraveled view tab."));
        return true;
    case A::Landscape:
        ws->showView(m_landscape);
        m_landscape->run();
        showNote(tr("Training both twins, then evaluating the loss around their trained weights: see the Loss "
                    "landscape tab."));
        return true;
    case A::Shatter:
        ws->showView(m_shatter);
        if (lesson.run.depths.empty())
            m_shatter->measure();
        else
            m_shatter->measureDepths(lesson.run.depths);
        showNote(tr("Measuring dy/dx at initialisation: see the Shattered gradients tab. Move the slider to change "
                    "the deepest network."));
        return true;
    case A::Ablate: {
        const core::AblationConfig config = core::lessonAblation(lesson.setup, lesson.run);
        ws->selectView(QStringLiteral("blocks"));
        ws->blockDesignView()->setForm(config);
        ws->blockDesignView()->runConfig(config);
        const std::size_t variants = config.variants.empty() ? core::ablationVariants().size() : config.variants.size();
        showNote(tr("The ablation is running: %1 block designs x %2 seed(s). The bars fill in as the runs finish.")
                     .arg(variants)
                     .arg(config.seeds.size()));
        return true;
    }
    case A::CompareSpecs: {
        QString table = tr("<table cellpadding='4' border='1' style='border-collapse:collapse'>"
                           "<tr><th>Network</th><th>Blocks</th><th>Parameters</th><th>FLOPs per sample</th></tr>");
        const QLocale locale;
        for (const core::LessonNetwork& n : lesson.run.networks) {
            const core::SpecAnalysis a = core::analyze(n.spec);
            table += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td><td align='right'>%4</td></tr>")
                         .arg(QString::fromStdString(n.spec.name).toHtmlEscaped())
                         .arg(n.spec.blocks.size())
                         .arg(locale.toString(qlonglong(a.params)))
                         .arg(locale.toString(qlonglong(a.flops)));
        }
        showNote(table + QStringLiteral("</table>"));
        return true;
    }
    }
    return false;
}

bool Classroom::openBundle(const QString& path, QString* error) { return m_bundles->open(path, error); }

void Classroom::saveResultsAs() {
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Results As"),
                                                      m_document.displayName() + QStringLiteral(".bundle.json"),
                                                      tr("ResNet Lab run bundles (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_bundles->save(path, &error))
        QMessageBox::warning(m_window, tr("Cannot Save the Results"), error);
    else
        emit statusMessage(tr("Saved the results to %1").arg(QFileInfo(path).fileName()), 6000);
}

}  // namespace ui
