// tests/ui/test_canvas_export.cpp: the drawn network exported as PNG, SVG and PDF, chosen by
// suffix; an unknown suffix or an unwritable place is reported, not written.
#include "ui/builder/builder_scene.h"
#include "ui/builder/canvas_export.h"
#include "ui/document/network_document.h"

#include "core/spec/presets.h"

#include <QFile>
#include <QImage>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ui;

class TestCanvasExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void formatsBySuffix() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        BuilderScene scene(&document);
        scene.selectBlocks({document.spec().blocks[0].id});
        QTemporaryDir dir;
        QString error;
        QVERIFY2(exportCanvas(scene, dir.filePath("net.png"), &error), qPrintable(error));
        const QImage image(dir.filePath("net.png"));
        QVERIFY(!image.isNull());
        // Twice the scene size, white around the network.
        QVERIFY(image.width() > 2 * scene.networkRect().width());
        QCOMPARE(image.pixelColor(4, 4), QColor(Qt::white));
        QVERIFY(exportCanvas(scene, dir.filePath("net.svg"), &error));
        QFile svg(dir.filePath("net.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        QVERIFY(exportCanvas(scene, dir.filePath("net.pdf"), &error));
        QFile pdf(dir.filePath("net.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        // The selection is back after the export.
        QCOMPARE(scene.selectedBlockIds(), QList<core::BlockId>{document.spec().blocks[0].id});
    }

    void failuresAreReported() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-4"));
        BuilderScene scene(&document);
        QTemporaryDir dir;
        QString error;
        QVERIFY(!exportCanvas(scene, dir.filePath("net.bmpx"), &error));
        QVERIFY(error.contains(".svg"));
        QVERIFY(!QFile::exists(dir.filePath("net.bmpx")));
        QVERIFY(!exportCanvas(scene, "/nonexistent/dir/net.png", &error));
        QVERIFY(error.contains("net.png"));
    }
};

QTEST_MAIN(TestCanvasExport)
#include "test_canvas_export.moc"
