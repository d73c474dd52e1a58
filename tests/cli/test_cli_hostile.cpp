// The hostile-input table (tests/support/hostile_inputs.h) through resnetlab-cli: every bad
// input gives exit code 3 and the reader's message on stderr, never a crash.
#include "support/cli.h"
#include "support/hostile_inputs.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

class TestCliHostile : public QObject {
    Q_OBJECT
private slots:
    void badInputExitsWith3_data() {
        QTest::addColumn<int>("reader");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("directory");
        QTest::addColumn<QString>("message");
        for (const hostile::Case& c : hostile::cases())
            QTest::newRow(c.name) << int(c.reader) << c.content << c.directory << c.message;
    }
    void badInputExitsWith3() {
        QFETCH(int, reader);
        QFETCH(QByteArray, content);
        QFETCH(bool, directory);
        QFETCH(QString, message);
        QTemporaryDir dir;
        auto place = [&](const QString& path) {
            if (directory)
                return QDir().mkpath(path);
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
        };
        QStringList args;
        const QString input = dir.filePath("input");
        switch (hostile::Reader(reader)) {
        case hostile::Reader::Spec:
            QVERIFY(place(input));
            args = {"info", input};
            break;
        case hostile::Reader::Weights:
            QVERIFY(place(input));
            args = {"predict", "spiral-residual-4", "--weights", input, "--data", "spiral", "--out", dir.filePath("p.csv")};
            break;
        case hostile::Reader::Idx: {
            QVERIFY(place(input));
            // A well-formed label file with as many labels as the image header claims (up to
            // 1000 written), so the images are what fails.
            const quint32 count = content.size() >= 8 ? qFromBigEndian<quint32>(content.constData() + 4) : 1;
            QFile labels(dir.filePath("labels"));
            QVERIFY(labels.open(QIODevice::WriteOnly));
            labels.write(hostile::be32(0x801) + hostile::be32(count) + QByteArray(int(std::min<quint32>(count, 1000)), 0));
            labels.close();
            args = {"train", "spiral-residual-4", "--data", "idx:" + input + "," + labels.fileName(), "--quiet", "--out",
                    dir.path()};
            break;
        }
        case hostile::Reader::Csv:
            QVERIFY(place(input));
            args = {"train", "spiral-residual-4", "--data", "csv:" + input, "--quiet", "--out", dir.path()};
            break;
        case hostile::Reader::Cifar:
            QVERIFY(QDir(dir.path()).mkdir("cifar"));
            for (const char* name : {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                                     "data_batch_5.bin", "test_batch.bin"})
                QVERIFY(place(dir.filePath(QStringLiteral("cifar/") + name)));
            args = {"train", "resnet20", "--data", "cifar10:" + dir.filePath("cifar"), "--quiet", "--out", dir.path()};
            break;
        }
        const testsupport::ProcessRun run = testsupport::cli(args);
        QVERIFY2(run.code == 3, qPrintable(QString("exit code %1: %2").arg(run.code).arg(run.err)));
        QVERIFY2(run.err.contains(message), qPrintable("expected \"" + message + "\" in: " + run.err));
    }
};

QTEST_APPLESS_MAIN(TestCliHostile)
#include "test_cli_hostile.moc"
