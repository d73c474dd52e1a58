// ui/shell/main_window.h: the application window. The canvas in the middle (a BuilderView on the
// document's BuilderScene), the block palette on the left, the properties, issues and undo
// history on the right, and an area at the bottom for the training workspace. It edits the
// NetworkDocument it is given and turns the menus (File, Edit, View, Help) into document
// operations; its actions and menus have ids (actions()) for the shell to add to. The title
// shows the file, a * for unsaved changes and "ResNet Lab"; the status bar shows depth,
// parameters and FLOPs. The layout of the docks is kept between runs (QSettings).
#pragma once

#include "core/spec/network_spec.h"

#include <QMainWindow>
#include <QMessageBox>

#include <functional>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QToolBar;
class QUndoView;

namespace ui {

class ActionManager;
class BlockPalette;
class BuilderScene;
class BuilderView;
class IssuesPanel;
class NetworkDocument;
class PropertiesPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Starts `document` on the default network.
    explicit MainWindow(NetworkDocument* document, QWidget* parent = nullptr);
    ~MainWindow() override;

    NetworkDocument* document() const { return m_document; }
    BuilderScene* builderScene() const { return m_scene; }
    BuilderView* builderView() const { return m_view; }
    BlockPalette* palette() const { return m_palette; }
    PropertiesPanel* propertiesPanel() const { return m_properties; }
    IssuesPanel* issuesPanel() const { return m_issues; }
    ActionManager* actions() const { return m_actions; }

    // Puts `workspace` (the training controls and plots) into the area below the canvas; the
    // window takes ownership and deletes what was there before.
    void setTrainingWorkspace(QWidget* workspace);
    QWidget* trainingWorkspace() const;
    // Shows the area below the canvas (when a lesson needs it).
    void showTrainingArea();
    // A further panel on the right, as a tab beside the properties (the lessons), listed under
    // View > Panels; its place is kept between runs like the others.
    void addPanel(QDockWidget* dock);
    // What a class does not need to see (presentation mode): the editing panels and the toolbar.
    QList<QWidget*> editingWidgets() const;

    // A kind of file Open accepts besides networks (run bundles): `accepts` looks at the file,
    // `open` opens it (false with a message on failure, shown under `failureTitle`).
    struct FileHandler {
        std::function<bool(const QString& path)> accepts;
        std::function<bool(const QString& path, QString* error)> open;
        QString failureTitle;
    };
    void addFileHandler(FileHandler handler);

    // The network the app starts on: the 16-layer residual spiral MLP.
    static core::NetworkSpec defaultNetwork();
    // Replaces the document with `spec` without asking (New, presets, start-up).
    void setNetwork(const core::NetworkSpec& spec);
    // Open and save. On failure they show the message (the core's, for a bad file) and leave
    // the current network as it was.
    bool openFile(const QString& path);
    bool saveFile(const QString& path);
    // Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();

    // For tests and scripted use: messages are kept in lastMessage() instead of being shown,
    // and "save your changes?" is answered with `unsavedAnswer` (Discard by default).
    void setQuiet(bool quiet, QMessageBox::StandardButton unsavedAnswer = QMessageBox::Discard);
    QString lastMessage() const { return m_lastMessage; }

public slots:
    void showStatusMessage(const QString& message, int timeoutMs = 8000);

signals:
    // The window closes for good (unsaved changes were handled): stop background work and
    // leave presentation mode. The layout is saved after this.
    void closing();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void registerActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createStatusBar();
    void connectDocument();
    void readSettings();
    void writeSettings();
    void updateTitle();
    void updateStatus();
    void updateRecentMenu();
    void updateSelectionActions();
    void showMessage(const QString& title, const QString& text);

    void newNetwork();
    void newFromPreset();
    void open();
    bool save();
    bool saveAs();
    void exportPicture();
    void showShortcuts();
    void about();

    NetworkDocument* m_document;
    BuilderScene* m_scene;
    BuilderView* m_view;
    BlockPalette* m_palette = nullptr;
    PropertiesPanel* m_properties = nullptr;
    IssuesPanel* m_issues = nullptr;
    QUndoView* m_history = nullptr;
    ActionManager* m_actions;
    std::vector<FileHandler> m_fileHandlers;
    QToolBar* m_toolBar = nullptr;
    QDockWidget* m_paletteDock = nullptr;
    QDockWidget* m_propertiesDock = nullptr;
    QDockWidget* m_issuesDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QDockWidget* m_trainingDock = nullptr;
    QLabel* m_statusNetwork = nullptr;
    QLabel* m_statusValid = nullptr;
    QLabel* m_statusZoom = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;

    QAction* m_newAction = nullptr;
    QAction* m_presetAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_selectAllAction = nullptr;
    QAction* m_toggleSkipAction = nullptr;
    QAction* m_allResidualAction = nullptr;
    QAction* m_allPlainAction = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_shortcutsAction = nullptr;
    QAction* m_aboutAction = nullptr;

    bool m_quiet = false;
    QMessageBox::StandardButton m_unsavedAnswer = QMessageBox::Discard;
    QString m_lastMessage;
    bool m_fittedOnce = false;
};

}  // namespace ui
