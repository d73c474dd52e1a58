#include "ui/shell/action_manager.h"

#include <QAction>
#include <QMenu>

namespace ui {

void ActionManager::registerAction(const QString& id, QAction* action) { m_actions.insert(id, action); }

void ActionManager::registerMenu(const QString& id, QMenu* menu) { m_menus.insert(id, menu); }

void ActionManager::insertAfter(const QString& menuId, const QString& anchorId, QAction* action) const {
    QMenu* target = menu(menuId);
    if (!target)
        return;
    const QList<QAction*> items = target->actions();
    const qsizetype at = items.indexOf(this->action(anchorId));
    target->insertAction(at >= 0 && at + 1 < items.size() ? items[at + 1] : nullptr, action);
}

void ActionManager::insertBefore(const QString& menuId, const QString& anchorId, QAction* action) const {
    QMenu* target = menu(menuId);
    if (!target)
        return;
    QAction* anchor = this->action(anchorId);
    target->insertAction(target->actions().contains(anchor) ? anchor : nullptr, action);
}

}  // namespace ui
