#include "ui/builder/block_palette.h"

#include "ui/builder/builder_mime.h"
#include "ui/builder/builder_resources.h"

#include <QDrag>
#include <QHeaderView>
#include <QIcon>
#include <QMimeData>
#include <QPainter>

namespace ui {

namespace {

constexpr int kEntryRole = Qt::UserRole + 1;

}  // namespace

BlockPalette::BlockPalette(QWidget* parent) : QTreeWidget(parent) {
    ensureResources();
    setHeaderHidden(true);
    setRootIsDecorated(false);
    setIndentation(6);
    setIconSize(QSize(32, 32));
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setSelectionMode(SingleSelection);
    setAnimated(false);

    auto* blocks = new QTreeWidgetItem(this, {tr("Blocks")});
    auto* layers = new QTreeWidgetItem(this, {tr("Layers (stem and head)")});
    for (QTreeWidgetItem* group : {blocks, layers}) {
        group->setFlags(Qt::ItemIsEnabled);
        QFont font = group->font(0);
        font.setBold(true);
        group->setFont(0, font);
    }
    for (const PaletteInfo& info : paletteEntries()) {
        auto* item = new QTreeWidgetItem(info.isBlock ? blocks : layers, {info.name});
        item->setIcon(0, QIcon(info.icon));
        item->setToolTip(0, info.toolTip);
        item->setStatusTip(0, info.toolTip);
        item->setData(0, kEntryRole, int(info.entry));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    }
    expandAll();
    setItemsExpandable(false);

    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QVariant entry = item->data(0, kEntryRole);
        if (entry.isValid())
            emit entryActivated(PaletteEntry(entry.toInt()));
    });
}

QTreeWidgetItem* BlockPalette::itemFor(PaletteEntry entry) const {
    for (int g = 0; g < topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            if (group->child(i)->data(0, kEntryRole).toInt() == int(entry))
                return group->child(i);
    }
    return nullptr;
}

QMimeData* BlockPalette::mimeDataFor(PaletteEntry entry) const {
    QTreeWidgetItem* item = itemFor(entry);
    return item ? mimeData({item}) : nullptr;
}

QStringList BlockPalette::mimeTypes() const { return {QString::fromLatin1(kPaletteMimeType)}; }

QMimeData* BlockPalette::mimeData(const QList<QTreeWidgetItem*>& items) const {
    if (items.isEmpty())
        return nullptr;
    const QVariant entry = items.front()->data(0, kEntryRole);
    return entry.isValid() ? paletteMimeData(PaletteEntry(entry.toInt())) : nullptr;
}

// A copy, never a move: the palette keeps its entries whatever the drop target answers.
void BlockPalette::startDrag(Qt::DropActions) {
    QTreeWidgetItem* item = currentItem();
    if (!item || !item->data(0, kEntryRole).isValid())
        return;
    auto* drag = new QDrag(this);
    drag->setMimeData(mimeData({item}));
    const QPixmap icon = item->icon(0).pixmap(QSize(40, 40), devicePixelRatioF());
    drag->setPixmap(icon);
    drag->setHotSpot(QPoint(20, 20));
    drag->exec(Qt::CopyAction, Qt::CopyAction);
    // The palette is a source, not a choice: nothing stays highlighted after the drop.
    clearSelection();
    setCurrentItem(nullptr);
}

}  // namespace ui
