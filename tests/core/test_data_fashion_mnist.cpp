// Tests for core/data/fashion_mnist.h: locating and loading Fashion-MNIST. The real set is read
// when Debian's dataset-fashion-mnist is installed (CI installs it); otherwise that test skips.
#include "core/data/fashion_mnist.h"
#include "core/data/idx_reader.h"
#include "support/error_message.h"
#include "support/idx_files.h"

#include <QtTest>

#include <set>

namespace {

// The four files, uncompressed, with n training and m test images of 28x28.
void writeTinySet(const QString& dir, int n, int m) {
    for (const auto& [prefix, count] : {std::pair{QString("train"), n}, std::pair{QString("t10k"), m}}) {
        QByteArray labels(count, '\0');
        for (int i = 0; i < count; ++i)
            labels[i] = char(i % 10);
        testsupport::writeFashionMnistSplit(dir, prefix, QByteArray(count * 784, '\x80'), labels);
    }
}

}  // namespace

class TestDataFashionMnist : public QObject {
    Q_OBJECT

private slots:
    void classNames() {
        const auto& names = core::fashionMnistClassNames();
        QCOMPARE(names.size(), std::size_t(10));
        QCOMPARE(names.front(), std::string("T-shirt/top"));
        QCOMPARE(names[1], std::string("Trouser"));
        QCOMPARE(names.back(), std::string("Ankle boot"));
    }

    void missingFilesNameTheDebianPackage() {
        QTemporaryDir empty;
        const QString message = testsupport::dataErrorOf([&] { core::loadFashionMnist(10, 10, empty.path().toStdString()); });
        QVERIFY2(message.contains("dataset-fashion-mnist"), qPrintable(message));
        QVERIFY2(message.contains(empty.path()), qPrintable(message));
    }

    void environmentVariableRedirects() {
        QTemporaryDir dir;
        writeTinySet(dir.path(), 12, 5);
        qputenv(core::kFashionMnistEnv, dir.path().toUtf8());
        const std::optional<std::string> found = core::findFashionMnist();
        qunsetenv(core::kFashionMnistEnv);
        QVERIFY(found.has_value());
        QCOMPARE(QString::fromStdString(*found), dir.path());

        const core::Dataset d = core::loadFashionMnist(0, 0, *found);
        QCOMPARE(d.name, std::string("fashion-mnist"));
        QCOMPARE(d.train.size(), Eigen::Index(12));
        QCOMPARE(d.test.size(), Eigen::Index(5));
        QCOMPARE(d.train.columns(0, 1)(0, 0), 128.0f / 255.0f);
        QCOMPARE(d.classNames, core::fashionMnistClassNames());
    }

    void readsTheInstalledSet() {
        const std::optional<std::string> dir = core::findFashionMnist();
        // scripts/setup.sh installs the package, so a missing set is a broken set-up, not a skip.
        if (!dir)
            QFAIL("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        const std::string train = *dir + "/train-images-idx3-ubyte.gz";
        const core::IdxHeader h = core::readIdxHeader(train);
        QCOMPARE(h.count, 60000u);
        QCOMPARE(h.rows, 28u);
        QCOMPARE(h.cols, 28u);
        QVERIFY(h.gzip);

        // A subset of the training set, the whole test set: both files checked in full.
        const core::Dataset d = core::loadFashionMnist(1000, 0);
        QCOMPARE(d.shape, core::Shape::image(1, 28, 28));
        QCOMPARE(d.classes, 10);
        QCOMPARE(d.train.size(), Eigen::Index(1000));
        QCOMPARE(d.test.size(), Eigen::Index(10000));
        QCOMPARE(d.train.features(), Eigen::Index(784));
        const core::Matrix x = d.train.columns(0, d.train.size());
        QVERIFY(x.minCoeff() >= 0.0f && x.maxCoeff() <= 1.0f);
        QCOMPARE(x.maxCoeff(), 1.0f);  // white pixels exist
        const std::set<int> classes(d.train.y.begin(), d.train.y.end());
        QCOMPARE(classes.size(), std::size_t(10));
        // The test set is balanced: 1000 images per class.
        std::vector<int> count(10, 0);
        for (int label : d.test.y)
            ++count[std::size_t(label)];
        QCOMPARE(count, std::vector<int>(10, 1000));
    }
};

QTEST_APPLESS_MAIN(TestDataFashionMnist)
#include "test_data_fashion_mnist.moc"
