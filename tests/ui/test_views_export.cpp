// tests/ui/test_views_export.cpp: every plot leaves the app as a valid PNG, SVG or PDF of the
// chosen size and as a CSV table of its data; the image grid (not a plot) too.
#include <QtTest>

#include "ui/plots/figure_export.h"
#include "ui/plots/plot_export.h"
#include "ui/views/decision_map_view.h"
#include "ui/views/image_predictions_view.h"

#include <qcustomplot.h>

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSvgRenderer>
#include <QTemporaryDir>

namespace {

void fillPlot(QCustomPlot& plot) {
    QCPGraph* g = plot.addGraph();
    g->setName(QStringLiteral("residual, training error"));
    g->setData({1, 2, 3}, {0.5, 0.25, 0.125});
    auto* map = new QCPColorMap(plot.xAxis, plot.yAxis);
    map->setName(QStringLiteral("heat"));
    map->data()->setSize(2, 3);
    map->data()->setRange(QCPRange(0, 1), QCPRange(0, 2));
    for (int x = 0; x < 2; ++x)
        for (int y = 0; y < 3; ++y)
            map->data()->setCell(x, y, x * 10 + y);
    plot.rescaleAxes();
}

// Width and height of a PDF's first page, in points, from its MediaBox.
QSizeF pdfPageSize(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    const QRegularExpression box(QStringLiteral("/MediaBox\\s*\\[\\s*([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)"));
    const QRegularExpressionMatch m = box.match(QString::fromLatin1(bytes));
    if (!m.hasMatch())
        return {};
    return {m.captured(3).toDouble() - m.captured(1).toDouble(), m.captured(4).toDouble() - m.captured(2).toDouble()};
}

// The viewBox of an SVG file: its size in user units (pixels).
QSize svgViewBox(const QString& path) {
    QSvgRenderer svg(path);
    if (!svg.isValid())
        return {};
    return svg.viewBox().size();
}

}  // namespace

class TestViewsExport : public QObject {
    Q_OBJECT
private slots:
    void plotFiguresHaveTheChosenSize_data();
    void plotFiguresHaveTheChosenSize();
    void widgetFiguresHaveTheChosenSize_data();
    void widgetFiguresHaveTheChosenSize();
    void plotDataAsCsv();
    void decisionMapCsv();
    void unknownFormatIsRefused();
    void missingFolderGivesTheReason();
    void failedSaveKeepsTheDialog();
    void exportedFigureHasATitle();
};

void TestViewsExport::plotFiguresHaveTheChosenSize_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("png 800x500") << "png" << 800 << 500;
    QTest::newRow("png 1920x1080") << "png" << 1920 << 1080;
    QTest::newRow("svg 640x480") << "svg" << 640 << 480;
    QTest::newRow("pdf 1000x600") << "pdf" << 1000 << 600;
}

void TestViewsExport::plotFiguresHaveTheChosenSize() {
    QFETCH(QString, suffix);
    QFETCH(int, width);
    QFETCH(int, height);
    QTemporaryDir dir;
    QCustomPlot plot;
    plot.resize(300, 200);
    fillPlot(plot);
    const QString path = dir.filePath(QStringLiteral("figure.") + suffix);
    QCOMPARE(ui::savePlot(plot, path, width, height), QString());
    QVERIFY(QFileInfo(path).size() > 100);
    if (suffix == QLatin1String("png")) {
        const QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(width, height));
    } else if (suffix == QLatin1String("svg")) {
        QCOMPARE(svgViewBox(path), QSize(width, height));
    } else {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");
        const QSizeF page = pdfPageSize(path);
        QVERIFY2(page.width() > 0, "no MediaBox");
        QCOMPARE(qRound(page.width() / page.height() * 100), qRound(double(width) / height * 100));
    }
}

void TestViewsExport::widgetFiguresHaveTheChosenSize_data() {
    QTest::addColumn<QString>("suffix");
    QTest::newRow("png") << "png";
    QTest::newRow("svg") << "svg";
    QTest::newRow("pdf") << "pdf";
}

void TestViewsExport::widgetFiguresHaveTheChosenSize() {
    QFETCH(QString, suffix);
    QTemporaryDir dir;
    ui::ImageGridWidget grid;
    grid.resize(400, 300);
    QVector<QImage> images;
    for (int i = 0; i < 6; ++i) {
        QImage image(16, 16, QImage::Format_RGB32);
        image.fill(QColor(i * 40, 0, 0));
        images << image;
    }
    grid.setImages(images, {0, 1, 2, 0, 1, 2}, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    grid.setPredictions({0, 1, 1, 0, 2, 2});
    const QString path = dir.filePath(QStringLiteral("grid.") + suffix);
    QCOMPARE(ui::saveWidget(grid, path, 1000, 750), QString());
    if (suffix == QLatin1String("png")) {
        const QImage image(path);
        QCOMPARE(image.size(), QSize(1000, 750));
        // The images were drawn (not a blank page).
        int coloured = 0;
        for (int y = 0; y < image.height(); y += 5)
            for (int x = 0; x < image.width(); x += 5)
                coloured += qRed(image.pixel(x, y)) != qGreen(image.pixel(x, y));
        QVERIFY(coloured > 50);
    } else if (suffix == QLatin1String("svg")) {
        QCOMPARE(svgViewBox(path), QSize(1000, 750));
    } else {
        const QSizeF page = pdfPageSize(path);
        QVERIFY(page.width() > 0);
        QCOMPARE(qRound(page.width() / page.height() * 100), qRound(1000.0 / 750 * 100));
    }
}

void TestViewsExport::plotDataAsCsv() {
    QTemporaryDir dir;
    QCustomPlot plot;
    fillPlot(plot);
    const QString path = dir.filePath(QStringLiteral("data.csv"));
    QCOMPARE(ui::savePlotCsv(plot, path), QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3 + 6);
    QCOMPARE(lines[0], QStringLiteral("series,x,y,z"));
    QCOMPARE(lines[1], QStringLiteral("\"residual, training error\",1,0.5,"));   // quoted: it has a comma
    QVERIFY(lines.contains(QStringLiteral("heat,1,2,12")));
}

void TestViewsExport::decisionMapCsv() {
    QTemporaryDir dir;
    ui::DecisionMapView view;
    view.clear(1);
    ui::DataSnapshot data;
    data.points2d = true;
    data.classes = 2;
    data.x = {0.0f, 1.0f};
    data.y = {0.0f, 1.0f};
    data.labels = {0, 1};
    view.setData(data);
    ui::DecisionMapSnapshot map;
    map.classes = 2;
    map.nx = map.ny = 2;
    map.xMin = map.yMin = -1;
    map.xMax = map.yMax = 1;
    map.step = 5;
    map.probabilities = {0.9f, 0.1f, 0.2f, 0.8f, 0.5f, 0.5f, 0.3f, 0.7f};
    view.setMap(map);
    QCOMPARE(view.mapStep(0), 5);
    const QString path = dir.filePath(QStringLiteral("map.csv"));
    QCOMPARE(view.saveCsv(path), QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 2 + 4);
    QCOMPARE(lines[0], QStringLiteral("kind,run,x,y,label,p0,p1"));
    QCOMPARE(lines[3], QStringLiteral("map,,-0.5,-0.5,0,0.9,0.1"));
    // And the figure itself.
    const QString png = dir.filePath(QStringLiteral("map.png"));
    QCOMPARE(ui::savePlot(*view.plot(), png, 600, 600), QString());
    QCOMPARE(QImage(png).size(), QSize(600, 600));
}

void TestViewsExport::unknownFormatIsRefused() {
    QTemporaryDir dir;
    QCustomPlot plot;
    QVERIFY(ui::savePlot(plot, dir.filePath(QStringLiteral("x.bmpx")), 100, 100).contains(QStringLiteral("unknown")));
    QWidget w;
    QVERIFY(ui::saveWidget(w, dir.filePath(QStringLiteral("x.gif")), 100, 100).contains(QStringLiteral("unknown")));
    QVERIFY(!ui::saveWidget(w, dir.filePath(QStringLiteral("x.png")), 5, 100).isEmpty());
}

void TestViewsExport::missingFolderGivesTheReason() {
    QTemporaryDir dir;
    QCustomPlot plot;
    fillPlot(plot);
    const QString missing = dir.filePath(QStringLiteral("no-such-folder/loss.png"));
    const QString error = ui::savePlot(plot, missing, 300, 200);
    QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("no-such-folder")), qPrintable(error));
    QWidget w;
    QVERIFY(ui::saveWidget(w, missing, 100, 100).contains(QStringLiteral("does not exist")));
    QVERIFY(ui::savePlot(plot, dir.path(), 300, 200).contains(QStringLiteral("is a folder")));
}

// Save in the dialog with a path whose folder is missing: the reason shows in the dialog, which
// stays open; a good path then saves and closes it.
void TestViewsExport::failedSaveKeepsTheDialog() {
    QTemporaryDir dir;
    QCustomPlot plot;
    fillPlot(plot);
    const QString good = dir.filePath(QStringLiteral("loss.png"));
    bool stayedOpen = false;
    QString shown;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto* path = dialog->findChild<QLineEdit*>(QStringLiteral("figurePath"));
        auto* problem = dialog->findChild<QLabel*>(QStringLiteral("figureProblem"));
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QVERIFY(path && problem && buttons);
        path->setText(dir.filePath(QStringLiteral("missing/loss.png")));
        buttons->button(QDialogButtonBox::Save)->click();
        stayedOpen = dialog->isVisible();
        shown = problem->text();
        path->setText(good);
        buttons->button(QDialogButtonBox::Save)->click();
    });
    QVERIFY(ui::exportFigureInteractively(nullptr, plot, QStringLiteral("loss")));
    QVERIFY(stayedOpen);
    QVERIFY2(shown.contains(QStringLiteral("does not exist")), qPrintable(shown));
    QVERIFY(QFile::exists(good));
}

void TestViewsExport::exportedFigureHasATitle() {
    QTemporaryDir dir;
    QCustomPlot plot;
    fillPlot(plot);
    const int rows = plot.plotLayout()->rowCount();
    const QString plain = dir.filePath(QStringLiteral("plain.png")), titled = dir.filePath(QStringLiteral("titled.png"));
    QCOMPARE(ui::savePlot(plot, plain, 400, 300), QString());
    QCOMPARE(ui::savePlot(plot, titled, 400, 300, QStringLiteral("Loss")), QString());
    QVERIFY(QImage(plain) != QImage(titled));                // the title was drawn...
    QCOMPARE(plot.plotLayout()->rowCount(), rows);           // ...and is gone from the plot again
    QVERIFY(!ui::plotTitle(plot));
}

QTEST_MAIN(TestViewsExport)
#include "test_views_export.moc"
