// tests/ui/test_main_window.cpp: the window around the builder: it starts on the default
// network, the title carries the file name, a * for unsaved changes and "ResNet Lab", the
// status bar shows depth, parameters and FLOPs, open/save round-trip through files (a corrupt
// file changes nothing), recent files are remembered, and the training area takes a widget.
#include "ui/builder/builder_scene.h"
#include "ui/builder/builder_view.h"
#include "ui/builder/commands/change_block_param.h"
#include "ui/document/network_document.h"
#include "ui/document/recent_files.h"
#include "ui/shell/main_window.h"

#include "core/spec/presets.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace ui;

class TestMainWindow : public QObject {
    Q_OBJECT

    static QString statusText(MainWindow& window) {
        return window.findChild<QLabel*>("statusNetwork")->text();
    }
    static void edit(MainWindow& window) {
        NetworkDocument* document = window.document();
        document->undoStack()->push(
            new ChangeBlockParamCommand(document, {document->spec().blocks[0].id}, BlockField::Span, 3));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ResNet Lab Tests");
        QCoreApplication::setApplicationName("test_main_window");
        QSettings().clear();
    }

    void startsOnTheDefaultNetwork() {
        NetworkDocument document;
        MainWindow window(&document);
        QCOMPARE(window.document()->spec(), MainWindow::defaultNetwork());
        QVERIFY(window.document()->isValid());
        QVERIFY(window.windowTitle().contains("spiral-residual-16"));
        QVERIFY(window.windowTitle().contains("ResNet Lab"));
        QVERIFY(!window.isWindowModified());
        QVERIFY2(statusText(window).contains("depth 16"), qPrintable(statusText(window)));
        QVERIFY(statusText(window).contains("15,491 parameters"));
        QVERIFY(statusText(window).contains("FLOPs"));
        QCOMPARE(window.builderScene()->document(), window.document());
    }

    void titleAndStatusFollowEdits() {
        NetworkDocument document;
        MainWindow window(&document);
        edit(window);
        QVERIFY(window.isWindowModified());
        QVERIFY(statusText(window).contains("depth 17"));
        window.document()->undoStack()->undo();
        QVERIFY(!window.isWindowModified());
        QVERIFY(statusText(window).contains("depth 16"));
    }

    void saveAndOpenRoundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath("mine.json");
        NetworkDocument document;
        MainWindow window(&document);
        window.setQuiet(true);
        window.setNetwork(core::presetByName("resnet20"));
        edit(window);
        QVERIFY(window.saveFile(path));
        QVERIFY(!window.isWindowModified());
        QVERIFY(window.windowTitle().startsWith("mine.json"));
        QCOMPARE(RecentFiles::files().front(), QFileInfo(path).absoluteFilePath());
        const core::NetworkSpec saved = window.document()->spec();

        window.setNetwork(MainWindow::defaultNetwork());
        QVERIFY(window.openFile(path));
        QCOMPARE(window.document()->spec(), saved);
        QCOMPARE(window.document()->filePath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(window.builderScene()->blockItemCount(), 9);
    }

    void corruptFileLeavesTheDocumentUnchanged() {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.json");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"format\": \"resnetlab-network\", \"version\": 1, \"name\": ");
        }
        NetworkDocument document;
        MainWindow window(&document);
        window.setQuiet(true);
        edit(window);
        const std::string before = core::specToJson(window.document()->spec());
        QVERIFY(!window.openFile(path));
        QVERIFY2(window.lastMessage().contains("not valid JSON"), qPrintable(window.lastMessage()));
        QCOMPARE(core::specToJson(window.document()->spec()), before);
        QVERIFY(window.isWindowModified());
        QCOMPARE(window.document()->undoStack()->count(), 1);
    }

    void unsavedChangesAreAskedAbout() {
        NetworkDocument document;
        MainWindow window(&document);
        window.setQuiet(true, QMessageBox::Cancel);
        QVERIFY(window.maybeSave());   // nothing to save
        edit(window);
        QVERIFY(!window.maybeSave());  // cancelled
        QVERIFY(!window.close());
        QVERIFY(window.document()->isModified());
        window.setQuiet(true, QMessageBox::Discard);
        QVERIFY(window.maybeSave());
        QVERIFY(window.close());
    }

    void trainingWorkspaceTakesAWidget() {
        NetworkDocument document;
        MainWindow window(&document);
        QPointer<QWidget> placeholder = window.trainingWorkspace();
        auto* workspace = new QLabel("training");
        window.setTrainingWorkspace(workspace);
        QCOMPARE(window.trainingWorkspace(), workspace);
        QTRY_VERIFY(placeholder.isNull());
    }

    void menusHaveTheUsualShortcuts() {
        NetworkDocument document;
        MainWindow window(&document);
        QStringList keys;
        for (QAction* action : window.findChildren<QAction*>())
            for (const QKeySequence& key : action->shortcuts())
                keys << key.toString(QKeySequence::PortableText);
        for (const char* key : {"Ctrl+N", "Ctrl+O", "Ctrl+S", "Ctrl+Z", "Ctrl+Shift+Z", "Del", "Ctrl+0", "Ctrl+A"})
            QVERIFY2(keys.contains(QLatin1String(key)), key);
    }

    void layoutIsRemembered() {
        {
            NetworkDocument document;
            MainWindow window(&document);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.findChild<QDockWidget*>("historyDock")->setFloating(true);
            window.setQuiet(true);
            QVERIFY(window.close());
        }
        NetworkDocument againDocument;
        MainWindow again(&againDocument);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.findChild<QDockWidget*>("historyDock")->isFloating());
        again.findChild<QDockWidget*>("historyDock")->setFloating(false);
        again.setQuiet(true);
        again.close();
    }

    void fitShowsTheWholeNetwork() {
        NetworkDocument document;
        MainWindow window(&document);
        window.setNetwork(core::presetByName("resnet56"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.builderView()->fitToView();
        BuilderView* view = window.builderView();
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY(visible.contains(window.builderScene()->networkRect()));
        window.setQuiet(true);
        window.close();
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
