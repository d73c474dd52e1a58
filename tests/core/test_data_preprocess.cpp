// Tests for core/data/preprocess.h: training-only standardisation (per feature and per channel),
// subsets, the seeded Fisher-Yates shuffle, the train/test split and minibatch gathers.
#include "core/data/preprocess.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <numeric>

using core::Dataset;
using core::Matrix;

namespace {

// Column j of a split holds the value j + 100 * row in every row; label j.
core::Split indexed(int d, int n) {
    core::Split s;
    s.x.resize(d, n);
    s.y.resize(n);
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < d; ++i)
            s.x(i, j) = float(j + 100 * i);
        s.y(j) = j;
    }
    return s;
}

}  // namespace

class TestDataPreprocess : public QObject {
    Q_OBJECT

private slots:
    void normalizesFeaturesWithTrainingStatistics() {
        Dataset d;
        d.shape = core::Shape::vector(2);
        d.train.x.resize(2, 4);
        d.train.x << 1, 2, 3, 4,      // mean 2.5, std sqrt(1.25)
                     10, 10, 20, 20;  // mean 15,  std 5
        d.train.y = core::Labels::Zero(4);
        d.test.x.resize(2, 1);
        d.test.x << 5, 25;
        d.test.y = core::Labels::Zero(1);

        const core::Normalization n = core::normalize(d);
        QCOMPARE(n.mean(0), 2.5f);
        QCOMPARE(n.mean(1), 15.0f);
        QCOMPARE(n.stddev(0), std::sqrt(1.25f));
        QCOMPARE(n.stddev(1), 5.0f);
        // The test sample goes through the training transform, not its own.
        QCOMPARE(d.test.x(0, 0), (5.0f - 2.5f) / std::sqrt(1.25f));
        QCOMPARE(d.test.x(1, 0), 2.0f);
        QVERIFY(std::abs(d.train.x.row(0).mean()) < 1e-6f);
        QVERIFY(std::abs(d.train.x.row(1).cwiseAbs().mean() - 1.0f) < 1e-6f);
    }

    // An image is standardised per channel: one mean and std over all pixels of a channel.
    void normalizesImagesPerChannel() {
        Dataset d;
        d.shape = core::Shape::image(2, 1, 2);  // channel c holds rows 2c, 2c + 1
        d.train.x.resize(4, 2);
        d.train.x << 0, 2,     // channel 0: values 0 2 4 6 -> mean 3, std sqrt(5)
                     4, 6,
                     1, 1,     // channel 1: all 1 -> mean 1, std 0 -> left unscaled
                     1, 1;
        d.train.y = core::Labels::Zero(2);
        d.test.x = Matrix::Constant(4, 1, 3.0f);
        d.test.y = core::Labels::Zero(1);

        const core::Normalization n = core::normalize(d);
        QCOMPARE(n.mean.size(), Eigen::Index(2));
        QCOMPARE(n.mean(0), 3.0f);
        QCOMPARE(n.stddev(0), std::sqrt(5.0f));
        QCOMPARE(n.mean(1), 1.0f);
        QCOMPARE(n.stddev(1), 1.0f);  // constant channel: no division by zero
        QVERIFY(d.train.x.allFinite());
        QCOMPARE(d.train.x(0, 0), -3.0f / std::sqrt(5.0f));
        QCOMPARE(d.train.x(2, 0), 0.0f);
        QCOMPARE(d.test.x(0, 0), 0.0f);
        QCOMPARE(d.test.x(3, 0), 2.0f);
    }

    void statisticsCanBeReapplied() {
        Dataset d;
        d.shape = core::Shape::vector(3);
        d.train.x = Matrix::Random(3, 50) * 4.0f + Matrix::Constant(3, 50, 7.0f);
        d.train.y = core::Labels::Zero(50);
        d.test.x = Matrix::Random(3, 10);
        d.test.y = core::Labels::Zero(10);
        Matrix rawTest = d.test.x;
        const core::Normalization n = core::normalize(d);
        n.apply(rawTest);
        QCOMPARE(rawTest, d.test.x);
        QVERIFY(!n.empty());
        QVERIFY(core::Normalization{}.empty());
    }

    // Accumulating in double: 10^6 samples of a large offset lose no precision.
    void statisticsAreAccurateForLargeSets() {
        const Matrix x = Matrix::Constant(1, 1'000'000, 1000.0f) + Matrix::Random(1, 1'000'000) * 0.001f;
        const core::Normalization n = core::fitNormalization(x, core::Shape::vector(1));
        QVERIFY2(std::abs(n.mean(0) - 1000.0f) < 1e-3f, qPrintable(QString::number(n.mean(0), 'g', 10)));
        // Uniform in [-0.001, 0.001] has std 0.001 / sqrt(3).
        QVERIFY2(std::abs(n.stddev(0) - 0.001f / std::sqrt(3.0f)) < 2e-5f,
                 qPrintable(QString::number(n.stddev(0), 'g', 10)));
    }

    void takeSubset_data() {
        QTest::addColumn<int>("maxTrain");
        QTest::addColumn<int>("maxTest");
        QTest::addColumn<int>("train");
        QTest::addColumn<int>("test");
        QTest::newRow("both") << 3 << 2 << 3 << 2;
        QTest::newRow("zero keeps all") << 0 << 0 << 10 << 4;
        QTest::newRow("more than there are") << 50 << 50 << 10 << 4;
        QTest::newRow("train only") << 1 << 0 << 1 << 4;
    }
    void takeSubset() {
        QFETCH(int, maxTrain);
        QFETCH(int, maxTest);
        QFETCH(int, train);
        QFETCH(int, test);
        Dataset d;
        d.shape = core::Shape::vector(2);
        d.train = indexed(2, 10);
        d.test = indexed(2, 4);
        core::takeSubset(d, maxTrain, maxTest);
        QCOMPARE(d.train.size(), Eigen::Index(train));
        QCOMPARE(d.train.y.size(), Eigen::Index(train));
        QCOMPARE(d.test.size(), Eigen::Index(test));
        QCOMPARE(d.train.x, indexed(2, 10).x.leftCols(train));  // the first samples, in order
        QCOMPARE(d.test.y, indexed(2, 4).y.head(test));
    }

    void shuffledIndicesArePermutations_data() {
        QTest::addColumn<int>("n");
        QTest::newRow("0") << 0;
        QTest::newRow("1") << 1;
        QTest::newRow("2") << 2;
        QTest::newRow("1000") << 1000;
    }
    void shuffledIndicesArePermutations() {
        QFETCH(int, n);
        std::vector<Eigen::Index> idx = core::shuffledIndices(n, 11);
        QCOMPARE(int(idx.size()), n);
        std::sort(idx.begin(), idx.end());
        std::vector<Eigen::Index> expected(static_cast<std::size_t>(n));
        std::iota(expected.begin(), expected.end(), Eigen::Index(0));
        QCOMPARE(idx, expected);
    }

    void shuffleIsSeeded() {
        QCOMPARE(core::shuffledIndices(100, 1), core::shuffledIndices(100, 1));
        QVERIFY(core::shuffledIndices(100, 1) != core::shuffledIndices(100, 2));
        std::vector<Eigen::Index> identity(100);
        std::iota(identity.begin(), identity.end(), Eigen::Index(0));
        QVERIFY(core::shuffledIndices(100, 1) != identity);
    }

    // Fisher-Yates makes every permutation equally likely: 6 orders of 3, 6000 draws, each
    // order expected 1000 times (std about 29; 150 is five sigma).
    void shuffleIsUniform() {
        std::map<std::vector<Eigen::Index>, int> count;
        for (std::uint64_t seed = 0; seed < 6000; ++seed)
            ++count[core::shuffledIndices(3, seed)];
        QCOMPARE(count.size(), std::size_t(6));
        for (const auto& [order, c] : count)
            QVERIFY2(std::abs(c - 1000) < 150, qPrintable(QString::number(c)));
    }

    void testCount_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("expected");
        QTest::newRow("quarter of 2000") << 2000 << 0.25 << 500;
        QTest::newRow("floor") << 10 << 0.25 << 2;
        QTest::newRow("none") << 10 << 0.0 << 0;
        QTest::newRow("0.9 of 4") << 4 << 0.9 << 3;
    }
    void testCount() {
        QFETCH(int, n);
        QFETCH(double, fraction);
        QFETCH(int, expected);
        QCOMPARE(core::testCount(n, fraction), Eigen::Index(expected));
    }

    void splitKeepsEverySampleOnce() {
        const core::Split all = indexed(3, 20);
        Dataset a;
        core::splitTrainTest(all, 0.25, 9, a);
        QCOMPARE(a.train.size(), Eigen::Index(15));
        QCOMPARE(a.test.size(), Eigen::Index(5));
        std::vector<int> seen;
        for (const core::Split* s : {&a.train, &a.test})
            for (Eigen::Index j = 0; j < s->size(); ++j) {
                QCOMPARE(s->x.col(j), all.x.col(s->y(j)));  // features travel with their label
                seen.push_back(s->y(j));
            }
        std::sort(seen.begin(), seen.end());
        std::vector<int> expected(20);
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(seen, expected);

        Dataset b;
        core::splitTrainTest(all, 0.25, 9, b);
        QCOMPARE(a.test.y, b.test.y);
        Dataset c;
        core::splitTrainTest(all, 0.25, 10, c);
        QVERIFY(a.train.y != c.train.y);
    }

    void gathersAMinibatch() {
        const core::Split all = indexed(2, 6);
        const std::vector<Eigen::Index> idx = {4, 0, 4};
        const Matrix x = core::gatherColumns(all.x, idx);
        const core::Labels y = core::gatherLabels(all.y, idx);
        QCOMPARE(x.rows(), Eigen::Index(2));
        QCOMPARE(x.cols(), Eigen::Index(3));
        QCOMPARE(x(1, 0), 104.0f);
        QCOMPARE(x(0, 1), 0.0f);
        QCOMPARE(y, (core::Labels(3) << 4, 0, 4).finished());
    }

    // The in-place form reuses the caller's buffer while the batch size stays the same.
    void gatherReusesTheBuffer() {
        const core::Split all = indexed(2, 6);
        Matrix out(2, 2);
        core::Labels labels(2);
        const float* before = out.data();
        const int* labelsBefore = labels.data();
        const std::vector<Eigen::Index> idx = {5, 1};
        core::gatherColumns(all.x, idx, out);
        core::gatherLabels(all.y, idx, labels);
        QCOMPARE(out.data(), before);
        QCOMPARE(labels.data(), labelsBefore);
        QCOMPARE(out(0, 0), 5.0f);
        QCOMPARE(labels(1), 1);
        const std::vector<Eigen::Index> three = {0, 1, 2};
        core::gatherColumns(all.x, three, out);  // a last, smaller or larger batch resizes
        QCOMPARE(out.cols(), Eigen::Index(3));
    }

    // Image sets held as bytes (CIFAR-10, IDX) read as exactly the floats the readers used to
    // return, standardised or not, whole, gathered, subset or split.
    void bytesReadAsTheirFloats() {
        const core::Shape shape = core::Shape::image(3, 5, 7);   // 3 channels of 35 pixels
        const Eigen::Index n = 41;
        core::Split bytes;
        bytes.bytes.values.resize(shape.size(), n);
        bytes.y.resize(n);
        for (Eigen::Index j = 0; j < n; ++j) {
            for (Eigen::Index i = 0; i < shape.size(); ++i)
                bytes.bytes.values(i, j) = std::uint8_t((i * 37 + j * 11 + (i / 35) * 60) % 256);
            bytes.y(j) = int(j % 10);
        }
        core::Split floats;
        floats.x = bytes.bytes.values.cast<float>() / 255.0f;   // what the readers returned
        floats.y = bytes.y;
        QVERIFY(bytes.holdsBytes() && !floats.holdsBytes());
        QCOMPARE(bytes.size(), n);
        QCOMPARE(bytes.features(), shape.size());
        QVERIFY(bytes.columns(0, n) == floats.x);

        Dataset a, b;
        a.shape = b.shape = shape;
        a.train = floats;
        b.train = bytes;
        core::takeSubset(a, 30, 0);
        core::takeSubset(b, 30, 0);
        const core::Split allA = a.train, allB = b.train;   // the split writes into a and b
        core::splitTrainTest(allA, 0.3, 7, a);
        core::splitTrainTest(allB, 0.3, 7, b);
        const core::Normalization na = core::normalize(a), nb = core::normalize(b);
        QVERIFY(na.mean == nb.mean && na.stddev == nb.stddev);
        QVERIFY(b.train.holdsBytes() && b.test.holdsBytes());
        QCOMPARE(b.train.size(), a.train.size());
        QCOMPARE(b.test.size(), a.test.size());
        QVERIFY(b.train.columns(0, b.train.size()) == a.train.x);   // bit for bit
        QVERIFY(b.test.columns(0, b.test.size()) == a.test.x);
        QVERIFY(b.train.y == a.train.y && b.test.y == a.test.y);
        const std::vector<Eigen::Index> idx = {4, 0, 17, 4};
        Matrix ga, gb;
        a.train.gather(idx, ga);
        b.train.gather(idx, gb);
        QVERIFY(gb == ga);
        QVERIFY(ga == core::gatherColumns(a.train.x, idx));
        QVERIFY(std::abs(double(gb.mean())) < 3.0);   // standardised, not raw bytes
    }
};

QTEST_APPLESS_MAIN(TestDataPreprocess)
#include "test_data_preprocess.moc"
