// ui/builder/issues_panel.h: the list of what stops the network from being built, one row per
// validation message of the core (each names its block or layer and the field). Clicking a row
// selects the block on the canvas; a shape mismatch offers its one-click fixes (a projection or
// a zero-padding shortcut) right in the row.
#pragma once

#include "core/spec/network_spec.h"
#include "ui/document/network_document.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;

namespace ui {

class IssuesPanel : public QWidget {
    Q_OBJECT
public:
    explicit IssuesPanel(NetworkDocument* document, QWidget* parent = nullptr);

    int issueCount() const;
    QListWidget* list() const { return m_list; }

signals:
    void blockActivated(core::BlockId id);
    void layerActivated(ui::LayerSection section, int index);
    // The number of issues changed (0: the network can be trained).
    void countChanged(int count);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refresh();
    void updateRowHeights();
    void activate(QListWidgetItem* item);

    NetworkDocument* m_document;
    QListWidget* m_list;
    QLabel* m_status;
    int m_count = -1;
};

}  // namespace ui
