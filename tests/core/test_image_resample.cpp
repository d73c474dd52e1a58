// Tests for core/data/image_resample.h: each output pixel is the mean of its k x k block, per
// channel and per sample; a data set is resampled through loadDataset's imageSize; sizes that
// do not divide the side, non-images and non-square images are refused with a message.
#include "core/data/dataset_registry.h"
#include "core/data/image_resample.h"

#include <QtTest>

using namespace core;

namespace {

template <class F>
QString dataErrorOf(F&& f) {
    try {
        f();
    } catch (const DataError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestImageResample : public QObject {
    Q_OBJECT

private slots:
    // Two samples of 2x4x4: pixel value = 100 * sample + 10 * channel + index, so every block's
    // mean is known by hand.
    void averagesEachBlockPerChannelAndSample() {
        const Shape shape = Shape::image(2, 4, 4);
        Matrix x(32, 2);
        for (int n = 0; n < 2; ++n)
            for (int i = 0; i < 32; ++i)
                x(i, n) = float(100 * n + 10 * (i / 16) + i % 16);
        const Matrix y = averageBlocks(x, shape, 2);
        QCOMPARE(y.rows(), Eigen::Index(8));
        QCOMPARE(y.cols(), Eigen::Index(2));
        // Channel 0, block (0, 0): pixels 0, 1, 4, 5 -> 2.5; block (0, 1): 2, 3, 6, 7 -> 4.5;
        // block (1, 0): 8, 9, 12, 13 -> 10.5; block (1, 1): 10, 11, 14, 15 -> 12.5.
        const float expected[4] = {2.5f, 4.5f, 10.5f, 12.5f};
        for (int n = 0; n < 2; ++n)
            for (int c = 0; c < 2; ++c)
                for (int p = 0; p < 4; ++p)
                    QCOMPARE(y(c * 4 + p, n), expected[p] + 10.0f * float(c) + 100.0f * float(n));
        // k = 1 is the identity, k = side the image's mean.
        QVERIFY(averageBlocks(x, shape, 1) == x);
        const Matrix mean = averageBlocks(x, shape, 4);
        QCOMPARE(mean.rows(), Eigen::Index(2));
        QCOMPARE(mean(0, 0), 7.5f);
        QCOMPARE(mean(1, 1), 117.5f);
    }

    void loadDatasetResamplesBothSplits() {
        DataOptions o;
        o.size = 40;
        o.normalize = false;
        const Dataset full = loadDataset("shapes", o);
        o.imageSize = 8;
        const Dataset half = loadDataset("shapes", o);
        QCOMPARE(half.shape, Shape::image(1, 8, 8));
        QCOMPARE(half.train.x.rows(), Eigen::Index(64));
        QCOMPARE(half.train.size(), full.train.size());
        QCOMPARE(half.test.size(), full.test.size());
        QVERIFY(half.train.y == full.train.y);
        QVERIFY(half.train.x.isApprox(averageBlocks(full.train.x, full.shape, 2)));
        QVERIFY(half.test.x.isApprox(averageBlocks(full.test.x, full.shape, 2)));
        // The stored size is no change at all.
        o.imageSize = 16;
        QVERIFY(loadDataset("shapes", o).train.x == full.train.x);
    }

    // Image sets held as bytes (CIFAR-10, IDX) are resampled from their float values and become
    // floats; the result is that of the same images held as floats.
    void bytesAreResampledLikeTheirFloats() {
        Dataset bytes;
        bytes.name = "bytes";
        bytes.shape = Shape::image(3, 4, 4);
        bytes.train.bytes.values.resize(48, 5);
        bytes.test.bytes.values.resize(48, 2);
        for (Split* s : {&bytes.train, &bytes.test}) {
            for (Eigen::Index j = 0; j < s->bytes.values.cols(); ++j)
                for (Eigen::Index i = 0; i < 48; ++i)
                    s->bytes.values(i, j) = std::uint8_t((i * 29 + j * 7) % 256);
            s->y = Labels::Zero(s->bytes.values.cols());
        }
        Dataset floats = bytes;
        for (Split* s : {&floats.train, &floats.test}) {
            s->x = s->columns(0, s->size());
            s->bytes = ImageBytes{};
        }
        resampleImages(bytes, 2);
        resampleImages(floats, 2);
        QCOMPARE(bytes.shape, Shape::image(3, 2, 2));
        QVERIFY(!bytes.train.holdsBytes() && !bytes.test.holdsBytes());
        QCOMPARE(bytes.train.x.cols(), Eigen::Index(5));
        QVERIFY(bytes.train.x == floats.train.x);
        QVERIFY(bytes.test.x == floats.test.x);
    }

    void refusesWhatCannotBeResampled() {
        DataOptions o;
        o.size = 40;
        o.imageSize = 5;
        const QString notDividing = dataErrorOf([&] { loadDataset("shapes", o); });
        QVERIFY2(notDividing.contains("shapes: image size 5 does not divide 16"), qPrintable(notDividing));
        QVERIFY2(notDividing.contains("use 16, 8, 4, 2 or 1"), qPrintable(notDividing));
        o.imageSize = 32;
        QVERIFY(dataErrorOf([&] { loadDataset("shapes", o); }).contains("image size 32 does not divide 16"));
        o.imageSize = 1;
        const QString points = dataErrorOf([&] { loadDataset("spiral", o); });
        QVERIFY2(points.contains("applies to image sets only"), qPrintable(points));
        o.imageSize = -1;
        QVERIFY(dataErrorOf([&] { loadDataset("shapes", o); }).contains("imageSize must be >= 0"));

        Dataset wide;
        wide.name = "wide";
        wide.shape = Shape::image(1, 4, 8);
        wide.train.x = Matrix::Zero(32, 2);
        wide.test.x = Matrix::Zero(32, 1);
        QVERIFY(dataErrorOf([&] { resampleImages(wide, 2); }).contains("not square"));
        QCOMPARE(QString::fromStdString(imageSizeProblem(28, 14)), QString());
        QVERIFY(QString::fromStdString(imageSizeProblem(28, 10)).endsWith("use 28, 14, 7, 4, 2 or 1"));
    }

    // What a name stands for is known before loading, so options can be checked first.
    void namesTellTheirKind() {
        QVERIFY(isImageData("fashion-mnist") && isImageData("shapes") && isImageData("cifar10:/x") &&
                isImageData("idx:a,b"));
        QVERIFY(!isImageData("spiral") && !isImageData("csv:f.csv"));
        QVERIFY(isGeneratedData("spiral") && isGeneratedData("shapes") && !isGeneratedData("fashion-mnist"));
        QVERIFY(isPointData2d("moons") && !isPointData2d("shapes") && !isPointData2d("csv:f.csv"));
        QVERIFY(hasOwnTestSplit("fashion-mnist") && hasOwnTestSplit("cifar10:/x") && !hasOwnTestSplit("idx:a,b"));
        QCOMPARE(storedImageSide("fashion-mnist"), 28);
        QCOMPARE(storedImageSide("shapes"), 16);
        QCOMPARE(storedImageSide("cifar10:/x"), 32);
        QCOMPARE(storedImageSide("idx:a,b"), 0);
        QCOMPARE(storedImageSide("spiral"), 0);
    }
};

QTEST_APPLESS_MAIN(TestImageResample)
#include "test_image_resample.moc"
