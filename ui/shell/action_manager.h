// ui/shell/action_manager.h: the window's actions and menus by id, so that whoever adds an
// item to a menu finds its place by a name that does not change with the language or the
// wording ("file.export_picture", not the text "Export"). After Tiled's ActionManager, but one
// per window rather than global.
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QMenu;

namespace ui {

// The ids the main window registers.
namespace ActionId {
inline constexpr char kNew[] = "file.new";
inline constexpr char kNewFromPreset[] = "file.new_from_preset";
inline constexpr char kOpen[] = "file.open";
inline constexpr char kSave[] = "file.save";
inline constexpr char kSaveAs[] = "file.save_as";
inline constexpr char kExportPicture[] = "file.export_picture";
inline constexpr char kQuit[] = "file.quit";
inline constexpr char kUndo[] = "edit.undo";
inline constexpr char kRedo[] = "edit.redo";
inline constexpr char kDelete[] = "edit.delete";
inline constexpr char kSelectAll[] = "edit.select_all";
inline constexpr char kToggleSkip[] = "edit.toggle_skip";
inline constexpr char kAllResidual[] = "edit.all_residual";
inline constexpr char kAllPlain[] = "edit.all_plain";
inline constexpr char kZoomIn[] = "view.zoom_in";
inline constexpr char kZoomOut[] = "view.zoom_out";
inline constexpr char kFit[] = "view.fit";
inline constexpr char kShortcuts[] = "help.shortcuts";
inline constexpr char kAbout[] = "help.about";
}  // namespace ActionId

namespace MenuId {
inline constexpr char kFile[] = "file";
inline constexpr char kEdit[] = "edit";
inline constexpr char kView[] = "view";
inline constexpr char kPanels[] = "view.panels";
inline constexpr char kHelp[] = "help";
}  // namespace MenuId

class ActionManager : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // One action (or menu) per id; registering an id again replaces it.
    void registerAction(const QString& id, QAction* action);
    void registerMenu(const QString& id, QMenu* menu);
    // Null when nothing has that id.
    QAction* action(const QString& id) const { return m_actions.value(id); }
    QMenu* menu(const QString& id) const { return m_menus.value(id); }

    // Puts `action` into menu `menuId` right after (or before) the action `anchorId`; at the
    // end when the anchor is not in that menu.
    void insertAfter(const QString& menuId, const QString& anchorId, QAction* action) const;
    void insertBefore(const QString& menuId, const QString& anchorId, QAction* action) const;

private:
    QHash<QString, QPointer<QAction>> m_actions;
    QHash<QString, QPointer<QMenu>> m_menus;
};

}  // namespace ui
