#include "ui/main_window.h"

#include "core/format.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <QHeaderView>
#include <QLabel>
#include <QStatusBar>
#include <QTreeWidget>

namespace ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_layers(new QTreeWidget(this)) {
    m_layers->setHeaderLabels({tr("Layer"), tr("Description"), tr("Output"), tr("Parameters"), tr("FLOPs")});
    m_layers->setRootIsDecorated(false);
    m_layers->setAlternatingRowColors(true);
    m_layers->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setCentralWidget(m_layers);
    resize(1200, 800);
    core::MlpOptions defaults;
    setNetwork(core::mlpNet(defaults));
}

void MainWindow::setNetwork(const core::NetworkSpec& spec) {
    m_spec = spec;
    const core::SpecAnalysis analysis = core::analyze(spec);
    m_layers->clear();
    for (const core::LayerSummary& row : analysis.layers) {
        auto* item = new QTreeWidgetItem(m_layers);
        item->setText(0, QString::fromStdString(row.name));
        item->setText(1, QString::fromStdString(row.description));
        item->setText(2, QString::fromStdString(row.output.str()));
        item->setText(3, QString::fromStdString(core::groupThousands(row.params)));
        item->setText(4, QString::fromStdString(core::groupThousands(row.flops)));
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(4, Qt::AlignRight | Qt::AlignVCenter);
    }
    setWindowTitle(QString::fromStdString(spec.name) + tr(" — ResNet Lab"));
    statusBar()->showMessage(tr("depth %1 · %2 parameters · %3FLOPs per sample")
                                 .arg(analysis.depth)
                                 .arg(QString::fromStdString(core::groupThousands(analysis.params)))
                                 .arg(QString::fromStdString(core::humanCount(double(analysis.flops)))));
}

}  // namespace ui
