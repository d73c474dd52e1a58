// resnetlab: the GUI. Creates the application and the main window, opens the file named on the
// command line (`resnetlab [FILE]`); no logic here.
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("ResNet Lab");
    QApplication::setOrganizationName("ResNet Lab");
    QApplication::setApplicationVersion(RESNETLAB_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Build, train and watch residual networks.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", "A network file (.json) to open.", "[FILE]");
    parser.process(app);

    ui::MainWindow window;   // registers the resources (icons) of the ui library
    QApplication::setWindowIcon(QIcon(":/icons/resnetlab.svg"));
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().front());
    return app.exec();
}
