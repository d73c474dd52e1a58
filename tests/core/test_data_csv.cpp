// Tests for core/data/csv_reader.h: small CSV files written into a temporary directory; the
// label column options, the seeded split, and every rejection with its FILE:LINE:COLUMN message.
#include "core/data/csv_reader.h"
#include "support/error_message.h"

#include <QtTest>

#include <algorithm>
#include <numeric>

using core::CsvOptions;

Q_DECLARE_METATYPE(CsvOptions::Header)

using testsupport::dataErrorOf;

namespace {

// Feature 0 of each sample, train then test, sorted: the rows as a set, whatever the split.
std::vector<float> firstFeatures(const core::Dataset& d) {
    std::vector<float> out;
    for (const core::Split* s : {&d.train, &d.test})
        for (Eigen::Index j = 0; j < s->size(); ++j)
            out.push_back(s->x(0, j));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

class TestDataCsv : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    QString write(const QByteArray& text) {
        const QString path = m_dir.filePath(QString("table%1.csv").arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    core::Dataset load(const QByteArray& text, CsvOptions o = {}) {
        return core::loadCsv(write(text).toStdString(), o);
    }

private slots:
    void readsHeaderAndLastColumnLabel() {
        CsvOptions o;
        o.testFraction = 0.0;
        const core::Dataset d = load("x,y,class\n1.5,-2,0\n3e2,4,2\n", o);
        QCOMPARE(d.shape, core::Shape::vector(2));
        QCOMPARE(d.classes, 3);
        QCOMPARE(d.train.size(), Eigen::Index(2));
        QCOMPARE(d.test.size(), Eigen::Index(0));
        // Each sample keeps its own features and label, whatever the shuffle did.
        for (Eigen::Index j = 0; j < 2; ++j) {
            if (d.train.y(j) == 0) {
                QCOMPARE(d.train.x(0, j), 1.5f);
                QCOMPARE(d.train.x(1, j), -2.0f);
            } else {
                QCOMPARE(d.train.y(j), 2);
                QCOMPARE(d.train.x(0, j), 300.0f);
                QCOMPARE(d.train.x(1, j), 4.0f);
            }
        }
        QVERIFY(d.name.starts_with("csv:table"));
    }

    void labelColumn_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("labelColumn");
        QTest::addColumn<CsvOptions::Header>("header");
        QTest::addColumn<int>("label");    // of the only row
        QTest::addColumn<float>("first");  // its first feature
        QTest::newRow("first") << QByteArray("7,1.5,2.5\n") << "first" << CsvOptions::Header::Auto << 7 << 1.5f;
        QTest::newRow("last") << QByteArray("1.5,2.5,7\n") << "last" << CsvOptions::Header::Auto << 7 << 1.5f;
        QTest::newRow("named") << QByteArray("a,species,b\n1.5,7,2.5\n") << "species" << CsvOptions::Header::Auto << 7 << 1.5f;
        QTest::newRow("named, quoted header") << QByteArray("\"a\",\"the label\",\"b\"\n1.5,7,2.5\n") << "the label" << CsvOptions::Header::Auto << 7 << 1.5f;
        QTest::newRow("numeric header forced") << QByteArray("1,2,3\n1.5,2.5,7\n") << "last" << CsvOptions::Header::Present << 7 << 1.5f;
        QTest::newRow("integral float label") << QByteArray("1.5,2.5,7.0\n") << "last" << CsvOptions::Header::Absent << 7 << 1.5f;
        QTest::newRow("CRLF, blanks, spaces, +") << QByteArray("\r\n 1.5 , +2.5 ,  7\r\n\r\n") << "last" << CsvOptions::Header::Auto << 7 << 1.5f;
        QTest::newRow("quoted numbers") << QByteArray("\"1.5\",\"2.5\",\"7\"\n") << "last" << CsvOptions::Header::Auto << 7 << 1.5f;
    }
    void labelColumn() {
        QFETCH(QByteArray, text);
        QFETCH(QString, labelColumn);
        QFETCH(CsvOptions::Header, header);
        QFETCH(int, label);
        QFETCH(float, first);
        CsvOptions o;
        o.labelColumn = labelColumn.toStdString();
        o.header = header;
        o.testFraction = 0.0;
        const core::Dataset d = load(text, o);
        QCOMPARE(d.train.size(), Eigen::Index(1));
        QCOMPARE(d.train.x.rows(), Eigen::Index(2));
        QCOMPARE(d.train.y(0), label);
        QCOMPARE(d.train.x(0, 0), first);
        QCOMPARE(d.classes, label + 1);
    }

    void otherDelimiter() {
        CsvOptions o;
        o.delimiter = ';';
        o.testFraction = 0.0;
        const core::Dataset d = load("a;b;label\n1.5;\"2\";1\n", o);
        QCOMPARE(d.train.x(0, 0), 1.5f);
        QCOMPARE(d.train.x(1, 0), 2.0f);
        QCOMPARE(d.train.y(0), 1);
        // A quoted cell may hold the delimiter: here it is one (non-numeric) cell, not two.
        const QString message = dataErrorOf([&] { load("1.5;\"x;y\";1\n", o); });
        QVERIFY2(message.endsWith(":1:5: 'x;y' is not a number (field 2)"), qPrintable(message));
    }

    void quotedBytesAreEscaped() {
        // A UTF-16 file (byte order mark FF FE) read as CSV: the message quotes the cell with its
        // bytes escaped, never raw, and keeps well-formed UTF-8 as it is.
        CsvOptions o;
        o.header = CsvOptions::Header::Absent;
        const QByteArray bytes = dataErrorOf([&] { load(QByteArray("\xff\xfe" "1,2\n"), o); }).toUtf8();
        QVERIFY2(bytes.endsWith(":1:1: '\\xff\\xfe" "1' is not a number (field 1)"), bytes.constData());
        for (const char c : bytes)
            QVERIFY2(c >= 0x20 && c < 0x7f, bytes.constData());
        const QString accent = dataErrorOf([&] { load(QByteArray("caf\xc3\xa9\x07,2\n"), o); });
        QVERIFY2(accent.endsWith(QString::fromUtf8("'café\\x07' is not a number (field 1)")), qPrintable(accent));
    }

    void seededSplit() {
        QByteArray text = "f,label\n";
        for (int i = 0; i < 40; ++i)
            text += QByteArray::number(i) + "," + QByteArray::number(i % 4) + "\n";
        const QString path = write(text);
        CsvOptions o;
        o.seed = 5;
        const core::Dataset a = core::loadCsv(path.toStdString(), o);
        const core::Dataset b = core::loadCsv(path.toStdString(), o);
        o.seed = 6;
        const core::Dataset c = core::loadCsv(path.toStdString(), o);
        QCOMPARE(a.train.size(), Eigen::Index(30));
        QCOMPARE(a.test.size(), Eigen::Index(10));
        QCOMPARE(a.train.x, b.train.x);
        QCOMPARE(a.test.y, b.test.y);
        QVERIFY(a.train.x != c.train.x);
        // A shuffle, not a cut: the test split is not simply the last rows.
        QVERIFY(a.test.x.minCoeff() < 30.0f);
        // Nothing lost or duplicated, and each label still belongs to its row.
        std::vector<float> expected(40);
        std::iota(expected.begin(), expected.end(), 0.0f);
        QCOMPARE(firstFeatures(a), expected);
        for (Eigen::Index j = 0; j < a.train.size(); ++j)
            QCOMPARE(a.train.y(j), int(a.train.x(0, j)) % 4);
    }

    // Each row: the file's text, the label column, and the message after the file name.
    void rejectsBadFiles_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("labelColumn");
        QTest::addColumn<QString>("expected");
        QTest::newRow("word in a cell") << QByteArray("1,2,0\n3,abc,1\n") << "last" << ":2:3: 'abc' is not a number (field 2)";
        QTest::newRow("word after header") << QByteArray("a,b,c\n1,2,0\n\n 4 ,x1,1\n") << "last" << ":4:5: 'x1' is not a number (field 2)";
        QTest::newRow("mixed header line") << QByteArray("a,2,c\n1,2,0\n") << "last" << ":1:1: 'a' is not a number (field 1)";
        QTest::newRow("empty cell") << QByteArray("1,,0\n") << "last" << ":1:3: '' is not a number (field 2)";
        QTest::newRow("wrong delimiter") << QByteArray("a;b;c\n1;2;0\n") << "last" << ":1: a line needs at least 2 fields (features and a label), this has 1: is the delimiter ';' rather than ','?";
        QTest::newRow("wrong delimiter in a cell") << QByteArray("1,2,0\n1;2,5,0\n") << "last" << ":2:1: '1;2' is not a number (field 1): is the delimiter ';' rather than ','?";
        QTest::newRow("wrong delimiter, numeric table") << QByteArray("1;2,5;0\n") << "last" << ": no data rows after the header on line 1: it was taken as a header because none of its cells is a number with the delimiter ','";
        QTest::newRow("ragged: short row") << QByteArray("1,2,0\n3,1\n") << "last" << ":2: 2 fields, but line 1 has 3: every row needs the same number of fields";
        QTest::newRow("ragged: long row") << QByteArray("a,b,c\n1,2,0\n1,2,3,0\n") << "last" << ":3: 4 fields, but line 1 has 3: every row needs the same number of fields";
        QTest::newRow("empty file") << QByteArray() << "last" << ": the file is empty";
        QTest::newRow("blank lines only") << QByteArray("\n  \n\r\n") << "last" << ": the file is empty";
        QTest::newRow("header only") << QByteArray("a,b,label\n") << "last" << ": no data rows after the header on line 1: it was taken as a header because none of its cells is a number with the delimiter ','";
        QTest::newRow("one column") << QByteArray("1\n2\n") << "last" << ":1: a line needs at least 2 fields (features and a label), this has 1 (the delimiter is ',')";
        QTest::newRow("nan") << QByteArray("1,nan,0\n") << "last" << ":1:3: 'nan' is not a finite number (field 2)";
        QTest::newRow("inf") << QByteArray("1,2,0\n-inf,2,0\n") << "last" << ":2:1: '-inf' is not a finite number (field 1)";
        QTest::newRow("beyond float") << QByteArray("1e39,2,0\n") << "last" << ":1:1: '1e39' is beyond the float range (field 1)";
        QTest::newRow("negative label") << QByteArray("1,2,-1\n") << "last" << ":1:5: label '-1' is negative: classes are 0..K-1";
        QTest::newRow("fractional label") << QByteArray("1,2,1.5\n") << "last" << ":1:5: label '1.5' is not an integer class";
        QTest::newRow("absurd label") << QByteArray("1,2,10000\n") << "last" << ":1:5: label '10000' is absurd: at most 10000 classes (0..9999)";
        QTest::newRow("nan label") << QByteArray("nan,2,3\n") << "first" << ":1:1: 'nan' is not a finite number (field 1)";
        QTest::newRow("unknown label column") << QByteArray("a,b,c\n1,2,0\n") << "label" << ":1: no column named 'label' in the header (columns: a, b, c)";
        QTest::newRow("named column, no header") << QByteArray("1,2,0\n") << "label" << ": labelColumn 'label' names a header column, but the file has no header line";
    }
    void rejectsBadFiles() {
        QFETCH(QByteArray, text);
        QFETCH(QString, labelColumn);
        QFETCH(QString, expected);
        const QString path = write(text);
        CsvOptions o;
        o.labelColumn = labelColumn.toStdString();
        const QString message = dataErrorOf([&] { core::loadCsv(path.toStdString(), o); });
        QCOMPARE(message, path + expected);
    }

    void rejectsMissingFile() {
        const QString path = m_dir.filePath("none.csv");
        QCOMPARE(dataErrorOf([&] { core::loadCsv(path.toStdString()); }), path + ": no such file");
    }

    void rejectsBadOptions_data() {
        QTest::addColumn<double>("testFraction");
        QTest::addColumn<char>("delimiter");
        QTest::addColumn<QString>("labelColumn");
        QTest::addColumn<QString>("expected");
        QTest::newRow("testFraction 0.95") << 0.95 << ',' << "last" << "testFraction must be in [0, 0.9], got 0.95";
        QTest::newRow("quote delimiter") << 0.25 << '"' << "last" << "the delimiter cannot be a quote";
        QTest::newRow("empty label column") << 0.25 << ',' << "" << "labelColumn is empty";
    }
    void rejectsBadOptions() {
        QFETCH(double, testFraction);
        QFETCH(char, delimiter);
        QFETCH(QString, labelColumn);
        QFETCH(QString, expected);
        const QString path = write("1,2,0\n");
        CsvOptions o;
        o.testFraction = testFraction;
        o.delimiter = delimiter;
        o.labelColumn = labelColumn.toStdString();
        const QString message = dataErrorOf([&] { core::loadCsv(path.toStdString(), o); });
        QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
};

QTEST_APPLESS_MAIN(TestDataCsv)
#include "test_data_csv.moc"
