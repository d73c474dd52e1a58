// tests/torch/test_exported_python.cpp: every program the PyTorch export writes is Python that
// Python accepts, for every preset and for networks that use every block kind, shortcut,
// activation and layer, with the data sources and training settings train.py spells
// differently: py_compile (the syntax) and pyflakes (undefined names, unused imports and
// variables, ...) over model.py and train.py. Running them against the engine is
// test_torch_export.cpp's job.
#include "core/export/torch_export.h"
#include "core/spec/spec_analysis.h"
#include "support/export_networks.h"
#include "support/python.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace core;
using testsupport::PythonRun;
using testsupport::runPython;

namespace {

// A bottleneck of each shortcut, plain included; the projection one strided.
NetworkSpec everyBottleneck() {
    NetworkSpec s;
    s.name = "every bottleneck";
    s.input = {InputKind::Image, 3, 8, 8};
    s.classes = 4;
    s.stem = {testsupport::conv(8, 3, 1, 1, false), testsupport::layer(LayerType::BatchNorm),
              testsupport::layer(LayerType::ReLU)};
    const std::pair<ShortcutKind, int> blocks[] = {
        {ShortcutKind::None, 8}, {ShortcutKind::Identity, 8}, {ShortcutKind::Projection, 16}, {ShortcutKind::ZeroPad, 24}};
    for (const auto& [shortcut, width] : blocks) {
        BlockSpec b = testsupport::block(s, BlockKind::Bottleneck, width, shortcut);
        b.bottleneckWidth = 4;
        b.stride = shortcut == ShortcutKind::Projection ? 2 : 1;
        s.blocks.push_back(b);
    }
    s.head = {testsupport::layer(LayerType::GlobalAvgPool), testsupport::layer(LayerType::Dense, 4)};
    return s;
}

// The stem and head of a spiral MLP and no blocks, without a name.
NetworkSpec emptyChain() {
    NetworkSpec s = testsupport::mlp(true);
    s.blocks.clear();
    s.name.clear();
    return s;
}

// A data set that fits the network's input.
std::string dataFor(const InputSpec& in) {
    if (in.kind == InputKind::Points)
        return in.channels == 2 ? "spiral" : "csv:table.csv";
    if (in.channels == 1 && in.height == 16 && in.width == 16)
        return "shapes";
    if (in.channels == 1 && in.height == 28 && in.width == 28)
        return "fashion-mnist";
    if (in.channels == 3 && in.height == 32 && in.width == 32)
        return "cifar10:cifar-10-batches-bin";
    return "idx:images.idx,labels.idx";
}

ExportOptions options(const NetworkSpec& spec, int variant) {
    ExportOptions o;
    const bool images = spec.input.kind == InputKind::Image;
    o.dataName = dataFor(spec.input);
    if (variant == 1) {   // Adam, a step schedule with warm-up, a file set with a quote in its path
        o.dataName = images ? "idx:dir \"a\"/images.idx,dir \"a\"/labels.idx" : "csv:some dir/it's \"data\".csv";
        o.data.labelColumn = "the \"class\"";
        o.train.optimizer = OptimizerKind::Adam;
        o.train.schedule = ScheduleKind::Step;
        o.train.warmupEpochs = 2;
        o.train.init.scheme = InitScheme::Xavier;
        o.train.init.zeroLastBnGamma = true;
    }
    return o;
}

}  // namespace

class TestExportedPython : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const PythonRun run = runPython({"-m", "pyflakes", "--version"}, QDir::tempPath(), 120000);
        if (run.exitCode != 0)
            QFAIL(qPrintable("this test needs pyflakes for " + testsupport::python() +
                             ": install Debian's python3-pyflakes (scripts/setup.sh does).\n" + run.output));
    }

    void programsAreValidPython_data() {
        QTest::addColumn<QString>("name");
        for (const std::string& name : presetNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
        for (const char* name : {"mlp plain", "mlp residual", "mlp mixed", "conv projection", "conv plain",
                                 "conv mixed", "every bottleneck", "empty chain", "mlp designed", "conv designed"})
            QTest::newRow(name) << QString(name);
    }
    void programsAreValidPython() {
        QFETCH(QString, name);
        NetworkSpec spec;
        if (name == "mlp plain" || name == "mlp residual")
            spec = testsupport::mlp(name == "mlp residual");
        else if (name == "mlp mixed")
            spec = testsupport::mixedMlp();
        else if (name == "conv projection")
            spec = testsupport::cifar(ShortcutKind::Projection);
        else if (name == "conv plain")
            spec = testsupport::cifar(ShortcutKind::ZeroPad, false);
        else if (name == "conv mixed")
            spec = testsupport::mixedConv();
        else if (name == "mlp designed")
            spec = testsupport::designedMlp();
        else if (name == "conv designed")
            spec = testsupport::designedConv();
        else if (name == "every bottleneck")
            spec = everyBottleneck();
        else if (name == "empty chain")
            spec = emptyChain();
        else
            spec = presetByName(name.toStdString());
        QVERIFY2(validate(spec).empty(), qPrintable(name + " is not a valid network"));

        QTemporaryDir dir;
        QStringList programs;
        for (int variant = 0; variant < 2; ++variant) {
            const QString out = dir.filePath(QString::number(variant));
            exportTorch(spec, nullptr, options(spec, variant), out.toStdString());
            programs << out + "/model.py" << out + "/train.py";
        }
        const PythonRun compiled = runPython(QStringList{"-m", "py_compile"} + programs, dir.path());
        QVERIFY_PYTHON(compiled);
        const PythonRun flakes = runPython(QStringList{"-m", "pyflakes"} + programs, dir.path());
        QVERIFY_PYTHON(flakes);
    }

    // The checks above would pass on files that are not there or hold no code.
    void theChecksSeeMistakes() {
        QTemporaryDir dir;
        const QString broken = dir.filePath("broken.py"), sloppy = dir.filePath("sloppy.py");
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("def f(:\n    pass\n");
        f.close();
        QFile g(sloppy);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("import os\n\n\ndef f():\n    return undefined_name\n");
        g.close();
        QVERIFY(runPython({"-m", "py_compile", broken}, dir.path()).exitCode != 0);
        const PythonRun flakes = runPython({"-m", "pyflakes", sloppy}, dir.path());
        QVERIFY(flakes.exitCode != 0);
        QVERIFY2(flakes.output.contains("undefined_name") && flakes.output.contains("'os' imported but unused"),
                 qPrintable(flakes.output));
    }
};

QTEST_APPLESS_MAIN(TestExportedPython)
#include "test_exported_python.moc"
