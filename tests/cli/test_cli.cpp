// resnetlab-cli as a user runs it: info (text and JSON), presets, train, sweep, and the exit
// codes with their messages for usage errors, bad files and diverging runs.
#include <nlohmann/json.hpp>

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "support/cli.h"

using Run = testsupport::ProcessRun;
using testsupport::cli;

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void infoPrintsTheTable() {
        const Run r = cli({"info", "resnet20"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("269,722 parameters"));
        QVERIFY(r.out.contains("depth 20"));
        QVERIFY(r.out.contains("32x16x16"));
    }

    void infoJsonHasTheKeys() {
        QTemporaryDir dir;
        QCOMPARE(cli({"preset", "resnet56", "--out", dir.filePath("r56.json")}).code, 0);
        const Run r = cli({"info", dir.filePath("r56.json"), "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["params"].get<long long>(), 853018LL);
        QVERIFY(j["flops"].get<long long>() > 0);
        QCOMPARE(int(j["layers"].size()), 3 + 27 + 2);
        QCOMPARE(j["layers"][3]["output"], nlohmann::json({16, 32, 32}));
        QVERIFY(j["valid"].get<bool>());
    }

    void presetListAndOutput() {
        const Run list = cli({"preset", "--list"});
        QCOMPARE(list.code, 0);
        for (const char* name : {"resnet20", "plain110", "spiral-residual-56", "bottleneck-example"})
            QVERIFY(list.out.contains(name));
        QTemporaryDir dir;
        const Run r = cli({"preset", "spiral-plain-32", "--out", dir.filePath("p.json")});
        QCOMPARE(r.code, 0);
        QVERIFY(QFile::exists(dir.filePath("p.json")));
    }

    void usageErrorsExitWith2() {
        QCOMPARE(cli({}).code, 2);
        const Run unknown = cli({"frobnicate"});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains("unknown command 'frobnicate'"));
        const Run badOption = cli({"sweep", "--depths", "4,x"});
        QCOMPARE(badOption.code, 2);
        QVERIFY(badOption.err.contains("--depths: 'x' is not an integer"));
        const Run badLr = cli({"sweep", "--lr", "-1"});
        QCOMPARE(badLr.code, 2);
        QVERIFY(badLr.err.contains("--lr"));
        QCOMPARE(cli({"info"}).code, 2);
    }

    void badInputExitsWith3_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{ nope") << "not valid JSON at byte";
        QTest::newRow("empty") << QByteArray("") << "not valid JSON";
        QTest::newRow("unknown field") << QByteArray(R"({"format":"resnetlab-network","version":1,"extra":1})") << "missing field";
        QTest::newRow("non-utf8") << QByteArray("\xff\xfe\x00{") << "not valid JSON";
    }
    void badInputExitsWith3() {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile f(dir.filePath("bad.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const Run r = cli({"info", dir.filePath("bad.json")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.err.contains("bad.json"));
    }

    void invalidNetworkExitsWith3() {
        QTemporaryDir dir;
        QCOMPARE(cli({"preset", "spiral-residual-8", "--out", dir.filePath("n.json")}).code, 0);
        QFile f(dir.filePath("n.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray text = f.readAll();
        f.close();
        text.replace("\"width\": 32", "\"width\": 1000000000");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
        f.close();
        const Run info = cli({"info", dir.filePath("n.json")});
        QCOMPARE(info.code, 3);
        QVERIFY(info.out.contains("block 0: width is 1000000000"));
        const Run train = cli({"train", dir.filePath("n.json"), "--out", dir.path()});
        QCOMPARE(train.code, 3);
        QVERIFY2(train.err.contains("width is 1000000000; it must be between 1 and 16,384"), qPrintable(train.err));
    }

    void trainWritesHistoryAndWeights() {
        QTemporaryDir dir;
        const Run r = cli({"train", "spiral-residual-8", "--epochs", "3", "--size", "400", "--out", dir.path(), "--quiet"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("final train loss"));
        QFile history(dir.filePath("history.csv"));
        QVERIFY(history.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(history.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith("epoch,step,batch_loss"));
        QVERIFY(QFileInfo(dir.filePath("weights.rnlw")).size() > 1000);
    }

    void divergenceExitsWith4() {
        QTemporaryDir dir;
        const Run r = cli({"train", "spiral-plain-8", "--lr", "90", "--schedule", "constant", "--epochs", "20",
                           "--out", dir.path(), "--quiet"});
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("diverged at step"), qPrintable(r.err));
        QVERIFY(r.err.contains("learning rate"));
    }

    void missingDataFileExitsWith3() {
        const Run r = cli({"train", "spiral-residual-8", "--data", "csv:/nonexistent/file.csv", "--quiet"});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("/nonexistent/file.csv"), qPrintable(r.err));
    }

    void reducedSweepWritesCsvAndFigure() {
        QTemporaryDir dir;
        const Run r = cli({"sweep", "--depths", "4,8", "--seeds", "0", "--epochs", "3", "--out", dir.path(), "--quiet"});
        QCOMPARE(r.code, 0);
        QFile csv(dir.filePath("sweep.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QVERIFY(lines[0].startsWith("family,depth,seed,final_train_error,final_train_loss,final_test_error"));
        QVERIFY(lines[0].contains("seconds"));
        QCOMPARE(lines.size(), 1 + 4);
        const QImage png(dir.filePath("sweep.png"));
        QCOMPARE(png.size(), QSize(900, 600));
    }

    // The sweep says which block the residual family uses at each depth: the chapter's below
    // 200 layers, full pre-activation from 200 on, and a design chosen with --block at every
    // depth; an unknown design is refused with the known ones.
    void sweepNamesTheResidualBlock() {
        QTemporaryDir dir;
        const Run mixed = cli({"sweep", "--depths", "4,200", "--families", "residual", "--seeds", "0", "--epochs",
                               "1", "--warmup", "0", "--size", "200", "--out", dir.path(), "--quiet"});
        QCOMPARE(mixed.code, 0);
        QVERIFY2(mixed.err.contains("residual block: original below 200 layers, full-preactivation from 200 layers"),
                 qPrintable(mixed.err));
        const Run chosen = cli({"sweep", "--depths", "200", "--families", "residual", "--seeds", "0", "--epochs", "1",
                                "--warmup", "0", "--size", "200", "--block", "rezero", "--out", dir.path(), "--quiet"});
        QCOMPARE(chosen.code, 0);
        QVERIFY2(chosen.err.contains("residual block: full-preactivation, rezero\n"), qPrintable(chosen.err));
        const Run unknown = cli({"sweep", "--block", "mystery"});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains("--block: 'mystery' is not a block design (known: identity,"));
    }

    // The lessons a teacher writes are checked here: the good ones listed in order, every bad
    // file named with its field, exit code 3 when any is bad.
    void lessonsAreListedAndChecked() {
        const QString source = QStringLiteral(RESNETLAB_SOURCE_DIR "/resources/lessons");
        const Run all = cli({"lessons", "--dir", source});
        QCOMPARE(all.code, 0);
        QVERIFY2(all.out.startsWith("11 lesson(s) in " + source), qPrintable(all.out));
        QVERIFY(all.out.contains("1. Why depth is hard"));
        QVERIFY(all.out.contains("11. Identity mappings  [10-identity-mappings: view block-design, runs ablate]"));
        QVERIFY(all.out.contains("3. The degradation problem  [03-degradation: view depth-sweep, runs sweep]"));
        QVERIFY(all.err.isEmpty());

        QTemporaryDir dir;
        QVERIFY(QFile::copy(source + "/02-skip-connection.json", dir.filePath("02-skip-connection.json")));
        QFile broken(dir.filePath("09-mine.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        QFile good(source + "/01-why-depth-is-hard.json");
        QVERIFY(good.open(QIODevice::ReadOnly));
        broken.write(good.readAll().replace("\"view\": \"", "\"view\": \"cinema-"));
        broken.close();
        const Run mixed = cli({"lessons", "--dir", dir.path()});
        QCOMPARE(mixed.code, 3);
        QVERIFY2(mixed.out.contains("1 lesson(s)") && mixed.out.contains("The skip connection"), qPrintable(mixed.out));
        QVERIFY2(mixed.err.contains("09-mine.json: setup.view: unknown view \"cinema-"), qPrintable(mixed.err));

        const Run missing = cli({"lessons", "--dir", dir.filePath("nowhere")});
        QCOMPARE(missing.code, 3);
        QVERIFY2(missing.err.contains("nowhere"), qPrintable(missing.err));
    }
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
