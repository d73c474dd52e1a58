// Tests for core/data/dataset_registry.h: every name resolves, the defaults give the depth-sweep
// spiral, options reach the generators and readers, and an unknown name lists the known ones.
#include "core/data/dataset_registry.h"
#include "core/data/fashion_mnist.h"
#include "support/error_message.h"
#include "support/idx_files.h"

#include <QtTest>

using core::DataOptions;
using core::Dataset;

using testsupport::dataErrorOf;

namespace {

DataOptions sized(int size) {
    DataOptions o;
    o.size = size;
    return o;
}

}  // namespace

class TestDataRegistry : public QObject {
    Q_OBJECT

private slots:
    void listsTheNames() {
        const std::vector<std::string> names = core::datasetNames();
        for (const char* n : {"spiral", "circles", "xor", "gaussians", "moons", "checkerboard", "shapes",
                              "fashion-mnist", "idx:IMAGES,LABELS", "cifar10:DIR", "csv:FILE"})
            QVERIFY2(std::find(names.begin(), names.end(), n) != names.end(), n);
    }

    // The default data of the app: a 3-class, two-turn spiral with 1500 training points.
    void defaultsGiveTheDepthSweepSpiral() {
        const Dataset d = core::loadDataset("spiral");
        QCOMPARE(d.name, std::string("spiral"));
        QCOMPARE(d.classes, 3);
        QCOMPARE(d.shape, core::Shape::vector(2));
        QCOMPARE(d.train.size(), Eigen::Index(1500));
        QCOMPARE(d.test.size(), Eigen::Index(500));
    }

    void generatedSets_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("classes");
        QTest::addColumn<int>("features");
        QTest::newRow("spiral") << "spiral" << 3 << 2;
        QTest::newRow("circles") << "circles" << 3 << 2;
        QTest::newRow("xor") << "xor" << 2 << 2;
        QTest::newRow("gaussians") << "gaussians" << 3 << 2;
        QTest::newRow("moons") << "moons" << 2 << 2;
        QTest::newRow("checkerboard") << "checkerboard" << 2 << 2;
        QTest::newRow("shapes") << "shapes" << 8 << 256;
    }
    void generatedSets() {
        QFETCH(QString, name);
        QFETCH(int, classes);
        QFETCH(int, features);
        const Dataset d = core::loadDataset(name.toStdString(), sized(200));
        QCOMPARE(QString::fromStdString(d.name), name);
        QCOMPARE(d.classes, classes);
        QCOMPARE(d.shape.size(), std::int64_t(features));
        QCOMPARE(d.train.size() + d.test.size(), Eigen::Index(200));
        QCOMPARE(d.train.x.rows(), Eigen::Index(features));
        // Standardised with the training statistics: the grand mean is 0.
        QVERIFY(std::abs(d.train.x.mean()) < 1e-4f);
    }

    void optionsReachTheGenerators() {
        DataOptions o = sized(300);
        o.classes = 5;
        o.seed = 4;
        const Dataset a = core::loadDataset("spiral", o);
        QCOMPARE(a.classes, 5);
        QCOMPARE(core::loadDataset("spiral", o).train.x, a.train.x);
        o.seed = 5;
        QVERIFY(core::loadDataset("spiral", o).train.x != a.train.x);
        o.classes = 3;
        o.testFraction = 0.5;
        QCOMPARE(core::loadDataset("shapes", o).classes, 3);
        QCOMPARE(core::loadDataset("shapes", o).test.size(), Eigen::Index(150));
        o.maxTrain = 20;
        o.maxTest = 7;
        const Dataset small = core::loadDataset("moons", o);
        QCOMPARE(small.train.size(), Eigen::Index(20));
        QCOMPARE(small.test.size(), Eigen::Index(7));
    }

    void normalizeCanBeTurnedOff() {
        DataOptions o = sized(100);
        o.normalize = false;
        const Dataset raw = core::loadDataset("shapes", o);
        QVERIFY(raw.train.x.minCoeff() >= 0.0f && raw.train.x.maxCoeff() <= 1.0f);
        o.normalize = true;
        const Dataset standard = core::loadDataset("shapes", o);
        QVERIFY(standard.train.x.minCoeff() < 0.0f);
        const double mean = standard.train.x.cast<double>().mean();
        const double sd = std::sqrt((standard.train.x.cast<double>().array() - mean).square().mean());
        QVERIFY(std::abs(mean) < 1e-5);
        QVERIFY(std::abs(sd - 1.0) < 1e-4);
    }

    void readsFilesByName() {
        QTemporaryDir dir;
        // csv:FILE
        QByteArray csv = "a,b,label\n";
        for (int i = 0; i < 20; ++i)
            csv += QByteArray::number(i) + "," + QByteArray::number(i * i) + "," + QByteArray::number(i % 2) + "\n";
        testsupport::writeFile(dir.filePath("t.csv"), csv);
        const Dataset c = core::loadDataset("csv:" + dir.filePath("t.csv").toStdString());
        QCOMPARE(c.train.size(), Eigen::Index(15));
        QCOMPARE(c.test.size(), Eigen::Index(5));
        QCOMPARE(c.classes, 2);
        QCOMPARE(c.name, "csv:" + dir.filePath("t.csv").toStdString());

        // idx:IMAGES,LABELS, the test split carved off by testFraction
        QByteArray labels;
        for (int i = 0; i < 8; ++i)
            labels += char(i % 10);
        testsupport::writeFile(dir.filePath("i.idx"), testsupport::idxImages(8, 2, 2, QByteArray(32, '\x40')));
        testsupport::writeFile(dir.filePath("l.idx"), testsupport::idxLabels(labels));
        DataOptions o;
        o.normalize = false;
        const Dataset idx = core::loadDataset("idx:" + dir.filePath("i.idx").toStdString() + "," +
                                                  dir.filePath("l.idx").toStdString(), o);
        QCOMPARE(idx.shape, core::Shape::image(1, 2, 2));
        QCOMPARE(idx.train.size(), Eigen::Index(6));
        QCOMPARE(idx.test.size(), Eigen::Index(2));
        QCOMPARE(idx.train.columns(0, 1)(0, 0), 64.0f / 255.0f);

        // cifar10:DIR
        for (const char* f : {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                              "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"})
            testsupport::writeFile(dir.filePath(f), QByteArray(1, '\x03') + QByteArray(3072, '\x10'));
        o.maxTrain = 4;
        const Dataset cifar = core::loadDataset("cifar10:" + dir.path().toStdString(), o);
        QCOMPARE(cifar.shape, core::Shape::image(3, 32, 32));
        QCOMPARE(cifar.train.size(), Eigen::Index(4));
        QCOMPARE(cifar.test.size(), Eigen::Index(1));
        QCOMPARE(cifar.classNames.size(), std::size_t(10));
    }

    void fashionMnist() {
        if (!core::findFashionMnist()) {
            const QString message = dataErrorOf([] { core::loadDataset("fashion-mnist"); });
            QVERIFY2(message.contains("dataset-fashion-mnist"), qPrintable(message));
            return;
        }
        DataOptions o;
        o.maxTrain = 300;
        o.maxTest = 100;
        const Dataset d = core::loadDataset("fashion-mnist", o);
        QCOMPARE(d.train.size(), Eigen::Index(300));
        QCOMPARE(d.test.size(), Eigen::Index(100));
        QCOMPARE(d.shape, core::Shape::image(1, 28, 28));
        QCOMPARE(d.classNames.front(), std::string("T-shirt/top"));
    }

    void rejects_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("field");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown name")
            << "swirl" << "" << 0.0
            << "unknown data set 'swirl'; known: spiral, circles, xor, gaussians, moons, checkerboard, "
               "shapes, fashion-mnist, idx:IMAGES,LABELS, cifar10:DIR, csv:FILE";
        QTest::newRow("empty name") << "" << "" << 0.0 << "unknown data set ''";
        QTest::newRow("idx without labels") << "idx:only.idx" << "" << 0.0 << "expected idx:IMAGES,LABELS";
        QTest::newRow("missing csv") << "csv:/nonexistent.csv" << "" << 0.0 << "/nonexistent.csv: no such file";
        QTest::newRow("missing cifar dir") << "cifar10:/nonexistent" << "" << 0.0 << "/nonexistent is not a directory";
        QTest::newRow("negative maxTrain") << "spiral" << "maxTrain" << -1.0 << "maxTrain and maxTest must be >= 0";
        QTest::newRow("testFraction 0.95") << "moons" << "testFraction" << 0.95 << "testFraction must be in [0, 0.9]";
        QTest::newRow("size 2") << "spiral" << "size" << 2.0 << "size must be in 4..10000000, got 2";
        QTest::newRow("shapes classes 9") << "shapes" << "classes" << 9.0 << "classes must be in 2..8, got 9";
        QTest::newRow("noise -1") << "circles" << "noise" << -1.0 << "noise must be a finite number";
    }
    void rejects() {
        QFETCH(QString, name);
        QFETCH(QString, field);
        QFETCH(double, value);
        QFETCH(QString, expected);
        DataOptions o;
        if (field == "maxTrain") o.maxTrain = int(value);
        if (field == "testFraction") o.testFraction = value;
        if (field == "size") o.size = int(value);
        if (field == "classes") o.classes = int(value);
        if (field == "noise") o.noise = value;
        const QString message = dataErrorOf([&] { core::loadDataset(name.toStdString(), o); });
        QVERIFY2(message.contains(expected), qPrintable("got: " + message));
    }
};

QTEST_APPLESS_MAIN(TestDataRegistry)
#include "test_data_registry.moc"
