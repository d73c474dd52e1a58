// Tests for core/data/synthetic_2d.h: the seeded 2-D sets (spiral against the reference
// formula, determinism, class balance, training-only standardisation, split sizes, validation).
#include "core/data/synthetic_2d.h"
#include "support/error_message.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <array>

using core::Dataset;
using core::Synthetic2dOptions;

using testsupport::dataErrorOf;

namespace {

Synthetic2dOptions options(const QString& kind, int size = 600, std::uint64_t seed = 0) {
    Synthetic2dOptions o;
    o.kind = kind.toStdString();
    o.size = size;
    o.seed = seed;
    return o;
}

void addKindRows() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("classes");
    QTest::newRow("spiral") << "spiral" << 3;
    QTest::newRow("circles") << "circles" << 3;
    QTest::newRow("xor") << "xor" << 2;
    QTest::newRow("gaussians") << "gaussians" << 3;
    QTest::newRow("moons") << "moons" << 2;
    QTest::newRow("checkerboard") << "checkerboard" << 2;
}

// All points of both splits with their labels, sorted, so two sets can be compared as sets.
std::vector<std::array<float, 3>> sortedPoints(const Dataset& d) {
    std::vector<std::array<float, 3>> out;
    for (const core::Split* s : {&d.train, &d.test})
        for (Eigen::Index j = 0; j < s->size(); ++j)
            out.push_back({float(s->y(j)), s->x(0, j), s->x(1, j)});
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

class TestDataSynthetic : public QObject {
    Q_OBJECT

private slots:
    void defaultIsTheDepthSweepSpiral() {
        const Dataset d = core::makeSynthetic2d({});
        QCOMPARE(d.name, std::string("spiral"));
        QCOMPARE(d.shape, core::Shape::vector(2));
        QCOMPARE(d.classes, 3);
        QCOMPARE(d.classNames.size(), std::size_t(3));
        QCOMPARE(d.train.size(), Eigen::Index(1500));
        QCOMPARE(d.test.size(), Eigen::Index(500));
        QCOMPARE(d.train.x.rows(), Eigen::Index(2));
        QCOMPARE(d.train.y.size(), d.train.size());
    }

    // With noise 0 the spiral is exactly the reference formula, standardised.
    void spiralFollowsTheReference() {
        Synthetic2dOptions o = options("spiral", 301);
        o.noise = 0.0;
        o.testFraction = 0.0;  // standardisation statistics = all points
        const Dataset d = core::makeSynthetic2d(o);

        const int K = 3;
        Eigen::MatrixXd ref(2, o.size);
        std::vector<int> labels;
        int j = 0;
        for (int k = 0; k < K; ++k) {
            const int m = o.size / K + (k < o.size % K ? 1 : 0);  // 101, 100, 100
            for (int i = 0; i < m; ++i, ++j) {
                const double r = 0.05 + 0.95 * i / (m - 1);
                const double t = 2 * std::numbers::pi * (o.turns * r + double(k) / K);
                ref(0, j) = r * std::sin(t);
                ref(1, j) = r * std::cos(t);
                labels.push_back(k);
            }
        }
        const Eigen::Vector2d mean = ref.rowwise().mean();
        const Eigen::Vector2d sd =
            ((ref.colwise() - mean).array().square().rowwise().mean()).sqrt().matrix();
        std::vector<std::array<float, 3>> expected;
        for (int c = 0; c < o.size; ++c)
            expected.push_back({float(labels[std::size_t(c)]),
                                float((ref(0, c) - mean(0)) / sd(0)),
                                float((ref(1, c) - mean(1)) / sd(1))});
        std::sort(expected.begin(), expected.end());

        const auto got = sortedPoints(d);
        QCOMPARE(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i][0], expected[i][0]);
            QVERIFY2(std::abs(got[i][1] - expected[i][1]) < 1e-4f, qPrintable(QString::number(i)));
            QVERIFY2(std::abs(got[i][2] - expected[i][2]) < 1e-4f, qPrintable(QString::number(i)));
        }
    }

    // Angle noise moves points along their circle: the radius profile is unchanged.
    void spiralNoiseChangesOnlyTheAngle() {
        Synthetic2dOptions clean = options("spiral", 300);
        clean.noise = 0.0;
        Synthetic2dOptions noisy = clean;
        noisy.noise = 0.3;
        const Dataset a = core::makeSynthetic2d(clean);
        const Dataset b = core::makeSynthetic2d(noisy);
        QVERIFY(a.train.x != b.train.x);
        QCOMPARE(a.train.y, b.train.y);  // same shuffle: the split stream ignores the noise
    }

    void sameSeedSameData_data() { addKindRows(); }
    void sameSeedSameData() {
        QFETCH(QString, kind);
        const Dataset a = core::makeSynthetic2d(options(kind, 500, 7));
        const Dataset b = core::makeSynthetic2d(options(kind, 500, 7));
        QCOMPARE(a.train.x, b.train.x);
        QCOMPARE(a.train.y, b.train.y);
        QCOMPARE(a.test.x, b.test.x);
        QCOMPARE(a.test.y, b.test.y);
    }

    void otherSeedOtherData_data() { addKindRows(); }
    void otherSeedOtherData() {
        QFETCH(QString, kind);
        const Dataset a = core::makeSynthetic2d(options(kind, 500, 7));
        const Dataset b = core::makeSynthetic2d(options(kind, 500, 8));
        QVERIFY(a.train.x != b.train.x);
        QVERIFY(a.train.y != b.train.y);  // a different shuffle too
    }

    void classesAreBalanced_data() { addKindRows(); }
    void classesAreBalanced() {
        QFETCH(QString, kind);
        QFETCH(int, classes);
        const int size = 601;
        const Dataset d = core::makeSynthetic2d(options(kind, size));
        QCOMPARE(d.classes, classes);
        QCOMPARE(int(d.classNames.size()), classes);
        std::vector<int> count(std::size_t(classes), 0);
        for (const core::Split* s : {&d.train, &d.test})
            for (Eigen::Index j = 0; j < s->size(); ++j) {
                QVERIFY(s->y(j) >= 0 && s->y(j) < classes);
                ++count[std::size_t(s->y(j))];
            }
        const auto [lo, hi] = std::minmax_element(count.begin(), count.end());
        QVERIFY2(*hi - *lo <= 1, qPrintable(QString("%1 vs %2").arg(*lo).arg(*hi)));
        QCOMPARE(std::accumulate(count.begin(), count.end(), 0), size);
    }

    // Standardised with the training statistics: exactly mean 0, std 1 on the training split.
    void trainingSplitIsStandardised_data() { addKindRows(); }
    void trainingSplitIsStandardised() {
        QFETCH(QString, kind);
        const Dataset d = core::makeSynthetic2d(options(kind, 2000, 3));
        const Eigen::MatrixXd x = d.train.x.cast<double>();
        for (int f = 0; f < 2; ++f) {
            const double mean = x.row(f).mean();
            const double sd = std::sqrt((x.row(f).array() - mean).square().mean());
            QVERIFY2(std::abs(mean) < 1e-5, qPrintable(QString::number(mean)));
            QVERIFY2(std::abs(sd - 1.0) < 1e-4, qPrintable(QString::number(sd)));
        }
        // The test split went through the same transform, not its own: its mean is near 0
        // (same distribution) but not exactly.
        const double testMean = d.test.x.cast<double>().row(0).mean();
        QVERIFY(std::abs(testMean) > 1e-7);
        QVERIFY(std::abs(testMean) < 0.3);
    }

    void splitSizes_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<double>("testFraction");
        QTest::addColumn<int>("train");
        QTest::addColumn<int>("test");
        QTest::newRow("default") << 2000 << 0.25 << 1500 << 500;
        QTest::newRow("no test") << 100 << 0.0 << 100 << 0;
        QTest::newRow("floor") << 101 << 0.1 << 91 << 10;
        QTest::newRow("smallest") << 4 << 0.9 << 1 << 3;
    }
    void splitSizes() {
        QFETCH(int, size);
        QFETCH(double, testFraction);
        QFETCH(int, train);
        QFETCH(int, test);
        Synthetic2dOptions o = options("moons", size);
        o.testFraction = testFraction;
        const Dataset d = core::makeSynthetic2d(o);
        QCOMPARE(d.train.size(), Eigen::Index(train));
        QCOMPARE(d.test.size(), Eigen::Index(test));
        QCOMPARE(d.test.x.rows(), Eigen::Index(2));
    }

    void classesOption() {
        Synthetic2dOptions o = options("gaussians", 640);
        o.classes = 64;
        QCOMPARE(core::makeSynthetic2d(o).classes, 64);
        o.kind = "moons";  // fixed at 2 classes: the option does not apply
        QCOMPARE(core::makeSynthetic2d(o).classes, 2);
    }

    void everyValueIsFinite_data() { addKindRows(); }
    void everyValueIsFinite() {
        QFETCH(QString, kind);
        Synthetic2dOptions o = options(kind, 400);
        o.noise = 10.0;
        const Dataset d = core::makeSynthetic2d(o);
        QVERIFY(d.train.x.allFinite());
        QVERIFY(d.test.x.allFinite());
    }

    void rejectsBadOptions_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("size too small") << "spiral" << "size" << 3.0 << "size must be in 4..10000000, got 3";
        QTest::newRow("size too large") << "spiral" << "size" << 1e7 + 1 << "size must be in 4..10000000";
        QTest::newRow("testFraction < 0") << "spiral" << "testFraction" << -0.1 << "testFraction must be in [0, 0.9]";
        QTest::newRow("testFraction > 0.9") << "xor" << "testFraction" << 0.95 << "testFraction must be in [0, 0.9]";
        QTest::newRow("testFraction NaN") << "moons" << "testFraction" << nan << "testFraction must be in [0, 0.9]";
        QTest::newRow("classes 1") << "spiral" << "classes" << 1.0 << "classes must be in 2..64 for spiral, got 1";
        QTest::newRow("classes 65") << "circles" << "classes" << 65.0 << "classes must be in 2..64";
        QTest::newRow("classes > size") << "gaussians" << "classes" << 64.0 << "smaller than classes 64";
        QTest::newRow("noise < 0") << "spiral" << "noise" << -0.5 << "noise must be a finite number in [0, 10]";
        QTest::newRow("noise inf") << "moons" << "noise" << inf << "noise must be a finite number";
        QTest::newRow("noise NaN") << "circles" << "noise" << nan << "noise must be a finite number";
        QTest::newRow("turns NaN") << "spiral" << "turns" << nan << "turns must be a finite number in [0, 20]";
        QTest::newRow("turns 21") << "spiral" << "turns" << 21.0 << "turns must be";
        QTest::newRow("cells 1") << "checkerboard" << "cells" << 1.0 << "cells must be in 2..64, got 1";
        QTest::newRow("cells 65") << "checkerboard" << "cells" << 65.0 << "cells must be in 2..64";
        QTest::newRow("unknown kind") << "swirl" << "size" << 100.0 << "unknown kind 'swirl'; known kinds: spiral, circles";
    }
    void rejectsBadOptions() {
        QFETCH(QString, kind);
        QFETCH(QString, field);
        QFETCH(double, value);
        QFETCH(QString, expected);
        Synthetic2dOptions o = options(kind, 20);
        if (field == "size") o.size = int(value);
        if (field == "testFraction") o.testFraction = value;
        if (field == "classes") o.classes = int(value);
        if (field == "noise") o.noise = value;
        if (field == "turns") o.turns = value;
        if (field == "cells") o.cells = int(value);
        const QString message = dataErrorOf([&] { core::makeSynthetic2d(o); });
        QVERIFY2(message.contains(expected), qPrintable("got: " + message));
        QVERIFY(message.startsWith("synthetic 2-D data: "));
    }
};

QTEST_APPLESS_MAIN(TestDataSynthetic)
#include "test_data_synthetic.moc"
