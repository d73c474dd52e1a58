// resnetlab: the GUI. Creates the application and the main window; no logic here.
#include "ui/main_window.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("ResNet Lab");
    QApplication::setOrganizationName("ResNet Lab");
    QApplication::setApplicationVersion(RESNETLAB_VERSION);
    QApplication::setWindowIcon(QIcon(":/icons/resnetlab.svg"));
    ui::MainWindow window;
    window.show();
    return app.exec();
}
