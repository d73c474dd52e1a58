// Tests for core/data/cifar10_reader.h: tiny CIFAR-10 binary batches written into a temporary
// directory and read back, and every rejection checked by its message.
#include "core/data/cifar10_reader.h"
#include "support/error_message.h"

#include <QtTest>

using testsupport::dataErrorOf;

namespace {

constexpr int kRecord = core::kCifar10RecordBytes;

// Record r of a file: label, then pixel i = (seed + r * 31 + i) mod 256 (channel-major).
QByteArray records(int count, int seed, const QList<int>& labels = {}) {
    QByteArray b;
    for (int r = 0; r < count; ++r) {
        b += char(labels.isEmpty() ? (seed + r) % 10 : labels[r]);
        for (int i = 0; i < kRecord - 1; ++i)
            b += char((seed + r * 31 + i) % 256);
    }
    return b;
}

void write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// data_batch_b.bin holds 2 records with seed b, test_batch.bin 3 records with seed 0.
void writeSet(const QString& dir) {
    for (int b = 1; b <= 5; ++b)
        write(dir + QString("/data_batch_%1.bin").arg(b), records(2, b));
    write(dir + "/test_batch.bin", records(3, 0));
}

}  // namespace

class TestDataCifar10 : public QObject {
    Q_OBJECT

private slots:
    void readsAllBatches() {
        QTemporaryDir dir;
        writeSet(dir.path());
        const core::Dataset d = core::loadCifar10(dir.path().toStdString());
        QCOMPARE(d.name, std::string("cifar10"));
        QCOMPARE(d.shape, core::Shape::image(3, 32, 32));
        QCOMPARE(d.classes, 10);
        QCOMPARE(d.classNames.front(), std::string("airplane"));
        QCOMPARE(d.classNames.back(), std::string("truck"));
        QCOMPARE(d.train.size(), Eigen::Index(10));
        QCOMPARE(d.test.size(), Eigen::Index(3));
        QCOMPARE(d.train.features(), Eigen::Index(3072));
        QVERIFY(d.train.holdsBytes());   // a byte per pixel, floats on request
        const core::Matrix x = d.train.columns(0, d.train.size());
        // Training sample 5 is record 1 of data_batch_3 (seed 3).
        QCOMPARE(d.train.y(5), (3 + 1) % 10);
        for (int i : {0, 1023, 1024, 2048, 3071})  // red, green, blue planes as stored
            QCOMPARE(x(i, 5), float((3 + 31 + i) % 256) / 255.0f);
        QCOMPARE(d.test.y(2), 2);
        QVERIFY(x.minCoeff() >= 0.0f && x.maxCoeff() <= 1.0f);
    }

    void keepsTheFirstSamples() {
        QTemporaryDir dir;
        writeSet(dir.path());
        const core::Dataset all = core::loadCifar10(dir.path().toStdString());
        const core::Dataset d = core::loadCifar10(dir.path().toStdString(), 3, 1);
        QCOMPARE(d.train.size(), Eigen::Index(3));  // spans data_batch_1 and data_batch_2
        QCOMPARE(d.test.size(), Eigen::Index(1));
        QCOMPARE(d.train.columns(0, 3), all.train.columns(0, 3));
        QCOMPARE(d.train.y, all.train.y.head(3));
    }

    void findsTheArchiveSubdirectory() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("cifar-10-batches-bin"));
        writeSet(dir.path() + "/cifar-10-batches-bin");
        QCOMPARE(core::loadCifar10(dir.path().toStdString()).train.size(), Eigen::Index(10));
    }

    // Each row: the file to spoil, its bytes, and what the message must say about it.
    void rejectsBadBatches_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("truncated record")
            << "data_batch_2.bin" << records(2, 2).left(2 * kRecord - 100)
            << QStringList{"data_batch_2.bin: size 6046 bytes is not a multiple of the 3073-byte record",
                           "a partial record of 2973 bytes starts at byte 3073"};
        QTest::newRow("extra bytes")
            << "test_batch.bin" << records(3, 0) + "x"
            << QStringList{"test_batch.bin: size 9220 bytes", "a partial record of 1 bytes starts at byte 9219"};
        QTest::newRow("empty file")
            << "data_batch_5.bin" << QByteArray() << QStringList{"data_batch_5.bin: the file is empty"};
        QTest::newRow("label 12")
            << "data_batch_3.bin" << records(2, 3, {4, 12})
            << QStringList{"data_batch_3.bin: record 1 (byte 3073): label 12 is not a class in 0..9"};
        QTest::newRow("label 10 in the test batch")
            << "test_batch.bin" << records(3, 0, {10, 0, 0})
            << QStringList{"test_batch.bin: record 0 (byte 0): label 10"};
    }
    void rejectsBadBatches() {
        QFETCH(QString, file);
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        writeSet(dir.path());
        write(dir.path() + "/" + file, bytes);
        const QString message = dataErrorOf([&] { core::loadCifar10(dir.path().toStdString()); });
        QVERIFY2(message.startsWith(dir.path() + "/" + file + ": "), qPrintable(message));
        for (const QString& e : expected)
            QVERIFY2(message.contains(e), qPrintable("missing '" + e + "' in: " + message));
    }

    void rejectsMissingFiles() {
        QTemporaryDir dir;
        writeSet(dir.path());
        QVERIFY(QFile::remove(dir.path() + "/data_batch_4.bin"));
        QVERIFY(QFile::remove(dir.path() + "/test_batch.bin"));
        const QString message = dataErrorOf([&] { core::loadCifar10(dir.path().toStdString()); });
        QVERIFY2(message.contains("lacks data_batch_4.bin, test_batch.bin"), qPrintable(message));
        QVERIFY2(message.contains("expected data_batch_1..5.bin and test_batch.bin"), qPrintable(message));
    }

    void rejectsNotADirectory() {
        const QString message = dataErrorOf([] { core::loadCifar10("/nonexistent/cifar"); });
        QCOMPARE(message, QString("cifar10: /nonexistent/cifar is not a directory"));
    }

    void rejectsNegativeMax() {
        QTemporaryDir dir;
        writeSet(dir.path());
        const QString message = dataErrorOf([&] { core::loadCifar10(dir.path().toStdString(), -1); });
        QVERIFY2(message.contains("maxSamples must be >= 0"), qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestDataCifar10)
#include "test_data_cifar10.moc"
