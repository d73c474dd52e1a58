// tests/core/test_file_io.cpp: core/io/file_io.h, the one atomic write and the one bounded read
// of every file format: a write replaces the file whole or leaves it as it was, a read refuses
// directories, missing and oversized files with a message that names the path and the problem,
// and both throw the caller's own error type.
#include "core/io/file_io.h"
#include "support/error_message.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <stdexcept>
#include <utility>

namespace {

class FormatError : public std::runtime_error {   // a format's own error type
public:
    using std::runtime_error::runtime_error;
};

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

template <class F>
QString formatErrorOf(F&& f) {
    return testsupport::errorOf<FormatError>(std::forward<F>(f));
}

}  // namespace

class TestFileIo : public QObject {
    Q_OBJECT
private slots:
    void writeCreatesAndReplaces() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a.bin").toStdString();
        const std::string first("one\0two", 7);
        core::writeFileAtomically<FormatError>(path, first);
        QCOMPARE(contents(dir.filePath("a.bin")), QByteArray(first.data(), int(first.size())));
        core::writeFileAtomically<FormatError>(path, "second");
        QCOMPARE(contents(dir.filePath("a.bin")), QByteArray("second"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"a.bin"});   // no temporary file left
    }

    // A write that cannot finish leaves what was there, and no temporary file.
    void failedWritesLeaveTheOldFile() {
        QTemporaryDir dir;
        const QString missingDir = dir.filePath("no/such/dir/a.json");
        QCOMPARE(formatErrorOf([&] { core::writeFileAtomically<FormatError>(missingDir.toStdString(), "x"); }),
                 missingDir + ": cannot write the file");
        // The target is a directory: the rename fails, the directory and its content stay.
        QVERIFY(QDir(dir.path()).mkpath("target/inside"));
        const QString target = dir.filePath("target");
        const QString message = formatErrorOf([&] { core::writeFileAtomically<FormatError>(target.toStdString(), "x"); });
        QVERIFY2(message.startsWith(target + ": cannot replace the file: "), qPrintable(message));
        QVERIFY(QFileInfo(dir.filePath("target/inside")).isDir());
        QVERIFY(!QFile::exists(target + ".tmp"));
        // A full disk: the temporary file is Linux's /dev/full, which takes the open and fails
        // the write. The temporary file (here the link to it) goes, and nothing is renamed.
        const QString full = dir.filePath("full.json");
        QVERIFY(QFile::link("/dev/full", full + ".tmp"));
        const std::string big(1 << 20, 'x');
        QCOMPARE(formatErrorOf([&] { core::writeFileAtomically<FormatError>(full.toStdString(), big); }),
                 full + ": writing failed (disk full?)");
        QVERIFY(!QFile::exists(full));
        QVERIFY(!QFileInfo(full + ".tmp").isSymLink());
    }

    void readReturnsTheBytes() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a.bin").toStdString();
        const std::string bytes("\x01\x00\xff text\n", 9);
        core::writeFileAtomically<FormatError>(path, bytes);
        QCOMPARE(core::readFileBounded<FormatError>(path, {"test file", 9}), bytes);
        QCOMPARE(core::regularFileSize<FormatError>(path, "test file"), std::uintmax_t(9));
        core::writeFileAtomically<FormatError>(path, "");
        QCOMPARE(core::readFileBounded<FormatError>(path, {"test file", 9}), std::string());
    }

    void readRefusesWithAMessage_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");   // after "<path>: "
        QTest::newRow("directory") << "adir" << "is a directory, not a network file";
        QTest::newRow("missing") << "missing.json" << "cannot open the file";
        QTest::newRow("too large") << "big.json" << "the file has 3145729 bytes; a network file has at most 3 MiB";
    }
    void readRefusesWithAMessage() {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("adir"));
        core::writeFileAtomically<FormatError>(dir.filePath("big.json").toStdString(), std::string((3 << 20) + 1, ' '));
        const std::string path = dir.filePath(name).toStdString();
        QCOMPARE(formatErrorOf([&] { core::readFileBounded<FormatError>(path, {"network file", 3u << 20}); }),
                 dir.filePath(name) + ": " + expected);
    }

    void limitsThatAreNotWholeMebibytesReadInBytes() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w.bin").toStdString();
        core::writeFileAtomically<FormatError>(path, "12345");
        QCOMPARE(formatErrorOf([&] { core::readFileBounded<FormatError>(path, {"weights file", 4}); }),
                 dir.filePath("w.bin") + ": the file has 5 bytes; a weights file has at most 4 bytes");
    }
};

QTEST_APPLESS_MAIN(TestFileIo)
#include "test_file_io.moc"
