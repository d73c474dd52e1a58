// tests/cli/test_cli_lesion_paths.cpp: resnetlab-cli lesion and paths, run as a user runs them
// (small networks, few epochs). The files and figures appear with the documented columns; a
// saved bundle is reopened without training and gives the same lesion table; bad input and bad
// usage give exit codes 3 and 2.
#include "support/cli.h"

#include <QTemporaryDir>
#include <QtTest>

using Run = testsupport::ProcessRun;
using testsupport::cli;
using testsupport::readLines;

namespace {

bool nonEmptyFile(const QString& path) { return QFileInfo(path).exists() && QFileInfo(path).size() > 1000; }

}  // namespace

class TestCliLesionPaths : public QObject {
    Q_OBJECT

private slots:
    void lesionWritesTablesFigureAndBundle() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("lesion"), bundle = dir.filePath("lesion-bundle.json");
        const Run r = cli({"lesion", "spiral-residual-8", "--epochs", "3", "--size", "600", "--draws", "3", "--out", out,
                           "--save-bundle", bundle, "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("spiral-plain-8") && r.err.contains("spiral-residual-8"), qPrintable(r.err));
        QVERIFY(r.out.contains("one block removed"));

        const QStringList lines = readLines(out + "/lesion.csv");
        QVERIFY(!lines.isEmpty());
        QCOMPARE(lines[0], QStringLiteral("family,set,removed_blocks,draw,removed,test_error,test_loss"));
        int plainSingle = 0, residualRandom = 0, baselines = 0;
        for (const QString& line : lines.mid(1)) {
            const QStringList f = line.split(',');
            QCOMPARE(f.size(), 7);
            QVERIFY(f[0] == "plain" || f[0] == "residual");
            bool ok = false;
            const double error = f[5].toDouble(&ok);
            QVERIFY2(ok && error >= 0 && error <= 1, qPrintable(line));
            if (f[1] == "baseline")
                ++baselines;
            if (f[0] == "plain" && f[1] == "single")
                ++plainSingle;
            if (f[0] == "residual" && f[1] == "random") {
                ++residualRandom;
                QCOMPARE(f[4].split(' ').size(), f[2].toInt());   // the removed indices, one per block
            }
        }
        QCOMPARE(baselines, 2);
        QCOMPARE(plainSingle, 3);            // spiral-*-8: 3 blocks, each removed alone
        QCOMPARE(residualRandom, 3 * 3);     // k = 1, 2, 3 with 3 draws each
        const QStringList summary = readLines(out + "/lesion_summary.csv");
        QCOMPARE(summary.value(0),
                 QStringLiteral("family,removed_blocks,draws,mean_error,std_error,min_error,max_error,mean_loss"));
        QCOMPARE(summary.size(), 1 + 2 * 4);
        QVERIFY(nonEmptyFile(out + "/lesion.png"));
        QVERIFY(nonEmptyFile(bundle));

        // The bundle holds the trained pair: reopened, nothing is trained and the table is the same.
        const QString again = dir.filePath("again");
        const Run r2 = cli({"lesion", bundle, "--draws", "3", "--out", again, "--quiet"});
        QVERIFY2(r2.code == 0, qPrintable(r2.err));
        QVERIFY2(r2.err.contains("restored 2 trained network(s)"), qPrintable(r2.err));
        QVERIFY(!r2.err.contains("training"));
        QCOMPARE(readLines(again + "/lesion.csv"), lines);
    }

    void pathsWritesTheDistributionAndFigure() {
        QTemporaryDir dir;
        const QString out = dir.filePath("paths");
        const Run r = cli({"paths", "spiral-residual-10", "--at", "init", "--samples", "5", "--size", "400", "--out", out,
                           "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("4 residual blocks, 2^4 paths"));
        QVERIFY(r.out.contains("x → f1 → f2 → f3 → f4 → y"));   // the unraveled paths of a small net
        const QStringList lines = readLines(out + "/paths.csv");
        QCOMPARE(lines.size(), 1 + 5);
        QVERIFY(lines[0].startsWith(QStringLiteral("length,count,fraction,gradient_norm,")));
        QVERIFY(lines[0].contains(QStringLiteral("contribution")));
        const int counts[] = {1, 4, 6, 4, 1};
        for (int k = 0; k <= 4; ++k) {
            const QStringList f = lines[k + 1].split(',');
            QCOMPARE(f[0].toInt(), k);
            QCOMPARE(f[1].toInt(), counts[k]);
            QCOMPARE(f[2].toDouble(), counts[k] / 16.0);
            QVERIFY(f[3].toDouble() > 0);
        }
        QVERIFY(nonEmptyFile(out + "/paths.png"));

        // A few epochs of training, the default measurement.
        const Run trained = cli({"paths", "spiral-residual-8", "--epochs", "2", "--size", "400", "--out", out, "--quiet"});
        QVERIFY2(trained.code == 0, qPrintable(trained.err));
        QVERIFY(trained.out.contains("(trained, spiral)"));
    }

    void badInputAndUsage() {
        QTemporaryDir dir;
        Run r = cli({"lesion", dir.filePath("missing.json"), "--out", dir.path()});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("missing.json"));
        // A damaged bundle: the message names the file and what is wrong.
        QFile damaged(dir.filePath("damaged.json"));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("{\"format\": \"resnetlab-bundle\", \"version\": 1, \"name\": \"x\"}");
        damaged.close();
        r = cli({"lesion", damaged.fileName(), "--out", dir.path()});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("damaged.json: spec: missing field"), qPrintable(r.err));
        r = cli({"paths", "spiral-plain-8", "--at", "init", "--out", dir.path()});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("needs a residual network"), qPrintable(r.err));
        r = cli({"lesion", "no-such-preset", "--out", dir.path()});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("unknown preset"));
        r = cli({"lesion", "--draws", "many"});
        QCOMPARE(r.code, 2);
        r = cli({"paths", "--at", "later"});
        QCOMPARE(r.code, 2);
        r = cli({"lesion", "spiral-residual-8", "--depth", "20"});
        QCOMPARE(r.code, 2);
        r = cli({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("lesion [SPEC_OR_BUNDLE]") && r.out.contains("paths [SPEC_OR_BUNDLE]"));
    }
};

QTEST_APPLESS_MAIN(TestCliLesionPaths)
#include "test_cli_lesion_paths.moc"
