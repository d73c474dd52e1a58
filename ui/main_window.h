// ui/main_window.h: the application window. For now it shows the current network's layers,
// shapes, parameter counts and FLOPs; the builder and the training views are added as docks.
#pragma once

#include "core/spec/network_spec.h"

#include <QMainWindow>

class QTreeWidget;

namespace ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    void setNetwork(const core::NetworkSpec& spec);

private:
    QTreeWidget* m_layers;
    core::NetworkSpec m_spec;
};

}  // namespace ui
