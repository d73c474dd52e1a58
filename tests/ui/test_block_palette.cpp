// tests/ui/test_block_palette.cpp: the palette offers the chapter's blocks and the single
// layers a stem or head needs, each with an icon and a one-sentence tooltip; its drag data
// names the entry; a dropped block is fitted to the shape that arrives where it lands.
#include "ui/builder/block_palette.h"
#include "ui/builder/builder_mime.h"
#include "ui/builder/palette_entries.h"

#include <QFile>
#include <QMimeData>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidgetItem>

#include <memory>

using namespace ui;

class TestBlockPalette : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyEntryHasAnIconAndATooltip() {
        BlockPalette palette;   // registers the resources
        QCOMPARE(int(paletteEntries().size()), 12);
        for (const PaletteInfo& info : paletteEntries()) {
            QVERIFY2(QFile::exists(info.icon), qPrintable(info.icon));
            QTreeWidgetItem* item = palette.itemFor(info.entry);
            QVERIFY(item);
            QVERIFY(!item->icon(0).isNull());
            const QString tip = item->toolTip(0);
            // One sentence: it ends with a full stop and no other sentence starts inside it.
            QVERIFY2(tip.endsWith('.') && !tip.contains(QRegularExpression("\\.\\s+[A-Z]")), qPrintable(tip));
            QCOMPARE(item->text(0), info.name);
        }
    }

    void dragDataNamesTheEntry() {
        BlockPalette palette;
        for (const PaletteInfo& info : paletteEntries()) {
            std::unique_ptr<QMimeData> mime(palette.mimeDataFor(info.entry));
            QVERIFY(mime);
            QCOMPARE(paletteEntryFromMime(mime.get()), std::optional<PaletteEntry>(info.entry));
            QVERIFY(blockIdsFromMime(mime.get()).isEmpty());
        }
        std::unique_ptr<QMimeData> blocks(blocksMimeData({3, 7}));
        QCOMPARE(blockIdsFromMime(blocks.get()), (QList<core::BlockId>{3, 7}));
        QVERIFY(!paletteEntryFromMime(blocks.get()));
    }

    void blocksFitWhereTheyLand() {
        const core::Shape vector = core::Shape::vector(48);
        const core::Shape image = core::Shape::image(32, 16, 16);
        QCOMPARE(makeBlock(PaletteEntry::ResidualBlock, vector).width, 48);
        QCOMPARE(makeBlock(PaletteEntry::ResidualBlock, vector).shortcut, core::ShortcutKind::Identity);
        QCOMPARE(makeBlock(PaletteEntry::PlainBlock, image).shortcut, core::ShortcutKind::None);
        const core::BlockSpec down = makeBlock(PaletteEntry::ConvolutionBlock, image);
        QCOMPARE(down.stride, 2);
        QCOMPARE(down.shortcut, core::ShortcutKind::Projection);
        QCOMPARE(makeBlock(PaletteEntry::ConvolutionBlock, vector).stride, 1);
        const core::BlockSpec bottleneck = makeBlock(PaletteEntry::BottleneckBlock, image);
        QCOMPARE(bottleneck.kind, core::BlockKind::Bottleneck);
        QCOMPARE(bottleneck.width, 32);
        QCOMPARE(bottleneck.bottleneckWidth, 8);
        QCOMPARE(makeLayer(PaletteEntry::Dense, true, 10).units, 10);
        QCOMPARE(makeLayer(PaletteEntry::GlobalAvgPool, true, 10).type, core::LayerType::GlobalAvgPool);
    }
};

QTEST_MAIN(TestBlockPalette)
#include "test_block_palette.moc"
