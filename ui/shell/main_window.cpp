#include "ui/shell/main_window.h"

#include "ui/builder/block_item.h"
#include "ui/builder/builder_resources.h"
#include "ui/builder/block_palette.h"
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_style.h"
#include "ui/builder/builder_view.h"
#include "ui/builder/canvas_export.h"
#include "ui/builder/issues_panel.h"
#include "ui/builder/layer_stack_item.h"
#include "ui/builder/preset_dialog.h"
#include "ui/builder/properties_panel.h"
#include "ui/document/network_document.h"
#include "ui/document/recent_files.h"
#include "ui/shell/action_manager.h"

#include "core/format.h"
#include "core/spec/presets.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QUndoView>
#include <QVBoxLayout>

namespace ui {

namespace {

constexpr int kStateVersion = 1;
const char* const kNetworkFilter = QT_TRANSLATE_NOOP("MainWindow", "ResNet Lab networks and run bundles (*.json);;All files (*)");

QIcon icon(const char* name) { return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))); }

}  // namespace

core::NetworkSpec MainWindow::defaultNetwork() { return core::presetByName("spiral-residual-16"); }

MainWindow::MainWindow(NetworkDocument* document, QWidget* parent)
    : QMainWindow(parent), m_document(document), m_scene(new BuilderScene(m_document, this)),
      m_view(new BuilderView(m_scene, this)), m_actions(new ActionManager(this)) {
    ensureResources();
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_view);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    createActions();
    createDocks();
    createMenus();
    createToolBar();
    registerActions();
    createStatusBar();
    connectDocument();
    resize(1500, 920);
    readSettings();
    setNetwork(defaultNetwork());
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    m_newAction = new QAction(icon("new"), tr("&New"), this);
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setStatusTip(tr("Start an empty network: a stem and a head, ready for blocks"));
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newNetwork);

    m_presetAction = new QAction(icon("preset"), tr("New from &Preset..."), this);
    m_presetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_presetAction->setStatusTip(tr("Start from a ResNet, a plain twin or a spiral MLP of any depth"));
    connect(m_presetAction, &QAction::triggered, this, &MainWindow::newFromPreset);

    m_openAction = new QAction(icon("open"), tr("&Open..."), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::open);

    m_saveAction = new QAction(icon("save"), tr("&Save"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::save);

    m_saveAsAction = new QAction(tr("Save &As..."), this);
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveAs);

    m_exportAction = new QAction(icon("export"), tr("&Export Picture..."), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setStatusTip(tr("Save the drawn network as PNG, SVG or PDF"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportPicture);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setIcon(icon("undo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setIcon(icon("redo"));
    m_redoAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});

    m_deleteAction = new QAction(icon("delete"), tr("&Delete"), this);
    m_deleteAction->setShortcuts({QKeySequence(Qt::Key_Delete), QKeySequence(Qt::Key_Backspace)});
    m_deleteAction->setStatusTip(tr("Delete the selected blocks or layers"));
    connect(m_deleteAction, &QAction::triggered, m_scene, &BuilderScene::deleteSelection);

    m_selectAllAction = new QAction(tr("Select &All"), this);
    m_selectAllAction->setShortcut(QKeySequence::SelectAll);
    connect(m_selectAllAction, &QAction::triggered, m_scene, &BuilderScene::selectAllItems);

    m_toggleSkipAction = new QAction(icon("skip"), tr("&Toggle Skip"), this);
    m_toggleSkipAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_toggleSkipAction->setStatusTip(tr("Add or remove the skip connection of the selected block"));
    connect(m_toggleSkipAction, &QAction::triggered, this, [this] {
        const QList<core::BlockId> ids = m_scene->selectedBlockIds();
        if (ids.size() == 1)
            m_scene->toggleSkip(ids.front());
    });

    m_allResidualAction = new QAction(icon("all_residual"), tr("Make Every Block &Residual"), this);
    m_allResidualAction->setStatusTip(
        tr("Give every block a skip: identity where the shapes match, a projection where they change"));
    m_allResidualAction->setIconText(tr("All residual"));
    connect(m_allResidualAction, &QAction::triggered, this, [this] { m_scene->setAllResidual(true); });
    m_allPlainAction = new QAction(icon("all_plain"), tr("Make Every Block &Plain"), this);
    m_allPlainAction->setStatusTip(tr("Remove every skip: the plain twin of the network"));
    m_allPlainAction->setIconText(tr("All plain"));
    connect(m_allPlainAction, &QAction::triggered, this, [this] { m_scene->setAllResidual(false); });

    m_zoomInAction = new QAction(icon("zoom_in"), tr("Zoom &In"), this);
    m_zoomInAction->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(m_zoomInAction, &QAction::triggered, m_view, &BuilderView::zoomIn);
    m_zoomOutAction = new QAction(icon("zoom_out"), tr("Zoom &Out"), this);
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);
    connect(m_zoomOutAction, &QAction::triggered, m_view, &BuilderView::zoomOut);
    m_fitAction = new QAction(icon("fit"), tr("&Fit to View"), this);
    m_fitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(m_fitAction, &QAction::triggered, m_view, &BuilderView::fitToView);

    m_shortcutsAction = new QAction(tr("&Keyboard Shortcuts"), this);
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
    m_aboutAction = new QAction(tr("&About ResNet Lab"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);

    // Shortcuts work wherever the focus is in the window; text fields keep Delete and Ctrl+Z
    // for themselves (they accept the shortcut override).
    for (QAction* action : {m_newAction, m_presetAction, m_openAction, m_saveAction, m_saveAsAction, m_exportAction,
                            m_quitAction, m_undoAction, m_redoAction, m_deleteAction, m_selectAllAction,
                            m_toggleSkipAction, m_zoomInAction, m_zoomOutAction, m_fitAction, m_shortcutsAction})
        addAction(action);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_presetAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_deleteAction);
    edit->addAction(m_selectAllAction);
    edit->addSeparator();
    edit->addAction(m_toggleSkipAction);
    edit->addAction(m_allResidualAction);
    edit->addAction(m_allPlainAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_zoomInAction);
    m_viewMenu->addAction(m_zoomOutAction);
    m_viewMenu->addAction(m_fitAction);
    m_viewMenu->addSeparator();
    QMenu* panels = m_viewMenu->addMenu(tr("&Panels"));
    for (QDockWidget* dock : {m_paletteDock, m_propertiesDock, m_issuesDock, m_historyDock, m_trainingDock})
        panels->addAction(dock->toggleViewAction());
    m_actions->registerMenu(MenuId::kFile, file);
    m_actions->registerMenu(MenuId::kEdit, edit);
    m_actions->registerMenu(MenuId::kView, m_viewMenu);
    m_actions->registerMenu(MenuId::kPanels, panels);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcutsAction);
    help->addAction(m_aboutAction);
    m_actions->registerMenu(MenuId::kHelp, help);
}

void MainWindow::registerActions() {
    const std::pair<const char*, QAction*> actions[] = {
        {ActionId::kNew, m_newAction},           {ActionId::kNewFromPreset, m_presetAction},
        {ActionId::kOpen, m_openAction},         {ActionId::kSave, m_saveAction},
        {ActionId::kSaveAs, m_saveAsAction},     {ActionId::kExportPicture, m_exportAction},
        {ActionId::kQuit, m_quitAction},         {ActionId::kUndo, m_undoAction},
        {ActionId::kRedo, m_redoAction},         {ActionId::kDelete, m_deleteAction},
        {ActionId::kSelectAll, m_selectAllAction}, {ActionId::kToggleSkip, m_toggleSkipAction},
        {ActionId::kAllResidual, m_allResidualAction}, {ActionId::kAllPlain, m_allPlainAction},
        {ActionId::kZoomIn, m_zoomInAction},     {ActionId::kZoomOut, m_zoomOutAction},
        {ActionId::kFit, m_fitAction},           {ActionId::kShortcuts, m_shortcutsAction},
        {ActionId::kAbout, m_aboutAction},
    };
    for (const auto& [id, action] : actions)
        m_actions->registerAction(QString::fromLatin1(id), action);
}

void MainWindow::createToolBar() {
    QToolBar* bar = m_toolBar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setIconSize(QSize(22, 22));
    bar->addAction(m_newAction);
    bar->addAction(m_presetAction);
    bar->addAction(m_openAction);
    bar->addAction(m_saveAction);
    bar->addSeparator();
    bar->addAction(m_undoAction);
    bar->addAction(m_redoAction);
    bar->addAction(m_deleteAction);
    bar->addSeparator();
    bar->addAction(m_allResidualAction);
    bar->addAction(m_allPlainAction);
    // The two whole-network switches say what they do.
    for (QAction* action : {m_allResidualAction, m_allPlainAction})
        if (auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action)))
            button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addSeparator();
    bar->addAction(m_zoomOutAction);
    bar->addAction(m_zoomInAction);
    bar->addAction(m_fitAction);
}

void MainWindow::createDocks() {
    auto dock = [this](const QString& title, const char* name, QWidget* widget, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(QLatin1String(name));
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_palette = new BlockPalette(this);
    m_paletteDock = dock(tr("Palette"), "paletteDock", m_palette, Qt::LeftDockWidgetArea);
    connect(m_palette, &BlockPalette::entryActivated, m_scene, &BuilderScene::insertFromPalette);

    m_properties = new PropertiesPanel(m_document, this);
    m_propertiesDock = dock(tr("Properties"), "propertiesDock", m_properties, Qt::RightDockWidgetArea);
    m_issues = new IssuesPanel(m_document, this);
    m_issuesDock = dock(tr("Issues"), "issuesDock", m_issues, Qt::RightDockWidgetArea);
    m_history = new QUndoView(m_document->undoStack(), this);
    m_history->setEmptyLabel(tr("%1 as opened").arg(m_document->displayName()));
    m_historyDock = dock(tr("History"), "historyDock", m_history, Qt::RightDockWidgetArea);
    tabifyDockWidget(m_issuesDock, m_historyDock);
    m_issuesDock->raise();

    auto* placeholder = new QLabel(tr("Training controls and live plots appear here."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setStyleSheet(QStringLiteral("color: #7a818c;"));
    m_trainingDock = dock(tr("Training"), "trainingDock", placeholder, Qt::BottomDockWidgetArea);
    resizeDocks({m_paletteDock}, {230}, Qt::Horizontal);
    resizeDocks({m_propertiesDock}, {330}, Qt::Horizontal);
    // The plots get room to be read on a first start (at 150 px the curves were a strip); a
    // saved layout replaces this.
    resizeDocks({m_trainingDock}, {360}, Qt::Vertical);
    resizeDocks({m_propertiesDock, m_issuesDock}, {430, 220}, Qt::Vertical);

    // Selecting on the canvas shows the selection's properties; clicking an issue selects its block.
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        m_properties->setSelection(m_scene->selectedBlockIds(), m_scene->selectedLayers());
        updateSelectionActions();
    });
    connect(m_issues, &IssuesPanel::blockActivated, this, [this](core::BlockId id) {
        m_scene->selectBlocks({id});
        if (BlockItem* item = m_scene->blockItem(id))
            m_view->ensureVisible(item, 80, 80);
    });
    connect(m_issues, &IssuesPanel::layerActivated, this, [this](LayerSection section, int index) {
        m_scene->selectLayer(section, index);
        m_view->ensureVisible(m_scene->stackItem(section), 80, 80);
    });
}

void MainWindow::createStatusBar() {
    m_statusNetwork = new QLabel(this);
    m_statusNetwork->setObjectName(QStringLiteral("statusNetwork"));
    m_statusNetwork->setMinimumWidth(1);   // clipped, not widening the window, with large fonts
    m_statusValid = new QLabel(this);
    m_statusZoom = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusValid);
    statusBar()->addPermanentWidget(m_statusNetwork);
    statusBar()->addPermanentWidget(m_statusZoom);
    connect(m_view, &BuilderView::zoomChanged, this,
            [this](double zoom) { m_statusZoom->setText(tr("zoom %1%").arg(qRound(zoom * 100))); });
    m_statusZoom->setText(tr("zoom 100%"));
}

void MainWindow::connectDocument() {
    connect(m_document, &NetworkDocument::changed, this, [this] {
        updateStatus();
        updateTitle();
    });
    connect(m_document, &NetworkDocument::modifiedChanged, this, &MainWindow::updateTitle);
    // A new network (New, Open, a lesson's Set up) is shown whole; a dropped block that lands
    // past the edge brings the view along.
    connect(m_document, &NetworkDocument::specReset, this, [this] {
        if (isVisible())
            QTimer::singleShot(0, m_view, &BuilderView::fitToView);
    });
    connect(m_document, &NetworkDocument::blockInserted, this, [this] {
        if (isVisible())
            QTimer::singleShot(0, m_view, &BuilderView::ensureNetworkVisible);
    });
    connect(m_document, &NetworkDocument::filePathChanged, this, &MainWindow::updateTitle);
}

void MainWindow::setQuiet(bool quiet, QMessageBox::StandardButton unsavedAnswer) {
    m_quiet = quiet;
    m_unsavedAnswer = unsavedAnswer;
}

void MainWindow::showMessage(const QString& title, const QString& text) {
    m_lastMessage = text;
    if (!m_quiet)
        QMessageBox::warning(this, title, text);
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — ResNet Lab").arg(m_document->displayName()));
    m_history->setEmptyLabel(tr("%1 as opened").arg(m_document->displayName()));   // the first History entry
    setWindowModified(m_document->isModified());
}

void MainWindow::updateStatus() {
    const core::SpecAnalysis& analysis = m_document->analysis();
    m_statusNetwork->setText(tr("depth %1 · %2 parameters · %3 per sample")
                                 .arg(analysis.depth)
                                 .arg(QString::fromStdString(core::groupThousands(analysis.params)))
                                 .arg(canvas::flopsText(analysis.flops)));
    const int problems = int(analysis.issues.size());
    m_statusValid->setText(problems == 0
                               ? tr("<span style='color:#2e7d32'>✔ valid</span>")
                               : tr("<span style='color:#c62828'>✖ %1</span>").arg(canvas::problemsText(problems)));
}

void MainWindow::updateSelectionActions() {
    const QList<core::BlockId> blocks = m_scene->selectedBlockIds();
    m_deleteAction->setEnabled(!blocks.isEmpty() || !m_scene->selectedLayers().isEmpty());
    m_toggleSkipAction->setEnabled(blocks.size() == 1);
}

void MainWindow::setNetwork(const core::NetworkSpec& spec) {
    m_document->reset(spec);
    updateSelectionActions();
    if (isVisible())
        QTimer::singleShot(0, m_view, &BuilderView::fitToView);
}

void MainWindow::setTrainingWorkspace(QWidget* workspace) {
    QWidget* old = m_trainingDock->widget();
    m_trainingDock->setWidget(workspace);
    if (old && old != workspace)
        old->deleteLater();
    m_trainingDock->show();
}

QWidget* MainWindow::trainingWorkspace() const { return m_trainingDock->widget(); }

void MainWindow::showTrainingArea() { m_trainingDock->show(); }

void MainWindow::addPanel(QDockWidget* dock) {
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(m_propertiesDock, dock);
    m_propertiesDock->raise();
    restoreDockWidget(dock);   // its place from the saved layout, which was read before it came
    m_actions->menu(MenuId::kPanels)->addAction(dock->toggleViewAction());
}

QList<QWidget*> MainWindow::editingWidgets() const {
    return {m_paletteDock, m_propertiesDock, m_issuesDock, m_historyDock, m_toolBar};
}

void MainWindow::addFileHandler(FileHandler handler) { m_fileHandlers.push_back(std::move(handler)); }

void MainWindow::showStatusMessage(const QString& message, int timeoutMs) { statusBar()->showMessage(message, timeoutMs); }

bool MainWindow::maybeSave() {
    if (!m_document->isModified())
        return true;
    QMessageBox::StandardButton answer = m_unsavedAnswer;
    if (!m_quiet)
        answer = QMessageBox::warning(this, tr("Unsaved Changes"),
                                      tr("The network \"%1\" has unsaved changes. Save them?")
                                          .arg(m_document->displayName()),
                                      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                      QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::newNetwork() {
    if (!maybeSave())
        return;
    core::NetworkSpec spec = core::presetByName("spiral-residual-4");
    spec.name = tr("untitled").toStdString();
    spec.blocks.clear();
    setNetwork(spec);
}

void MainWindow::newFromPreset() {
    if (!maybeSave())
        return;
    PresetDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        setNetwork(dialog.spec());
}

void MainWindow::open() {
    if (!maybeSave())
        return;
    const QString dir = m_document->filePath().isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                            : QFileInfo(m_document->filePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Network"), dir, tr(kNetworkFilter));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openFile(const QString& path) {
    QString error;
    for (const FileHandler& handler : m_fileHandlers) {
        if (!handler.accepts(path))
            continue;
        if (!handler.open(path, &error)) {
            showMessage(handler.failureTitle, error);
            return false;
        }
        RecentFiles::add(path);
        updateSelectionActions();
        if (isVisible())
            QTimer::singleShot(0, m_view, &BuilderView::fitToView);
        return true;
    }
    if (!m_document->load(path, &error)) {
        showMessage(tr("Cannot Open the Network"), error);
        return false;
    }
    RecentFiles::add(path);
    updateSelectionActions();
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 4000);
    if (isVisible())
        QTimer::singleShot(0, m_view, &BuilderView::fitToView);
    return true;
}

bool MainWindow::saveFile(const QString& path) {
    // An invalid network can be saved (work in progress), but Open refuses it until it is fixed.
    const int problems = int(m_document->analysis().issues.size());
    if (problems > 0 && !m_quiet &&
        QMessageBox::question(this, tr("Save an Invalid Network?"),
                              tr("The network has %1. It can be saved, but ResNet Lab will not open the file "
                                 "again until they are fixed. Save anyway?")
                                  .arg(canvas::problemsText(problems)),
                              QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Save)
        return false;
    QString error;
    if (!m_document->save(path, &error)) {
        showMessage(tr("Cannot Save the Network"), error);
        return false;
    }
    RecentFiles::add(path);
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

bool MainWindow::save() {
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveFile(m_document->filePath());
}

bool MainWindow::saveAs() {
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty())
        suggestion = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + '/' +
                     m_document->displayName() + ".json";
    QString path = QFileDialog::getSaveFileName(this, tr("Save Network"), suggestion, tr(kNetworkFilter));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return saveFile(path);
}

void MainWindow::exportPicture() {
    const QString base = m_document->filePath().isEmpty()
                             ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation) + '/' +
                                   m_document->displayName()
                             : QFileInfo(m_document->filePath()).absolutePath() + '/' +
                                   QFileInfo(m_document->filePath()).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Picture"), base + ".png",
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCanvas(*m_scene, path, &error))
        showMessage(tr("Cannot Export the Picture"), error);
    else
        statusBar()->showMessage(tr("Exported %1").arg(QFileInfo(path).fileName()), 4000);
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = RecentFiles::files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        QAction* action = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openFile(path);
        });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear Menu"), this, [] { RecentFiles::clear(); })->setEnabled(!files.isEmpty());
}

void MainWindow::showShortcuts() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard Shortcuts"));
    auto* table = new QTableWidget(&dialog);
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys or gesture")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    QList<QPair<QString, QString>> rows;
    for (QAction* action : {m_newAction, m_presetAction, m_openAction, m_saveAction, m_saveAsAction, m_exportAction,
                            m_undoAction, m_redoAction, m_deleteAction, m_selectAllAction, m_toggleSkipAction,
                            m_zoomInAction, m_zoomOutAction, m_fitAction, m_shortcutsAction, m_quitAction}) {
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        QString text = action->text();
        text.remove('&');
        if (action == m_undoAction)
            text = tr("Undo");
        if (action == m_redoAction)
            text = tr("Redo");
        rows.append({text, keys.join(tr(" or "))});
    }
    rows.append({tr("Zoom around the cursor"), tr("Mouse wheel")});
    rows.append({tr("Pan"), tr("Drag on empty space")});
    rows.append({tr("Select several blocks"), tr("Ctrl+click, or Shift+drag a rubber band")});
    rows.append({tr("Insert a block"), tr("Drag it from the palette, or double-click it")});
    rows.append({tr("Move blocks"), tr("Drag them along the chain")});
    rows.append({tr("Toggle a skip connection"), tr("Click the skip arrow or the block's switch")});
    rows.append({tr("Block actions (fix, zero the branch)"), tr("Right-click the block")});
    table->setRowCount(rows.size());
    for (int r = 0; r < rows.size(); ++r) {
        table->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        table->setItem(r, 1, new QTableWidgetItem(rows[r].second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(560, 620);
    dialog.exec();
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About ResNet Lab"),
                       tr("<h3>ResNet Lab %1</h3>"
                          "<p>A desktop laboratory for residual networks: build plain and residual networks, "
                          "train them, and watch why skip connections matter.</p>"
                          "<p>After K. He, X. Zhang, S. Ren and J. Sun, <i>Deep Residual Learning for Image "
                          "Recognition</i>, 2015.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::readSettings() {
    QSettings settings;
    const QByteArray geometry = settings.value("mainWindow/geometry").toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings.value("mainWindow/state").toByteArray();
    if (!state.isEmpty())
        restoreState(state, kStateVersion);
}

void MainWindow::writeSettings() {
    QSettings settings;
    settings.setValue("mainWindow/geometry", saveGeometry());
    settings.setValue("mainWindow/state", saveState(kStateVersion));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    emit closing();   // the close is certain: stop what runs in other threads, leave presentation mode
    writeSettings();
    event->accept();
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!m_fittedOnce) {
        m_fittedOnce = true;
        QTimer::singleShot(0, m_view, &BuilderView::fitToView);
    }
}

}  // namespace ui
