// resnetlab-cli export-torch and predict as a user runs them: the files they write, the
// sources they accept (preset, spec file with --weights, run bundle) and their exit codes.
// Running the exported program itself is tests/torch's job.
#include "core/init/initializer.h"
#include "core/io/run_bundle.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "support/cli.h"
#include "support/python.h"

using Run = testsupport::ProcessRun;
using testsupport::cli;
using testsupport::readLines;

class TestCliTorch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const Run r = cli({"train", "spiral-residual-4", "--epochs", "1", "--size", "200", "--out", m_dir.path(),
                           "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(cli({"preset", "spiral-residual-4", "--out", m_dir.filePath("net.json")}).code, 0);
    }

    void exportWritesTheProgram() {
        QTemporaryDir out;
        const Run r = cli({"export-torch", m_dir.filePath("net.json"), "--weights", m_dir.filePath("weights.rnlw"),
                           "--epochs", "7", "--out", out.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const char* file : {"model.py", "train.py", "README.md", "weights.npz"})
            QVERIFY2(QFile::exists(out.filePath(file)), file);
        QVERIFY(r.out.contains("weights.npz"));
        QVERIFY(readLines(out.filePath("train.py")).contains("    \"epochs\": 7,"));
    }

    void exportWithoutWeights() {
        QTemporaryDir out;
        const Run r = cli({"export-torch", "bottleneck-example", "--out", out.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out.filePath("model.py")));
        QVERIFY(!QFile::exists(out.filePath("weights.npz")));
        QVERIFY(r.err.contains("no trained weights"));
        QVERIFY(readLines(out.filePath("train.py")).contains("    \"data\": \"shapes\","));
        // CIFAR-10 from a folder: train.py gets its absolute path.
        const Run cifar = cli({"export-torch", "resnet20", "--data", "cifar10:cifar-data", "--out", out.path()},
                              m_dir.path());
        QVERIFY2(cifar.code == 0, qPrintable(cifar.err));
        QVERIFY(readLines(out.filePath("train.py"))
                    .contains("    \"data\": \"cifar10:" + m_dir.filePath("cifar-data") + "\","));
    }

    // The model never depends on a data set: an image network whose shape no built-in set has
    // (resnet20, 3x32x32) is exported, and its train.py asks for --data; one whose shape a
    // built-in set has gets that set; --data picks another.
    void exportNeedsNoDataSet() {
        QTemporaryDir out;
        const Run r = cli({"export-torch", "resnet20", "--out", out.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("train.py needs --data NAME"), qPrintable(r.err));
        QVERIFY(readLines(out.filePath("train.py")).contains("    \"data\": None,"));
        QVERIFY_PYTHON(testsupport::runPython({"-m", "py_compile", "train.py", "model.py"}, out.path()));
        const testsupport::PythonRun run = testsupport::runPython({"train.py", "--epochs", "0"}, out.path());
        QVERIFY2(run.exitCode != 0 && run.output.contains("exported without a data set") &&
                     run.output.contains("give --data NAME"),
                 qPrintable(run.output));
        QVERIFY2(!run.output.contains("Traceback"), qPrintable(run.output));

        QTemporaryDir small;
        const Run shapes = cli({"export-torch", "resnet20", "--input", "1x16x16", "--out", small.path()});
        QVERIFY2(shapes.code == 0, qPrintable(shapes.err));
        QVERIFY(readLines(small.filePath("train.py")).contains("    \"data\": \"shapes\","));
        const Run fashion = cli({"export-torch", "resnet20", "--input", "1x28x28", "--out", small.path()});
        QVERIFY2(fashion.code == 0, qPrintable(fashion.err));
        QVERIFY(readLines(small.filePath("train.py")).contains("    \"data\": \"fashion-mnist\","));
        const Run spiral = cli({"export-torch", "spiral-residual-4", "--data", "moons", "--out", small.path()});
        QVERIFY2(spiral.code == 0, qPrintable(spiral.err));
        QVERIFY(readLines(small.filePath("train.py")).contains("    \"data\": \"moons\","));
    }

    void exportFromABundle() {
        core::RunBundle bundle;
        bundle.name = "test";
        bundle.spec = core::presetByName("spiral-plain-4");
        bundle.data = "moons";
        auto net = core::buildNetwork(bundle.spec);
        core::initialize(*net, {}, 3);
        core::BundleRun run;
        run.label = "plain";
        run.spec = bundle.spec;
        run.weights = core::captureWeights(*net);
        bundle.runs.push_back(run);
        const QString path = m_dir.filePath("bundle.json");
        core::saveBundleFile(bundle, path.toStdString());

        QTemporaryDir out;
        const Run r = cli({"export-torch", path, "--out", out.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out.filePath("weights.npz")));
        QVERIFY(r.out.contains("run 'plain'"));
        QVERIFY(readLines(out.filePath("train.py")).contains("    \"data\": \"moons\","));
        QCOMPARE(cli({"export-torch", path, "--run", "nope", "--out", out.path()}).code, 2);

        const Run p = cli({"predict", path, "--out", out.filePath("logits.csv")});
        QVERIFY2(p.code == 0, qPrintable(p.err));
        QCOMPARE(readLines(out.filePath("logits.csv")).size(), 1 + 500);   // moons: 2000 samples, 25% test
    }

    void predictWritesTheTestLogits() {
        const QString csv = m_dir.filePath("logits.csv");
        const Run r = cli({"predict", "spiral-residual-4", "--weights", m_dir.filePath("weights.rnlw"), "--data",
                           "spiral", "--size", "200", "--out", csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = readLines(csv);
        QCOMPARE(lines.size(), 1 + 50);
        QCOMPARE(lines[0], QString("logit0,logit1,logit2,label"));
        const QStringList cells = lines[1].split(',');
        QCOMPARE(cells.size(), 4);
        bool ok = false;
        cells[0].toDouble(&ok);
        QVERIFY(ok);
        QVERIFY(cells[3].toInt() >= 0 && cells[3].toInt() < 3);
    }

    void exitCodes() {
        QTemporaryDir out;
        QCOMPARE(cli({"export-torch", "resnet20"}).code, 2);                       // no --out
        QCOMPARE(cli({"export-torch", "--out", out.path()}).code, 2);              // no network
        QCOMPARE(cli({"predict", "resnet20"}).code, 2);                            // no --out
        QCOMPARE(cli({"export-torch", "resnet21", "--out", out.path()}).code, 3);  // unknown preset
        // Weights of another network, a data set of the wrong shape, an unknown data set.
        QCOMPARE(cli({"export-torch", "spiral-plain-8", "--weights", m_dir.filePath("weights.rnlw"), "--out",
                      out.path()})
                     .code,
                 3);
        QCOMPARE(cli({"predict", "spiral-residual-4", "--data", "shapes", "--out", out.filePath("x.csv")}).code, 3);
        QCOMPARE(cli({"export-torch", "spiral-residual-4", "--data", "nope", "--out", out.path()}).code, 3);
        QCOMPARE(cli({"export-torch", "spiral-residual-4", "--data", "shapes", "--out", out.path()}).code, 3);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestCliTorch)
#include "test_cli_torch.moc"
