// Tests for core/data/shapes_dataset.h: the generated 1x16x16 shape images.
#include "core/data/shapes_dataset.h"
#include "support/error_message.h"

#include <QtTest>

#include <algorithm>

using core::Dataset;

using testsupport::dataErrorOf;

namespace {

// Test accuracy of the nearest class-mean image: how far a template matcher gets.
double nearestCentroidAccuracy(const Dataset& d) {
    core::Matrix centroid = core::Matrix::Zero(d.train.x.rows(), d.classes);
    Eigen::VectorXf count = Eigen::VectorXf::Zero(d.classes);
    for (Eigen::Index j = 0; j < d.train.size(); ++j) {
        centroid.col(d.train.y(j)) += d.train.x.col(j);
        count(d.train.y(j)) += 1.0f;
    }
    for (int k = 0; k < d.classes; ++k)
        centroid.col(k) /= count(k);
    int correct = 0;
    for (Eigen::Index j = 0; j < d.test.size(); ++j) {
        Eigen::Index best = 0;
        (centroid.colwise() - d.test.x.col(j)).colwise().squaredNorm().minCoeff(&best);
        correct += best == d.test.y(j);
    }
    return double(correct) / double(d.test.size());
}

}  // namespace

class TestDataShapes : public QObject {
    Q_OBJECT

private slots:
    void describesItself() {
        const Dataset d = core::makeShapes(400, 0.25, 0);
        QCOMPARE(d.name, std::string("shapes"));
        QCOMPARE(d.shape, core::Shape::image(1, 16, 16));
        QCOMPARE(d.classes, 8);
        const std::vector<std::string> names = {"horizontal bar", "vertical bar", "diagonal",
                                                "anti-diagonal",  "square",       "disc",
                                                "cross",          "ring"};
        QCOMPARE(d.classNames, names);
        QCOMPARE(d.train.x.rows(), Eigen::Index(256));
        QCOMPARE(d.train.size(), Eigen::Index(300));
        QCOMPARE(d.test.size(), Eigen::Index(100));
    }

    void pixelsAreInUnitRange() {
        const Dataset d = core::makeShapes(400, 0.25, 1);
        QVERIFY(d.train.x.minCoeff() >= 0.0f);
        QVERIFY(d.train.x.maxCoeff() <= 1.0f);
        QVERIFY(d.test.x.allFinite());
        // Noise: the background is not flat, and no two images are the same.
        QVERIFY(d.train.x.col(0) != d.train.x.col(1));
    }

    void sameSeedSameImages() {
        const Dataset a = core::makeShapes(200, 0.2, 42);
        const Dataset b = core::makeShapes(200, 0.2, 42);
        QCOMPARE(a.train.x, b.train.x);
        QCOMPARE(a.train.y, b.train.y);
        QCOMPARE(a.test.x, b.test.x);
        QCOMPARE(a.test.y, b.test.y);
    }

    void otherSeedOtherImages() {
        const Dataset a = core::makeShapes(200, 0.2, 42);
        const Dataset b = core::makeShapes(200, 0.2, 43);
        QVERIFY(a.train.x != b.train.x);
        QVERIFY(a.train.y != b.train.y);
    }

    void classesAreBalanced_data() {
        QTest::addColumn<int>("classes");
        QTest::addColumn<int>("size");
        QTest::newRow("8 classes") << 8 << 803;
        QTest::newRow("3 classes") << 3 << 100;
        QTest::newRow("2 classes") << 2 << 4;
    }
    void classesAreBalanced() {
        QFETCH(int, classes);
        QFETCH(int, size);
        const Dataset d = core::makeShapes(size, 0.25, 5, classes);
        QCOMPARE(d.classes, classes);
        QCOMPARE(int(d.classNames.size()), classes);
        std::vector<int> count(std::size_t(classes), 0);
        for (const core::Split* s : {&d.train, &d.test})
            for (Eigen::Index j = 0; j < s->size(); ++j) {
                QVERIFY(s->y(j) >= 0 && s->y(j) < classes);
                ++count[std::size_t(s->y(j))];
            }
        const auto [lo, hi] = std::minmax_element(count.begin(), count.end());
        QVERIFY(*hi - *lo <= 1);
    }

    // Learnable (well above chance 1/8) but not solved by matching the class-mean image.
    void learnableButNotTrivial() {
        const Dataset d = core::makeShapes(2400, 0.25, 3);
        const double accuracy = nearestCentroidAccuracy(d);
        QVERIFY2(accuracy > 0.4, qPrintable(QString::number(accuracy)));
        QVERIFY2(accuracy < 0.9, qPrintable(QString::number(accuracy)));
    }

    // Each class has a distinct mean image: e.g. a bar's ink lies along its axis.
    void horizontalBarsAreWiderThanTall() {
        const Dataset d = core::makeShapes(800, 0.0, 9);
        Eigen::Matrix<float, 16, 16> mean = Eigen::Matrix<float, 16, 16>::Zero();
        int n = 0;
        for (Eigen::Index j = 0; j < d.train.size(); ++j)
            if (d.train.y(j) == 0) {
                // column is row-major 16x16: pixel (row, col) at row * 16 + col
                mean += Eigen::Map<const Eigen::Matrix<float, 16, 16, Eigen::RowMajor>>(
                    d.train.x.col(j).data());
                ++n;
            }
        mean /= float(n);
        const float rowSpread = (mean.rowwise().sum().array() - mean.rowwise().sum().mean()).abs().sum();
        const float colSpread = (mean.colwise().sum().array() - mean.colwise().sum().mean()).abs().sum();
        QVERIFY2(rowSpread > colSpread, qPrintable(QString("%1 vs %2").arg(rowSpread).arg(colSpread)));
    }

    void rejectsBadArguments_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<double>("testFraction");
        QTest::addColumn<int>("classes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("size 3") << 3 << 0.25 << 8 << "size must be in 4..1000000, got 3";
        QTest::newRow("size 2e6") << 2'000'000 << 0.25 << 8 << "size must be in 4..1000000";
        QTest::newRow("testFraction 0.95") << 100 << 0.95 << 8 << "testFraction must be in [0, 0.9]";
        QTest::newRow("testFraction -1") << 100 << -1.0 << 8 << "testFraction must be in [0, 0.9]";
        QTest::newRow("classes 1") << 100 << 0.25 << 1 << "classes must be in 2..8, got 1";
        QTest::newRow("classes 9") << 100 << 0.25 << 9 << "classes must be in 2..8, got 9";
    }
    void rejectsBadArguments() {
        QFETCH(int, size);
        QFETCH(double, testFraction);
        QFETCH(int, classes);
        QFETCH(QString, expected);
        const QString message = dataErrorOf([&] { core::makeShapes(size, testFraction, 0, classes); });
        QVERIFY2(message.startsWith("shapes data: "), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable("got: " + message));
    }
};

QTEST_APPLESS_MAIN(TestDataShapes)
#include "test_data_shapes.moc"
