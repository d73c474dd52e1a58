// tests/core/test_format.cpp: numbers for people (core/format.h), as the parameter counts, the
// FLOPs and the memory messages print them.
#include "core/format.h"

#include <QtTest>

class TestFormat : public QObject {
    Q_OBJECT
private slots:
    void thousandsAreGrouped() {
        QCOMPARE(core::groupThousands(0), std::string("0"));
        QCOMPARE(core::groupThousands(999), std::string("999"));
        QCOMPARE(core::groupThousands(1234567), std::string("1,234,567"));
        QCOMPARE(core::groupThousands(-7875), std::string("-7,875"));
    }

    void countsInDecimalUnits() {
        QCOMPARE(core::humanCount(0), std::string("0"));
        QCOMPARE(core::humanCount(999), std::string("999"));
        QCOMPARE(core::humanCount(14660), std::string("14.66 k"));
        QCOMPARE(core::humanCount(3.2e9), std::string("3.20 G"));
        QCOMPARE(core::humanCount(5e15), std::string("5000.00 T"));   // no unit beyond T
    }

    void bytesInBinaryUnits() {
        QCOMPARE(core::formatBytes(512), std::string("512 bytes"));
        QCOMPARE(core::formatBytes(1536), std::string("1.5 KiB"));
        QCOMPARE(core::formatBytes(std::int64_t(320) << 20), std::string("320.0 MiB"));
        QCOMPARE(core::formatBytes(std::int64_t(1536) << 20), std::string("1.5 GiB"));
    }
};

QTEST_APPLESS_MAIN(TestFormat)
#include "test_format.moc"
