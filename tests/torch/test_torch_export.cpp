// Export to PyTorch, verified: for each network the engine trains a few steps (so the BN
// running statistics are not trivial), core::exportTorch writes the program, and Debian's
// python3-torch runs it (tests/torch/check_export.py). The logits in evaluation mode must
// match the engine's within 1e-4 of their scale, a few PyTorch training steps from the
// exported weights must lower the loss, train.py must regenerate every data set exactly as
// the engine makes it, and it must run, alone and under torchrun with 2 processes.
// Without an importable torch the test FAILS: CI installs python3-torch.
#include "core/data/fashion_mnist.h"
#include "core/data/synthetic_2d.h"
#include "core/export/npz_writer.h"
#include "core/export/torch_export.h"
#include "core/init/initializer.h"
#include "core/layers/conv2d.h"
#include "core/layers/dense.h"
#include "core/random.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"
#include "core/train/trainer.h"
#include "support/export_networks.h"
#include "support/python.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>

using namespace core;
using namespace testsupport;

namespace {

const double kLogitTolerance = 1e-4;   // max |torch - engine| / max |engine|

QString checker() { return QStringLiteral(RESNETLAB_SOURCE_DIR "/tests/torch/check_export.py"); }

// --- Networks: tests/support/export_networks.h ----------------------------------------------

using SpecMaker = std::function<NetworkSpec()>;

ExportOptions exportOptions(const NetworkSpec& spec) {
    ExportOptions o;
    const bool images = spec.input.kind == InputKind::Image;
    o.dataName = images ? "shapes" : "spiral";
    o.data.size = images ? 240 : 400;
    o.train.epochs = 1;
    o.train.batchSize = 32;
    o.train.learningRate = 0.05;
    o.train.maxStepsPerEpoch = 4;
    o.train.seed = 7;
    return o;
}

// Built from the spec, initialised and trained a few steps with the exported settings.
std::unique_ptr<Network> trained(const NetworkSpec& spec, const ExportOptions& o, const Dataset& data) {
    auto net = buildNetwork(spec);
    initialize(*net, o.train.init, o.train.seed);
    const TrainResult result = train(*net, data, o.train);
    if (result.status != TrainResult::Status::Finished)
        throw std::runtime_error("the engine's training did not finish: " + result.message);
    return net;
}

Matrix engineLogits(Network& net, const Matrix& x) {
    net.setTraining(false);
    Matrix logits = net.forward(x);
    net.setTraining(true);
    return logits;
}

double relativeError(const Matrix& got, const Matrix& want) {
    if (got.rows() != want.rows() || got.cols() != want.cols())
        return INFINITY;
    const double scale = want.cwiseAbs().maxCoeff();
    const double diff = (got - want).cwiseAbs().maxCoeff();
    return scale > 0.0 ? diff / scale : diff;
}

// --- Files the Python side reads or writes ---------------------------------------------------

std::vector<std::int64_t> sampleShape(const Shape& s) {
    if (!s.spatial)
        return {s.channels};
    return {s.channels, s.height, s.width};
}

std::vector<std::int64_t> labelsOf(const Labels& y) { return {y.data(), y.data() + y.size()}; }

// x (D x B) as [B, *shape]: the column-major matrix is the row-major batch.
void writeInputs(const QString& path, const Matrix& x, const Labels& y, const Shape& shape) {
    std::vector<std::int64_t> dims{x.cols()};
    for (const std::int64_t d : sampleShape(shape))
        dims.push_back(d);
    NpzWriter npz;
    npz.addFloat32("x", dims, {x.data(), std::size_t(x.size())});
    npz.addInt64("y", {y.size()}, labelsOf(y));
    npz.save(path.toStdString());
}

void writeEngineData(const QString& path, const Dataset& data) {
    NpzWriter npz;
    for (const auto& [name, split] : {std::pair<std::string, const Split*>{"train", &data.train}, {"test", &data.test}}) {
        const Matrix x = split->columns(0, split->size());   // image sets are held as bytes
        npz.addFloat32(name + "_x", {x.cols(), x.rows()}, {x.data(), std::size_t(x.size())});
        npz.addInt64(name + "_y", {split->y.size()}, labelsOf(split->y));
    }
    npz.save(path.toStdString());
}

// Raw float32 [B, K] row-major, as (K x B).
Matrix readF32(const QString& path, Eigen::Index classes, Eigen::Index batch) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    if (bytes.size() != classes * batch * Eigen::Index(sizeof(float)))
        return {};
    Matrix m(classes, batch);
    std::memcpy(m.data(), bytes.constData(), std::size_t(bytes.size()));
    return m;
}

// A logits CSV (header logit0..logitK-1,label) as (K x B) and the labels.
bool readLogitsCsv(const QString& path, Matrix& logits, Labels& labels, QString& error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        error = path + ": cannot open";
        return false;
    }
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    if (lines.isEmpty()) {
        error = path + ": empty";
        return false;
    }
    const QStringList header = lines[0].split(',');
    const auto k = Eigen::Index(header.size() - 1);
    if (header.last() != "label" || header[0] != "logit0") {
        error = path + ": unexpected header " + lines[0];
        return false;
    }
    logits.resize(k, lines.size() - 1);
    labels.resize(lines.size() - 1);
    for (int r = 1; r < lines.size(); ++r) {
        const QStringList cells = lines[r].split(',');
        if (cells.size() != k + 1) {
            error = path + ": line " + QString::number(r + 1) + " has " + QString::number(cells.size()) + " cells";
            return false;
        }
        for (Eigen::Index c = 0; c < k; ++c)
            logits(c, r - 1) = cells[int(c)].toFloat();
        labels(r - 1) = cells.last().toInt();
    }
    return true;
}

template <class T>
void putBigEndian(std::ofstream& out, T value) {
    for (int shift = 8 * int(sizeof(T)) - 8; shift >= 0; shift -= 8)
        out.put(char((value >> shift) & 0xff));
}

}  // namespace

Q_DECLARE_METATYPE(SpecMaker)

class TestTorchExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const PythonRun run = runPython({"-c", "import numpy, torch; print(torch.__version__)"}, QDir::tempPath(), 120000);
        if (run.exitCode != 0)
            QFAIL(qPrintable("this test needs PyTorch for " + python() +
                             ": install Debian's python3-torch (sudo apt-get install python3-torch python3-numpy), "
                             "or set RESNETLAB_PYTHON to a Python that has torch and numpy.\n" + run.output));
        qInfo("PyTorch %s", qPrintable(run.output.trimmed()));
    }

    // Names and layouts, without Python: the state_dict names are the engine's with the
    // last part renamed, and the weights are transposed to PyTorch's row-major layout.
    void stateDictNamesAndLayouts() {
        QCOMPARE(torchName("stem.0.W"), std::string("stem.0.weight"));
        QCOMPARE(torchName("head.1.b"), std::string("head.1.bias"));
        QCOMPARE(torchName("blocks.3.branch.1.gamma"), std::string("blocks.3.branch.1.weight"));
        QCOMPARE(torchName("blocks.3.branch.1.beta"), std::string("blocks.3.branch.1.bias"));
        QCOMPARE(torchName("blocks.3.branch.1.running_mean"), std::string("blocks.3.branch.1.running_mean"));
        QCOMPARE(torchName("blocks.5.shortcut.0.W"), std::string("blocks.5.shortcut.0.weight"));

        NetworkSpec spec;
        spec.input = {InputKind::Image, 2, 5, 5};
        spec.classes = 3;
        spec.stem = {conv(4, 3, 1, 1, true), layer(LayerType::BatchNorm), layer(LayerType::ReLU)};
        spec.head = {layer(LayerType::GlobalAvgPool), layer(LayerType::Dense, 3)};
        auto net = buildNetwork(spec);
        auto& c = dynamic_cast<Conv2d&>(net->stem().at(0));
        for (Eigen::Index o = 0; o < c.weight().rows(); ++o)
            for (Eigen::Index j = 0; j < c.weight().cols(); ++j)
                c.weight()(o, j) = float(100 * o + j);
        auto& d = dynamic_cast<Dense&>(net->head().at(1));
        for (Eigen::Index o = 0; o < d.weight().rows(); ++o)
            for (Eigen::Index i = 0; i < d.weight().cols(); ++i)
                d.weight()(o, i) = float(10 * o + i);

        const std::vector<TorchTensor> state = torchStateDict(*net);
        QStringList names;
        for (const TorchTensor& t : state)
            names << QString::fromStdString(t.name);
        QCOMPARE(names, QStringList({"stem.0.weight", "stem.0.bias", "stem.1.weight", "stem.1.bias",
                                     "stem.1.running_mean", "stem.1.running_var", "head.1.weight", "head.1.bias"}));
        QCOMPARE(state[0].shape, (std::vector<std::int64_t>{4, 2, 3, 3}));
        for (int o = 0; o < 4; ++o)          // [o, c, u, v] row-major = filter o, (c, u, v)
            for (int j = 0; j < 18; ++j)
                QCOMPARE(state[0].values[std::size_t(o * 18 + j)], float(100 * o + j));
        QCOMPARE(state[6].shape, (std::vector<std::int64_t>{3, 4}));
        for (int o = 0; o < 3; ++o)
            for (int i = 0; i < 4; ++i)
                QCOMPARE(state[6].values[std::size_t(o * 4 + i)], float(10 * o + i));
        QCOMPARE(state[5].values, std::vector<float>(4, 1.0f));   // running_var starts at 1
    }

    void refusesWhatItCannotExport() {
        QTemporaryDir dir;
        const NetworkSpec spec = mlp(true);
        ExportOptions o = exportOptions(spec);
        o.dataName = "no-such-set";
        QVERIFY_THROWS_EXCEPTION(DataError, exportTorch(spec, nullptr, o, dir.path().toStdString()));
        o.dataName = "shapes";   // 256 values per sample, the network takes 2
        QVERIFY_THROWS_EXCEPTION(SpecError, exportTorch(spec, nullptr, o, dir.path().toStdString()));
        o.dataName = "spiral";
        auto other = buildNetwork(mixedMlp());
        QVERIFY_THROWS_EXCEPTION(SpecError, exportTorch(spec, other.get(), o, dir.path().toStdString()));
        NetworkSpec broken = spec;
        broken.blocks[0].width = 7;   // identity shortcut from 16 to 7
        QVERIFY_THROWS_EXCEPTION(SpecError, exportTorch(broken, nullptr, o, dir.path().toStdString()));

        exportTorch(spec, nullptr, o, dir.path().toStdString());
        QVERIFY(QFile::exists(dir.filePath("model.py")));
        QVERIFY(QFile::exists(dir.filePath("train.py")));
        QVERIFY(QFile::exists(dir.filePath("README.md")));
        QVERIFY(!QFile::exists(dir.filePath("weights.npz")));   // no network, no weights
        const std::string model = torchModelSource(spec);
        QVERIFY(model.find("class IdentityBlock") != std::string::npos);
        QVERIFY(model.find("class ZeroPadBlock") == std::string::npos);   // only the kinds used
    }

    void logitsMatch_data() {
        QTest::addColumn<SpecMaker>("makeSpec");
        QTest::newRow("mlp plain") << SpecMaker([] { return mlp(false); });
        QTest::newRow("mlp residual") << SpecMaker([] { return mlp(true); });
        QTest::newRow("mlp mixed") << SpecMaker(mixedMlp);
        QTest::newRow("conv identity + zero-pad") << SpecMaker([] { return cifar(ShortcutKind::ZeroPad); });
        QTest::newRow("conv identity + projection") << SpecMaker([] { return cifar(ShortcutKind::Projection); });
        QTest::newRow("conv plain") << SpecMaker([] { return cifar(ShortcutKind::ZeroPad, false); });
        QTest::newRow("bottleneck") << SpecMaker(bottleneckExample);
        QTest::newRow("conv mixed") << SpecMaker(mixedConv);
        QTest::newRow("mlp every block design") << SpecMaker(designedMlp);
        QTest::newRow("conv every block design") << SpecMaker(designedConv);
        QTest::newRow("spiral pre-activation") << SpecMaker([] { return presetByName("spiral-preact-16"); });
        QTest::newRow("spiral ReZero") << SpecMaker([] { return presetByName("spiral-rezero-16"); });
        QTest::newRow("resnet v2") << SpecMaker([] {
            CifarOptions o;
            o.n = 1;
            o.channels = 1;
            o.height = 16;
            o.width = 16;
            o.design.placement = Placement::FullPreActivation;
            return cifarResNet(o);
        });
    }
    void logitsMatch() {
        QFETCH(SpecMaker, makeSpec);
        const NetworkSpec spec = makeSpec();
        QVERIFY(validate(spec).empty());
        const ExportOptions o = exportOptions(spec);
        const Dataset data = loadDataset(o.dataName, o.data);
        auto net = trained(spec, o, data);

        QTemporaryDir dir;
        const QString exportDir = dir.filePath("export");
        exportTorch(spec, net.get(), o, exportDir.toStdString());
        const Matrix& x = data.test.x;
        writeInputs(dir.filePath("inputs.npz"), x, data.test.y, inputShapeOf(spec.input));

        const PythonRun run = runPython({checker(), "logits", exportDir, dir.filePath("inputs.npz"),
                                         dir.filePath("logits.f32")},
                                        dir.path());
        QVERIFY_PYTHON(run);
        const Matrix want = engineLogits(*net, x);
        const Matrix got = readF32(dir.filePath("logits.f32"), want.rows(), want.cols());
        const double err = relativeError(got, want);
        qInfo("%s: %lld samples, max |torch - engine| / max |engine| = %.2e; %s", spec.name.c_str(),
              (long long)x.cols(), err, qPrintable(run.output.trimmed()));
        QVERIFY2(err <= kLogitTolerance, qPrintable(QString("relative logit difference %1").arg(err)));
    }

    // train.py regenerates each data set as the engine makes it (generated sets from the same
    // random numbers, file sets from the same files, split and standardised alike).
    void dataSetsMatch() {
        QTemporaryDir dir;
        const QString root = dir.path();
        struct Case {
            std::string name;
            DataOptions options;
        };
        std::vector<Case> cases;
        for (const std::string& kind : synthetic2dKinds()) {
            DataOptions d;
            d.size = 301;
            d.seed = 5;
            d.noise = 0.2;
            cases.push_back({kind, d});
        }
        cases.back().options.cells = 3;   // checkerboard
        DataOptions shapes;
        shapes.size = 90;
        shapes.seed = 11;
        shapes.classes = 6;
        shapes.maxTrain = 50;
        cases.push_back({"shapes", shapes});

        // A CSV with a header and the label in a named middle column.
        const std::string csvPath = (root + "/table.csv").toStdString();
        {
            std::ofstream csv(csvPath);
            csv << "a,kind,b,c\n";
            Rng rng(3);
            for (int r = 0; r < 40; ++r)
                csv << rng.uniform(-5, 5) << ',' << r % 3 << ',' << rng.normal() << ',' << rng.uniform() * 100 << '\n';
        }
        DataOptions csvOptions;
        csvOptions.labelColumn = "kind";
        csvOptions.seed = 2;
        csvOptions.testFraction = 0.3;
        cases.push_back({"csv:" + csvPath, csvOptions});

        // A pair of IDX files (4 x 5 images) and a CIFAR-10 folder of a few records.
        const std::string images = (root + "/images.idx").toStdString(), labels = (root + "/labels.idx").toStdString();
        {
            std::ofstream img(images, std::ios::binary), lab(labels, std::ios::binary);
            putBigEndian<std::uint32_t>(img, 0x00000803);
            putBigEndian<std::uint32_t>(img, 24);
            putBigEndian<std::uint32_t>(img, 4);
            putBigEndian<std::uint32_t>(img, 5);
            putBigEndian<std::uint32_t>(lab, 0x00000801);
            putBigEndian<std::uint32_t>(lab, 24);
            Rng rng(4);
            for (int i = 0; i < 24; ++i) {
                for (int p = 0; p < 20; ++p)
                    img.put(char(rng.below(256)));
                lab.put(char(i % 10));
            }
        }
        cases.push_back({"idx:" + images + "," + labels, DataOptions{}});
        const QString cifarDir = root + "/cifar";
        QDir().mkpath(cifarDir);
        {
            Rng rng(6);
            for (const char* file : {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5",
                                        "test_batch"}) {
                std::ofstream out((cifarDir + "/" + file + ".bin").toStdString(), std::ios::binary);
                for (int r = 0; r < 3; ++r) {
                    out.put(char(rng.below(10)));
                    for (int p = 0; p < 3072; ++p)
                        out.put(char(rng.below(256)));
                }
            }
        }
        DataOptions cifarOptions;
        cifarOptions.maxTrain = 13;
        cases.push_back({"cifar10:" + cifarDir.toStdString(), cifarOptions});
        if (findFashionMnist()) {
            DataOptions fashion;
            fashion.maxTrain = 500;
            fashion.maxTest = 100;
            cases.push_back({"fashion-mnist", fashion});
        } else {
            qInfo("fashion-mnist is not installed (dataset-fashion-mnist): its check is left out");
        }

        QStringList args{checker(), "data"};
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const Dataset data = loadDataset(cases[i].name, cases[i].options);
            MlpOptions m;
            m.depth = 4;
            m.inputs = int(data.shape.size());
            m.classes = std::max(2, data.classes);
            ExportOptions o;
            o.dataName = cases[i].name;
            o.data = cases[i].options;
            const QString exportDir = root + "/export" + QString::number(i);
            exportTorch(mlpNet(m), nullptr, o, exportDir.toStdString());
            const QString enginePath = root + "/engine" + QString::number(i) + ".npz";
            writeEngineData(enginePath, data);
            args << exportDir << enginePath;
        }
        const PythonRun run = runPython(args, root);
        QVERIFY_PYTHON(run);
        qInfo("%s", qPrintable(run.output.trimmed()));
    }

    // The exported train.py itself: its test split's logits from the exported weights equal
    // the engine's (data regeneration, standardisation and model together), and it trains.
    void trainScriptRuns_data() {
        QTest::addColumn<SpecMaker>("makeSpec");
        QTest::newRow("mlp residual on spiral") << SpecMaker([] { return mlp(true); });
        QTest::newRow("conv zero-pad on shapes") << SpecMaker([] { return cifar(ShortcutKind::ZeroPad); });
    }
    void trainScriptRuns() {
        QFETCH(SpecMaker, makeSpec);
        const NetworkSpec spec = makeSpec();
        const ExportOptions o = exportOptions(spec);
        const Dataset data = loadDataset(o.dataName, o.data);
        auto net = trained(spec, o, data);
        QTemporaryDir dir;
        exportTorch(spec, net.get(), o, dir.path().toStdString());

        PythonRun run = runPython({"train.py", "--epochs", "0", "--predict", "torch.csv"}, dir.path());
        QVERIFY_PYTHON(run);
        Matrix got;
        Labels labels;
        QString error;
        QVERIFY2(readLogitsCsv(dir.filePath("torch.csv"), got, labels, error), qPrintable(error));
        QVERIFY(labels == data.test.y);
        const double err = relativeError(got, engineLogits(*net, data.test.x));
        qInfo("%s: train.py's test split logits vs the engine's: %.2e", spec.name.c_str(), err);
        QVERIFY2(err <= kLogitTolerance, qPrintable(QString("relative logit difference %1").arg(err)));

        run = runPython({"train.py", "--epochs", "2", "--max-steps-per-epoch", "3", "--save", "trained.npz"},
                        dir.path());
        QVERIFY_PYTHON(run);
        QVERIFY(QFile::exists(dir.filePath("trained.npz")));
        QFile history(dir.filePath("history.csv"));
        QVERIFY(history.open(QIODevice::ReadOnly));
        QCOMPARE(history.readAll().count('\n'), 3);   // header + 2 epochs
    }

    // --distributed under torchrun: 2 processes on the CPU (Gloo), one short epoch. (The
    // redirect options work around torchrun 1.13 on Python 3.11, whose defaults fail.)
    void distributedRuns() {
        const NetworkSpec spec = mlp(true);
        const ExportOptions o = exportOptions(spec);
        const Dataset data = loadDataset(o.dataName, o.data);
        auto net = trained(spec, o, data);
        QTemporaryDir dir;
        exportTorch(spec, net.get(), o, dir.path().toStdString());
        const PythonRun run =
            runPython({"-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2", "--redirects", "1", "--tee",
                       "1", "train.py", "--distributed", "--epochs", "1", "--max-steps-per-epoch", "3", "--device", "cpu"},
                      dir.path());
        QVERIFY_PYTHON(run);
        QVERIFY2(run.output.contains("batch 16 x 2 process(es)"), qPrintable(run.output));
        QVERIFY(QFile::exists(dir.filePath("history.csv")));
        QVERIFY(QFile::exists(dir.filePath("trained.pt")));
    }
};

QTEST_APPLESS_MAIN(TestTorchExport)
#include "test_torch_export.moc"
