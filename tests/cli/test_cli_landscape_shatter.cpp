// tests/cli/test_cli_landscape_shatter.cpp: resnetlab-cli landscape and shatter, run as a user
// runs them (small networks, coarse grids). The tables and figures appear with the documented
// columns and sizes; bad usage gives exit code 2 with a message naming the option, bad input 3.
#include "support/cli.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using Run = testsupport::ProcessRun;
using testsupport::cli;
using testsupport::readLines;

class TestCliLandscapeShatter : public QObject {
    Q_OBJECT

private slots:
    void landscapeWritesSurfacesPathAndFigure() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("landscape");
        const Run r = cli({"landscape", "--depth", "8", "--epochs", "3", "--size", "600", "--grid", "5",
                           "--path-grid", "5", "--checkpoint-every", "2", "--out", out, "--quiet",
                           "--save-bundle", dir.filePath("landscape.bundle.json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("spiral-plain-8") && r.out.contains("spiral-residual-8"), qPrintable(r.out));

        const QStringList grid = readLines(out + "/landscape.csv");
        QVERIFY(!grid.isEmpty());
        QCOMPARE(grid[0], QStringLiteral("family,alpha,beta,loss,error"));
        QCOMPARE(grid.size(), 1 + 2 * 25);   // two 5x5 grids
        int plain = 0, centres = 0;
        for (const QString& line : grid.mid(1)) {
            const QStringList f = line.split(',');
            QCOMPARE(f.size(), 5);
            QVERIFY(f[0] == "plain" || f[0] == "residual");
            plain += f[0] == "plain";
            const double alpha = f[1].toDouble(), beta = f[2].toDouble();
            QVERIFY(alpha >= -1 && alpha <= 1 && beta >= -1 && beta <= 1);
            bool ok = false;
            const double error = f[4].toDouble(&ok);
            QVERIFY(ok && error >= 0 && error <= 1);
            centres += alpha == 0 && beta == 0;
        }
        QCOMPARE(plain, 25);
        QCOMPARE(centres, 2);

        const QStringList path = readLines(out + "/trajectory.csv");
        QVERIFY(!path.isEmpty());
        QCOMPARE(path[0], QStringLiteral("family,step,alpha,beta,loss"));
        // 450 training samples, batch 128: 4 steps per epoch, 12 steps; every 2 steps and step 0.
        QCOMPARE(path.size(), 1 + 2 * 7);
        QVERIFY(path[1].startsWith("plain,0,"));
        QVERIFY2(path[7].startsWith("plain,12,0,0,"), qPrintable(path[7]));   // the path ends at θ*

        const QStringList pathPlane = readLines(out + "/landscape_path.csv");
        QCOMPARE(pathPlane.size(), 1 + 2 * 25);
        QCOMPARE(pathPlane[0], QStringLiteral("family,alpha,beta,loss,error"));
        const QStringList summary = readLines(out + "/landscape_summary.csv");
        QCOMPARE(summary.size(), 1 + 4);
        QVERIFY(summary[0].startsWith("family,network,plane,points,local_minima,min_loss,max_loss,roughness"));

        const QImage png(out + "/landscape.png");
        QVERIFY(!png.isNull());
        QCOMPARE(png.width(), 1400);

        // The bundle keeps the twins' weights and the landscape, for the window to open.
        QFile bundle(dir.filePath("landscape.bundle.json"));
        QVERIFY(bundle.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(bundle.readAll()).object();
        const QJsonObject landscape = json.value("landscape").toObject();
        QCOMPARE(landscape.value("random").toArray().size(), 2);
        QCOMPARE(landscape.value("random").toArray()[0].toObject().value("loss").toArray().size(), 25);
        QCOMPARE(landscape.value("paths").toArray().size(), 2);
    }

    void shatterWritesGradientsSummaryAndFigure() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("shatter");
        const Run r = cli({"shatter", "--depths", "1,3", "--inits", "2", "--width", "32", "--points", "40",
                           "--out", out, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("lag-1"));

        const QStringList lines = readLines(out + "/shatter.csv");
        QVERIFY(!lines.isEmpty());
        QCOMPARE(lines[0], QStringLiteral("family,depth,init,x,gradient"));
        QCOMPARE(lines.size(), 1 + 2 * 2 * 2 * 40);   // families x depths x inits x points
        const QStringList first = lines[1].split(',');
        QCOMPARE(first.size(), 5);
        QCOMPARE(first[3].toDouble(), -2.0);
        QCOMPARE(lines[40].split(',')[3].toDouble(), 2.0);

        const QStringList summary = readLines(out + "/shatter_summary.csv");
        QCOMPARE(summary.size(), 5);
        QCOMPARE(summary[0], QStringLiteral("family,depth,lag1_correlation"));
        QVERIFY(summary[1].startsWith("plain,1,") && summary[4].startsWith("residual,3,"));
        for (const QString& line : summary.mid(1)) {
            bool ok = false;
            const double r1 = line.split(',')[2].toDouble(&ok);
            QVERIFY(ok && r1 >= -1 && r1 <= 1);
        }
        const QImage png(out + "/shatter.png");
        QVERIFY(!png.isNull());
        QCOMPARE(png.width(), 1500);
    }

    void badUsageAndInput() {
        QTemporaryDir dir;
        const QString out = dir.filePath("x");
        for (const QStringList& args :
             {QStringList{"landscape", "--grid", "4"}, QStringList{"landscape", "--range", "-1"},
              QStringList{"landscape", "--bn", "sometimes"}, QStringList{"landscape", "--grid", "many"},
              QStringList{"shatter", "--depths", "0,8"}, QStringList{"shatter", "--inits", "0"},
              QStringList{"shatter", "--families", "dense"}, QStringList{"shatter", "extra"},
              QStringList{"shatter", "--frobnicate"}}) {
            const Run r = cli(args + QStringList{"--out", out});
            QVERIFY2(r.code == 2, qPrintable(args.join(' ') + ": " + r.err));
            QVERIFY2(r.err.contains("resnetlab-cli " + args[0]), qPrintable(r.err));
        }
        const Run grid = cli({"landscape", "--grid", "4", "--out", out});
        QVERIFY(grid.err.contains("--grid") && grid.err.contains("odd"));
        const Run depths = cli({"shatter", "--depths", "0", "--out", out});
        QVERIFY(depths.err.contains("--depths"));

        const QString broken = dir.filePath("broken.json");
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"not a network\"");
        f.close();
        const Run bad = cli({"landscape", broken, "--out", out});
        QCOMPARE(bad.code, 3);
        QVERIFY(bad.err.contains("broken.json"));
    }
};

QTEST_APPLESS_MAIN(TestCliLandscapeShatter)
#include "test_cli_landscape_shatter.moc"
