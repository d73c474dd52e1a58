// resnetlab: the GUI. Creates the application and the main window with its training
// workspace, opens the file named on the command line and starts a demonstration when asked:
//   resnetlab [FILE] [--train] [--view curves|depth|flow] [--sweep]
// so that a teacher's desktop shortcut can start straight into a demo. No logic here.
#include "core/parallel.h"
#include "ui/shell/main_window.h"
#include "ui/shell/shell.h"
#include "ui/workspace/training_workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    core::relaunchWithPassiveOpenMp(argv);   // threads that wait beside a window must sleep
    QApplication app(argc, argv);
    QApplication::setApplicationName("ResNet Lab");
    QApplication::setOrganizationName("ResNet Lab");
    QApplication::setApplicationVersion(RESNETLAB_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Build, train and watch residual networks.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "A network (.json) or run bundle to open.", "[FILE]");
    const QCommandLineOption train("train", "Start training at once.");
    const QCommandLineOption view("view", "Show the view NAME: curves, depth, flow or blocks.", "NAME");
    const QCommandLineOption sweep("sweep", "Open the depth view and run the default depth sweep.");
    parser.addOptions({train, view, sweep});
    parser.process(app);
    const QString viewName = parser.value(view);
    if (parser.isSet(view) && viewName != "curves" && viewName != "depth" && viewName != "flow" && viewName != "blocks") {
        std::fprintf(stderr, "resnetlab: --view takes curves, depth, flow or blocks, not '%s'\n", qPrintable(viewName));
        return 2;
    }

    ui::Shell shell;   // the window registers the resources (icons) of the ui library
    QApplication::setWindowIcon(QIcon(":/icons/resnetlab.svg"));
    ui::MainWindow& window = *shell.window();
    ui::TrainingWorkspace* training = shell.training();
    window.show();
    shell.attachAutosave();
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().front());
    if (parser.isSet(view))
        training->selectView(viewName);
    // Once the window is on screen, so the demonstration is seen from its first step.
    if (parser.isSet(sweep))
        QTimer::singleShot(0, training, [training] { training->runDefaultSweep(); });
    else if (parser.isSet(train))
        QTimer::singleShot(0, training, [training] { training->startTraining(); });
    return app.exec();
}
