// resnetlab-cli on image sets, as a new user tries it: `sweep --data fashion-mnist` alone starts
// the image lesson's settings (its options checked before any data is read); every data option
// applies to images or is refused with a message (exit code 2); --input re-shapes a CIFAR preset
// for Fashion-MNIST; and progress reaches stderr as plain lines when it is not a terminal.
// Fashion-MNIST is a tiny stand-in written here ($RESNETLAB_FASHION_MNIST_DIR), so the suite
// needs no download and runs in seconds.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "support/idx_files.h"

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

// A Fashion-MNIST look-alike: n training and m test 28x28 images in 10 classes, class k a
// bright horizontal band at rows 2k..2k+5 on a dark background.
void writeTinyFashionMnist(const QString& dir, int n, int m) {
    for (const auto& [prefix, count] : {std::pair{QString("train"), n}, std::pair{QString("t10k"), m}}) {
        QByteArray pixels(count * 784, '\x10');
        QByteArray labels(count, '\0');
        for (int i = 0; i < count; ++i) {
            const int k = i % 10;
            labels[i] = char(k);
            for (int row = 2 * k; row < 2 * k + 6; ++row)
                for (int col = 0; col < 28; ++col)
                    pixels[i * 784 + row * 28 + col] = char(0xf0);
        }
        testsupport::writeFashionMnistSplit(dir, prefix, pixels, labels);
    }
}

// Runs resnetlab-cli with Fashion-MNIST read from `fashionDir`.
Run cli(const QStringList& args, const QString& fashionDir) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RESNETLAB_FASHION_MNIST_DIR"), fashionDir);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(RESNETLAB_CLI), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// The options of a sweep that finishes in a second on the tiny set.
QStringList tinySweep(const QString& out) {
    return {"sweep", "--data", "fashion-mnist", "--depths", "8", "--seeds", "0", "--epochs", "1", "--width",
            "2", "--max-test", "20", "--out", out};
}

}  // namespace

class TestCliImages : public QObject {
    Q_OBJECT

    QTemporaryDir m_fashion;   // the tiny Fashion-MNIST
    QTemporaryDir m_broken;    // the four files, not IDX: reading them fails (exit code 3)

private slots:
    void initTestCase() {
        QVERIFY(m_fashion.isValid() && m_broken.isValid());
        writeTinyFashionMnist(m_fashion.path(), 60, 30);
        for (const char* name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                 "t10k-labels-idx1-ubyte"})
            testsupport::writeFile(m_broken.filePath(name), QByteArray("not an IDX file"));
    }

    // The plain command starts the image lesson's sweep: its plan is printed, and only then is
    // the data read (here: damaged files, so exit 3 naming the file, never a depth error).
    void fashionMnistAloneRunsTheImageLesson() {
        QTemporaryDir out;
        const Run r = cli({"sweep", "--data", "fashion-mnist", "--out", out.path()}, m_broken.path());
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("sweep: 18 runs (2 families x 3 depths x 3 seeds; depths 8, 20, 44) on fashion-mnist "
                                "(first 2000 training samples, first 500 test samples, images resampled to 14x14); "
                                "width 8, 6 epochs, batch 64, lr 0.02"),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains("train-images-idx3-ubyte"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("6n+2"), qPrintable(r.err));
    }

    // A depth an image sweep cannot use is a usage error found before the data is read.
    void imageDepthsAreCheckedBeforeLoading() {
        const Run r = cli({"sweep", "--data", "fashion-mnist", "--depths", "4,20"}, m_broken.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("depth 4: an image sweep uses CIFAR-style 6n+2 conv nets"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("idx3-ubyte"), qPrintable(r.err));
        const Run mlp = cli({"sweep", "--depths", "5"}, m_broken.path());
        QCOMPARE(mlp.code, 2);
        QVERIFY2(mlp.err.contains("an MLP sweep needs an even depth"), qPrintable(mlp.err));
    }

    // The subset, image size and width reach the run; the figure is written; progress lines
    // (stderr is a pipe here) name each finished run.
    void optionsReachTheSweep() {
        QTemporaryDir out;
        QStringList args = tinySweep(out.path());
        args << "--max-train" << "40" << "--image-size" << "7";
        const Run r = cli(args, m_fashion.path());
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("data: 40 training and 20 test samples of 1x7x7"), qPrintable(r.err));
        QVERIFY2(r.err.contains("width 2, 1 epochs"), qPrintable(r.err));
        QVERIFY2(r.err.contains("1/2 done: "), qPrintable(r.err));
        QVERIFY2(r.err.contains("2/2 done: "), qPrintable(r.err));
        QVERIFY2(r.err.contains(QRegularExpression("\\[100%, [0-9]+s\\] 2/2 done: (plain|residual) 8 seed 0 -> train error")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains("sweep finished in"), qPrintable(r.err));
        QVERIFY(!r.err.contains('\r'));   // no bar redrawn in place off a terminal
        QFile csv(out.filePath("sweep.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csv.readAll()).trimmed().split('\n').size(), 1 + 2);
        QCOMPARE(QImage(out.filePath("sweep.png")).size(), QSize(900, 600));

        // --quiet: the plan and the result, no progress lines.
        const Run quiet = cli(tinySweep(out.path()) << "--quiet", m_fashion.path());
        QCOMPARE(quiet.code, 0);
        QVERIFY2(!quiet.err.contains("done: "), qPrintable(quiet.err));
        QVERIFY2(quiet.err.contains("data: 60 training and 20 test samples of 1x14x14"), qPrintable(quiet.err));
    }

    // A generated image set takes the test fraction and its size; Fashion-MNIST does not.
    void testFractionAppliesWhereThereIsNoTestSplit() {
        QTemporaryDir out;
        const Run r = cli({"sweep", "--data", "shapes", "--size", "60", "--test-fraction", "0.5", "--depths", "8",
                           "--seeds", "0", "--epochs", "1", "--width", "2", "--out", out.path(), "--quiet"},
                          m_broken.path());
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("data: 30 training and 30 test samples of 1x16x16"), qPrintable(r.err));
        const Run range = cli({"sweep", "--data", "shapes", "--test-fraction", "0.95"}, m_broken.path());
        QCOMPARE(range.code, 2);
        QVERIFY2(range.err.contains("--test-fraction: 0.95 is out of range [0, 0.9]"), qPrintable(range.err));
    }

    // Each data option that would do nothing for the set named is refused with the reason and
    // what to use instead, before anything is loaded.
    void refusals_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QStringList sweep{"sweep", "--data", "fashion-mnist"};
        QTest::newRow("size on fashion-mnist") << (sweep + QStringList{"--size", "100"})
                                               << "use --max-train N and --max-test N to keep fewer samples, "
                                                  "--image-size N to make the images smaller";
        QTest::newRow("test fraction on fashion-mnist")
            << (sweep + QStringList{"--test-fraction", "0.2"})
            << "--test-fraction: fashion-mnist comes with its own test split; use --max-test N";
        QTest::newRow("data seed on fashion-mnist") << (sweep + QStringList{"--data-seed", "3"})
                                                    << "--data-seed: fashion-mnist has a fixed training and test split";
        QTest::newRow("noise on fashion-mnist") << (sweep + QStringList{"--noise", "0.2"})
                                                << "--noise applies to the generated 2-D point sets";
        QTest::newRow("noise on shapes") << QStringList{"sweep", "--data", "shapes", "--noise", "0.2"}
                                         << "--noise applies to the generated 2-D point sets (spiral, circles, ...), "
                                            "not to shapes";
        QTest::newRow("image size on spiral") << QStringList{"sweep", "--image-size", "8"}
                                              << "--image-size applies to image sets";
        QTest::newRow("image size not dividing") << (sweep + QStringList{"--image-size", "10"})
                                                 << "--image-size: fashion-mnist: image size 10 does not divide 28 "
                                                    "(images are resampled by averaging blocks of pixels); use 28, "
                                                    "14, 7, 4, 2 or 1";
        QTest::newRow("image size not a number") << (sweep + QStringList{"--image-size", "big"})
                                                 << "--image-size: 'big' is not an integer";
        QTest::newRow("negative max train") << (sweep + QStringList{"--max-train", "-5"})
                                            << "--max-train: -5 is out of range";
        QTest::newRow("max test not a number") << (sweep + QStringList{"--max-test", "x"})
                                               << "--max-test: 'x' is not an integer";
        QTest::newRow("width zero") << (sweep + QStringList{"--width", "0"}) << "--width: 0 is out of range";
        QTest::newRow("size on train") << QStringList{"train", "resnet20", "--data", "fashion-mnist",
                                                                    "--size", "10"}
                                                     << "--size is the number of samples of a generated set";
        QTest::newRow("input not a shape") << QStringList{"info", "resnet20", "--input", "28x28"}
                                           << "--input: '28x28' is not an image shape CxHxW";
        QTest::newRow("input out of range") << QStringList{"info", "resnet20", "--input", "1x28x0"}
                                            << "--input: 1x28x0 is out of range";
        QTest::newRow("input on an MLP") << QStringList{"train", "spiral-plain-8", "--input", "1x28x28"}
                                         << "--input re-shapes an image network; spiral-plain-8";
        QTest::newRow("export of resampled images") << QStringList{"export-torch", "resnet20", "--input", "1x14x14",
                                                                   "--data", "fashion-mnist", "--image-size", "14",
                                                                   "--out", "never-written"}
                                                    << "train.py reads the images at their stored size";
        QTest::newRow("input on the default lesion nets") << QStringList{"lesion", "--input", "1x28x28"}
                                                          << "the default networks are spiral MLPs";
    }
    void refusals() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args, m_broken.path());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(!r.err.contains("idx3-ubyte"), qPrintable(r.err));   // refused before loading
    }

    // A CIFAR preset trains on Fashion-MNIST with --input; without it, the message says how.
    void inputReshapesAPreset() {
        const Run info = cli({"info", "resnet20", "--input", "1x28x28"}, m_broken.path());
        QCOMPARE(info.code, 0);
        QVERIFY2(info.out.contains("64x7x7"), qPrintable(info.out));
        QVERIFY2(info.out.contains("1x28x28"), qPrintable(info.out));

        QTemporaryDir out;
        const QStringList train{"train", "resnet8", "--data", "fashion-mnist", "--epochs", "1", "--max-train", "20",
                                "--max-test", "10", "--out", out.path(), "--quiet"};
        const Run mismatch = cli(train, m_fashion.path());
        QCOMPARE(mismatch.code, 3);
        QVERIFY2(mismatch.err.contains("give --input 1x28x28 to re-shape the network's input"), qPrintable(mismatch.err));
        const Run ok = cli(QStringList(train) << "--input" << "1x28x28", m_fashion.path());
        QCOMPARE(ok.code, 0);
        QVERIFY2(ok.out.contains("ResNet-8 on fashion-mnist: 1 epochs"), qPrintable(ok.out));
        // The same at 14x14: the data resampled, the network re-shaped to match.
        const Run small = cli(QStringList(train) << "--input" << "1x14x14" << "--image-size" << "14", m_fashion.path());
        QCOMPARE(small.code, 0);

        QTemporaryDir specs;
        const Run preset = cli({"preset", "plain20", "--input", "1x28x28", "--out", specs.filePath("p.json")}, m_broken.path());
        QCOMPARE(preset.code, 0);
        QFile f(specs.filePath("p.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        QVERIFY2(json.contains("\"height\": 28") && json.contains("\"channels\": 1"), json.constData());
    }
};

QTEST_APPLESS_MAIN(TestCliImages)
#include "test_cli_images.moc"
