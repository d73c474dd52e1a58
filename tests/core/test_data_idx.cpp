// Tests for core/data/idx_reader.h: small IDX files, plain and gzip, written into a temporary
// directory and read back; every rejection (truncated, wrong magic, count mismatch, label out of
// range, a header claiming far more than the file holds) checked by its message.
#include "core/data/idx_reader.h"
#include "support/error_message.h"
#include "support/idx_files.h"

#include <QtTest>

#include <sys/resource.h>

#include <array>

using testsupport::bigEndian;
using testsupport::dataErrorOf;
using testsupport::idxImages;
using testsupport::idxLabels;

namespace {

// Pixel i of a test set is i * 7 mod 256, so every value can be recomputed.
QByteArray pixelRamp(int n) {
    QByteArray b(n, '\0');
    for (int i = 0; i < n; ++i)
        b[i] = char((i * 7) % 256);
    return b;
}

QByteArray idxLabelsClaiming(quint32 count, const QByteArray& labels) {
    return bigEndian(core::kIdxLabelsMagic) + bigEndian(count) + labels;
}

quint32 crc32(const QByteArray& data) {
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xFFFFFFFFu;
    for (char ch : data)
        c = table[(c ^ quint8(ch)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

// A valid gzip member (RFC 1952) holding `data` in stored (uncompressed) deflate blocks
// (RFC 1951 section 3.2.4): enough to exercise the reader's gzip path without linking zlib here.
QByteArray gzipStored(const QByteArray& data) {
    QByteArray out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    qsizetype pos = 0;
    do {
        const qsizetype len = std::min<qsizetype>(65535, data.size() - pos);
        const bool last = pos + len == data.size();
        out += char(last ? 1 : 0);
        out += char(len & 0xFF);
        out += char(len >> 8);
        out += char(~len & 0xFF);
        out += char((~len >> 8) & 0xFF);
        out += data.mid(pos, len);
        pos += len;
    } while (pos < data.size());
    const quint32 crc = crc32(data);
    const quint32 size = quint32(data.size());
    for (quint32 v : {crc, size})
        for (int i = 0; i < 4; ++i)
            out += char((v >> (8 * i)) & 0xFF);
    return out;
}

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

long maxResidentKiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

}  // namespace

class TestDataIdx : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_images;  // 5 images of 3x4, ramp pixels
    QString m_labels;  // 5 labels: 3 1 4 1 5

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_images = write(m_dir, "images.idx", idxImages(5, 3, 4, pixelRamp(60)));
        m_labels = write(m_dir, "labels.idx", idxLabels(QByteArray("\x03\x01\x04\x01\x05", 5)));
    }

    void readsPlainFiles() {
        const core::Split s = core::readIdx(m_images.toStdString(), m_labels.toStdString());
        QCOMPARE(s.size(), Eigen::Index(5));
        QCOMPARE(s.features(), Eigen::Index(12));
        QVERIFY(s.holdsBytes());   // a byte per pixel, floats on request
        const core::Matrix x = s.columns(0, s.size());
        QVERIFY(x == core::readIdxImages(m_images.toStdString()));
        const std::array<int, 5> labels = {3, 1, 4, 1, 5};
        for (int j = 0; j < 5; ++j) {
            QCOMPARE(s.y(j), labels[std::size_t(j)]);
            for (int i = 0; i < 12; ++i)  // row-major pixels = the 1x3x4 column
                QCOMPARE(x(i, j), float(((j * 12 + i) * 7) % 256) / 255.0f);
        }
        QVERIFY(x.minCoeff() >= 0.0f && x.maxCoeff() <= 1.0f);
    }

    void readsGzipFilesLikePlainOnes() {
        const QString images = write(m_dir, "images.idx.gz", gzipStored(idxImages(5, 3, 4, pixelRamp(60))));
        const QString labels = write(m_dir, "labels.idx.gz", gzipStored(idxLabels(QByteArray("\x03\x01\x04\x01\x05", 5))));
        const core::Split plain = core::readIdx(m_images.toStdString(), m_labels.toStdString());
        const core::Split gz = core::readIdx(images.toStdString(), labels.toStdString());
        QCOMPARE(gz.columns(0, 5), plain.columns(0, 5));
        QCOMPARE(gz.y, plain.y);
        QVERIFY(core::readIdxHeader(images.toStdString()).gzip);
        QVERIFY(!core::readIdxHeader(m_images.toStdString()).gzip);
    }

    // A gzip file larger than one stored block and one read chunk (1 MiB).
    void readsLargeGzipFile() {
        const int n = 1500;  // 1500 x 28 x 28 = 1.18 MB of pixels
        QByteArray labels(n, '\0');
        for (int i = 0; i < n; ++i)
            labels[i] = char(i % 10);
        const QString images = write(m_dir, "big-images.gz", gzipStored(idxImages(n, 28, 28, pixelRamp(n * 784))));
        const QString labelPath = write(m_dir, "big-labels.gz", gzipStored(idxLabels(labels)));
        const core::Split s = core::readIdx(images.toStdString(), labelPath.toStdString());
        QCOMPARE(s.size(), Eigen::Index(n));
        QCOMPARE(s.columns(n - 1, 1)(783, 0), float((((n - 1) * 784 + 783) * 7) % 256) / 255.0f);
        QCOMPARE(s.y(n - 1), (n - 1) % 10);
        const core::Split first = core::readIdx(images.toStdString(), labelPath.toStdString(), 2);
        QCOMPARE(first.size(), Eigen::Index(2));
        QCOMPARE(first.columns(0, 2), s.columns(0, 2));
    }

    void maxSamplesKeepsTheFirst_data() {
        QTest::addColumn<int>("maxSamples");
        QTest::addColumn<int>("expected");
        QTest::newRow("all") << 0 << 5;
        QTest::newRow("two") << 2 << 2;
        QTest::newRow("more than there are") << 9 << 5;
    }
    void maxSamplesKeepsTheFirst() {
        QFETCH(int, maxSamples);
        QFETCH(int, expected);
        const core::Split all = core::readIdx(m_images.toStdString(), m_labels.toStdString());
        const core::Split s = core::readIdx(m_images.toStdString(), m_labels.toStdString(), maxSamples);
        QCOMPARE(s.size(), Eigen::Index(expected));
        QCOMPARE(s.columns(0, s.size()), all.columns(0, expected));
        QCOMPARE(s.y, all.y.head(expected));
    }

    void headerDescribesTheFile() {
        const core::IdxHeader h = core::readIdxHeader(m_images.toStdString());
        QCOMPARE(h.magic, core::kIdxImagesMagic);
        QCOMPARE(h.count, 5u);
        QCOMPARE(h.rows, 3u);
        QCOMPARE(h.cols, 4u);
        QCOMPARE(h.dataBytes(), std::uint64_t(60));
        const core::IdxHeader l = core::readIdxHeader(m_labels.toStdString());
        QCOMPARE(l.magic, core::kIdxLabelsMagic);
        QCOMPARE(l.count, 5u);
    }

    void loadsAnIdxDataset() {
        const QString testImages = write(m_dir, "t-images.idx", idxImages(2, 3, 4, pixelRamp(24)));
        const QString testLabels = write(m_dir, "t-labels.idx", idxLabels(QByteArray("\x09\x00", 2)));
        const core::Dataset d = core::loadIdxDataset(m_images.toStdString(), m_labels.toStdString(),
                                                     testImages.toStdString(), testLabels.toStdString(), 4);
        QCOMPARE(d.shape, core::Shape::image(1, 3, 4));
        QCOMPARE(d.classes, 10);
        QCOMPARE(d.train.size(), Eigen::Index(4));
        QCOMPARE(d.test.size(), Eigen::Index(2));
        QCOMPARE(d.test.y(0), 9);
    }

    void rejectsMismatchedImageSizes() {
        const QString testImages = write(m_dir, "t-images-5x5.idx", idxImages(2, 5, 5, pixelRamp(50)));
        const QString testLabels = write(m_dir, "t-labels2.idx", idxLabels(QByteArray("\x01\x02", 2)));
        const QString message = dataErrorOf([&] {
            core::loadIdxDataset(m_images.toStdString(), m_labels.toStdString(),
                                 testImages.toStdString(), testLabels.toStdString());
        });
        QVERIFY2(message.contains(testImages + ": bytes 8..15: images are 5x5"), qPrintable(message));
        QVERIFY2(message.contains("are 3x4"), qPrintable(message));
    }

    // Each row: the bytes of an images and a labels file, whether to gzip them, which of the two
    // the message must name, and the text it must contain.
    void rejectsBadFiles_data() {
        QTest::addColumn<QByteArray>("images");
        QTest::addColumn<QByteArray>("labels");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QString>("culprit");
        QTest::addColumn<QStringList>("expected");
        const QByteArray goodImages = idxImages(3, 2, 2, pixelRamp(12));
        const QByteArray goodLabels = idxLabels(QByteArray("\x00\x01\x02", 3));

        for (bool gz : {false, true}) {
            const char* tag = gz ? " (gz)" : " (plain)";
            QTest::newRow(QByteArray("truncated pixels") + tag)
                << idxImages(3, 2, 2, pixelRamp(10)) << goodLabels << gz << "images"
                << QStringList{"truncated", "claims 3 images of 2x2 (12 bytes)"};
            QTest::newRow(QByteArray("truncated header") + tag)
                << goodImages.left(10) << goodLabels << gz << "images"
                << QStringList{"truncated header", "holds 10 bytes", "needs 16"};
            QTest::newRow(QByteArray("empty file") + tag)
                << QByteArray() << goodLabels << gz << "images"
                << QStringList{"truncated header", "holds 0 bytes"};
            QTest::newRow(QByteArray("trailing bytes") + tag)
                << goodImages + QByteArray(5, 'x') << goodLabels << gz << "images"
                << QStringList{"more", "byte 28", "inconsistent header"};
            QTest::newRow(QByteArray("wrong magic") + tag)
                << idxImages(3, 2, 2, pixelRamp(12), 0x00000804) << goodLabels << gz << "images"
                << QStringList{"bytes 0..3: magic number 0x00000804", "not an unsigned-byte IDX file"};
            QTest::newRow(QByteArray("labels where images belong") + tag)
                << goodLabels << goodLabels << gz << "images"
                << QStringList{"magic number 0x00000801 marks IDX labels", "IDX images (0x00000803) were expected"};
            QTest::newRow(QByteArray("images where labels belong") + tag)
                << goodImages << goodImages << gz << "labels"
                << QStringList{"magic number 0x00000803 marks IDX images", "IDX labels (0x00000801) were expected"};
            QTest::newRow(QByteArray("count mismatch") + tag)
                << goodImages << idxLabels(QByteArray("\x00\x01", 2)) << gz << "images"
                << QStringList{"holds 3 images (bytes 4..7)", "holds 2 labels", "do not belong together"};
            QTest::newRow(QByteArray("label out of range") + tag)
                << goodImages << idxLabels(QByteArray("\x00\x01\x0a", 3)) << gz << "labels"
                << QStringList{"byte 10 (label of sample 2): 10 is not a class in 0..9"};
            QTest::newRow(QByteArray("label 255") + tag)
                << goodImages << idxLabels(QByteArray("\xff\x01\x02", 3)) << gz << "labels"
                << QStringList{"byte 8 (label of sample 0): 255 is not a class in 0..9"};
            QTest::newRow(QByteArray("truncated labels") + tag)
                << goodImages << idxLabelsClaiming(3, QByteArray("\x00\x01", 2)) << gz << "labels"
                << QStringList{"truncated", "claims 3 labels (3 bytes)"};
            QTest::newRow(QByteArray("zero rows") + tag)
                << idxImages(3, 0, 2, QByteArray()) << goodLabels << gz << "images"
                << QStringList{"bytes 8..11: image rows 0 is not in 1..4096"};
            QTest::newRow(QByteArray("5000 columns") + tag)
                << idxImages(3, 2, 5000, QByteArray()) << goodLabels << gz << "images"
                << QStringList{"bytes 12..15: image columns 5000 is not in 1..4096"};
            QTest::newRow(QByteArray("zero images") + tag)
                << idxImages(0, 2, 2, QByteArray()) << idxLabels(QByteArray()) << gz << "labels"
                << QStringList{"bytes 4..7: the header claims 0 labels"};
        }
    }
    void rejectsBadFiles() {
        QFETCH(QByteArray, images);
        QFETCH(QByteArray, labels);
        QFETCH(bool, gzip);
        QFETCH(QString, culprit);
        QFETCH(QStringList, expected);
        const QString suffix = gzip ? ".gz" : "";
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_');
        const QString imagesPath = write(m_dir, "bad-images-" + tag + suffix, gzip ? gzipStored(images) : images);
        const QString labelsPath = write(m_dir, "bad-labels-" + tag + suffix, gzip ? gzipStored(labels) : labels);
        const QString message = dataErrorOf([&] { core::readIdx(imagesPath.toStdString(), labelsPath.toStdString()); });
        QVERIFY2(!message.isEmpty(), "no DataError");
        QVERIFY2(message.contains(culprit == "images" ? imagesPath : labelsPath), qPrintable(message));
        for (const QString& e : expected)
            QVERIFY2(message.contains(e), qPrintable("missing '" + e + "' in: " + message));
    }

    // A cut gzip stream (the deflate data and trailer end early) is truncated data, not a crash.
    void rejectsCutGzipStream() {
        const QByteArray whole = gzipStored(idxImages(3, 2, 2, pixelRamp(12)));
        const QString path = write(m_dir, "cut.gz", whole.left(whole.size() - 14));
        const QString labels = write(m_dir, "cut-labels.idx", idxLabels(QByteArray("\x00\x01\x02", 3)));
        const QString message = dataErrorOf([&] { core::readIdx(path.toStdString(), labels.toStdString()); });
        QVERIFY2(message.startsWith(path + ": truncated"), qPrintable(message));
    }

    void rejectsCorruptGzip_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray good = gzipStored(idxImages(3, 2, 2, pixelRamp(12)));
        QByteArray badCrc = good;
        badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 0x55);
        QTest::newRow("bad checksum") << badCrc << "corrupt gzip data after";
        // A gzip header followed by a deflate block of the reserved type 3.
        QTest::newRow("bad deflate block")
            << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07\x00\x00\x00\x00", 15)
            << "corrupt gzip data after 0 decompressed bytes";
    }
    void rejectsCorruptGzip() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = write(m_dir, "corrupt-" + QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_') + ".gz", bytes);
        const QString message = dataErrorOf([&] { core::readIdxImages(path.toStdString()); });
        QVERIFY2(message.startsWith(path + ": " + expected), qPrintable(message));
    }

    void rejectsMissingFile() {
        const QString missing = m_dir.filePath("nope.idx");
        const QString message = dataErrorOf([&] { core::readIdx(missing.toStdString(), m_labels.toStdString()); });
        QCOMPARE(message, missing + ": no such file");
    }

    void rejectsNegativeMaxSamples() {
        const QString message = dataErrorOf([&] { core::readIdx(m_images.toStdString(), m_labels.toStdString(), -1); });
        QVERIFY2(message.contains("maxSamples must be >= 0"), qPrintable(message));
    }

    // A 16-byte header claiming a huge count is refused at once: no allocation of the claim, no
    // reading, whether the file is plain or gzip (where the size is known only by inflating).
    void rejectsHugeClaimsQuickly_data() {
        QTest::addColumn<quint32>("count");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("2^31 images, plain")
            << quint32(1u << 31) << false
            << QStringList{"truncated", "claims 2147483648 images of 28x28 (1683627180032 bytes)",
                           "only 0 bytes follow the 16-byte header"};
        QTest::newRow("2^31 images, gz")
            << quint32(1u << 31) << true
            << QStringList{"claims 2147483648 images of 28x28", "more than the 2.0 GiB a file may hold"};
        // Below the limit, so the reader must inflate to learn the truth: 822 MB claimed, 0 present.
        QTest::newRow("2^20 images, gz")
            << quint32(1u << 20) << true
            << QStringList{"truncated", "claims 1048576 images of 28x28 (822083584 bytes)",
                           "the data ends at byte 16"};
    }
    void rejectsHugeClaimsQuickly() {
        QFETCH(quint32, count);
        QFETCH(bool, gzip);
        QFETCH(QStringList, expected);
        const QByteArray header = idxImages(count, 28, 28, QByteArray());
        QCOMPARE(header.size(), 16);
        const QString path = write(m_dir, gzip ? "huge.gz" : "huge.idx", gzip ? gzipStored(header) : header);
        const long residentBefore = maxResidentKiB();
        QElapsedTimer timer;
        timer.start();
        const QString message = dataErrorOf([&] { core::readIdxImages(path.toStdString()); });
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed()) + " ms"));
        QVERIFY2(maxResidentKiB() - residentBefore < 50 * 1024, "the claimed size was allocated");
        QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
        for (const QString& e : expected)
            QVERIFY2(message.contains(e), qPrintable("missing '" + e + "' in: " + message));
    }

    void readsLabelsAlone() {
        const core::Labels y = core::readIdxLabels(m_labels.toStdString(), 3);
        QCOMPARE(y.size(), Eigen::Index(3));
        QCOMPARE(y(2), 4);
        const core::Matrix x = core::readIdxImages(m_images.toStdString(), 1);
        QCOMPARE(x.cols(), Eigen::Index(1));
        QCOMPARE(x.rows(), Eigen::Index(12));
    }
};

QTEST_APPLESS_MAIN(TestDataIdx)
#include "test_data_idx.moc"
