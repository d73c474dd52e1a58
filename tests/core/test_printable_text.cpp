// Tests for core/io/printable_text.h: what an error message may quote from a file.
#include "core/io/printable_text.h"

#include <QtTest>

class TestPrintableText : public QObject {
    Q_OBJECT

private slots:
    void escapes_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("printable");
        QTest::newRow("ascii") << QByteArray("x = 1.5;") << QByteArray("x = 1.5;");
        QTest::newRow("utf-16 byte order mark") << QByteArray("\xff\xfe" "a") << QByteArray("\\xff\\xfea");
        QTest::newRow("controls") << QByteArray("a\tb\nc\rd\x07", 8) << QByteArray("a\\tb\\nc\\rd\\x07");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
        QTest::newRow("delete") << QByteArray("\x7f") << QByteArray("\\x7f");
        QTest::newRow("utf-8 kept") << QByteArray("caf\xc3\xa9 \xe2\x88\x91 \xf0\x9f\x99\x82")
                                    << QByteArray("caf\xc3\xa9 \xe2\x88\x91 \xf0\x9f\x99\x82");
        QTest::newRow("truncated sequence") << QByteArray("\xe2\x88") << QByteArray("\\xe2\\x88");
        QTest::newRow("overlong") << QByteArray("\xc0\xaf") << QByteArray("\\xc0\\xaf");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\\xed\\xa0\\x80");
        QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << QByteArray("\\xf4\\x90\\x80\\x80");
        QTest::newRow("C1 control") << QByteArray("\xc2\x85") << QByteArray("\\xc2\\x85");
        QTest::newRow("lone continuation") << QByteArray("\x80z") << QByteArray("\\x80z");
    }

    void escapes() {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, printable);
        const std::string out = core::printableText(std::string_view(bytes.constData(), std::size_t(bytes.size())));
        QCOMPARE(QByteArray::fromStdString(out), printable);
    }
};

QTEST_APPLESS_MAIN(TestPrintableText)
#include "test_printable_text.moc"
