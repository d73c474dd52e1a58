// ui/builder/block_palette.h: the palette the user drags from: the blocks of the chapter
// (plain, residual, convolution, bottleneck) and the single layers a stem or head needs, each
// with an icon and a one-sentence tooltip. Dragging an entry carries paletteMimeData(entry);
// double-clicking inserts it after the selection (BuilderScene::insertFromPalette).
#pragma once

#include "ui/builder/palette_entries.h"

#include <QTreeWidget>

namespace ui {

class BlockPalette : public QTreeWidget {
    Q_OBJECT
public:
    explicit BlockPalette(QWidget* parent = nullptr);

    // The item of an entry (for tests and keyboard use).
    QTreeWidgetItem* itemFor(PaletteEntry entry) const;
    // The drag data of an entry: exactly what a drag from this palette carries.
    QMimeData* mimeDataFor(PaletteEntry entry) const;

signals:
    void entryActivated(ui::PaletteEntry entry);

protected:
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override;
    void startDrag(Qt::DropActions supportedActions) override;
};

}  // namespace ui
