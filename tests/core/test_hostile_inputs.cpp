// The hostile-input table (tests/support/hostile_inputs.h) against the engine's readers:
// each bad input is refused with its message, never a crash or a silent success. The CLI
// test runs the same table through resnetlab-cli.
#include "support/hostile_inputs.h"

#include "core/data/cifar10_reader.h"
#include "core/data/csv_reader.h"
#include "core/data/idx_reader.h"
#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"
#include "core/train/trainer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace core;

Q_DECLARE_METATYPE(hostile::Reader)

class TestHostileInputs : public QObject {
    Q_OBJECT
private slots:
    void readersRefuse_data() {
        QTest::addColumn<int>("reader");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("directory");
        QTest::addColumn<QString>("message");
        for (const hostile::Case& c : hostile::cases())
            QTest::newRow(c.name) << int(c.reader) << c.content << c.directory << c.message;
    }
    void readersRefuse() {
        QFETCH(int, reader);
        QFETCH(QByteArray, content);
        QFETCH(bool, directory);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QString path = dir.filePath("input");
        if (directory) {
            QVERIFY(QDir(dir.path()).mkdir("input"));
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const std::string p = path.toStdString();
        QString error;
        try {
            switch (hostile::Reader(reader)) {
            case hostile::Reader::Spec: {
                const NetworkSpec spec = loadSpecFile(p);
                // An invalid spec is refused by buildNetwork with validate()'s messages; the
                // app and the CLI name the file in front of them, as here.
                try {
                    buildNetwork(spec);
                } catch (const SpecError& e) {
                    throw SpecError(p + ": " + e.what());
                }
                break;
            }
            case hostile::Reader::Weights: {
                auto net = buildNetwork(presetByName("spiral-residual-4"));
                loadWeights(*net, p);
                break;
            }
            case hostile::Reader::Idx: readIdxImages(p); break;
            case hostile::Reader::Csv: loadCsv(p); break;
            case hostile::Reader::Cifar: readCifar10Batches({p}); break;
            }
            QFAIL("the input was accepted");
        } catch (const SpecError& e) {
            error = e.what();
        } catch (const WeightsError& e) {
            error = e.what();
        } catch (const DataError& e) {
            error = e.what();
        }
        QVERIFY2(error.contains(message), qPrintable("expected \"" + message + "\" in: " + error));
        if (!directory)
            QVERIFY2(error.contains("input"), qPrintable("the message should name the file: " + error));
    }

    // Settings reach the trainer from the GUI and from bundles: absurd ones are refused.
    void absurdSettingsAreRefused_data() {
        QTest::addColumn<double>("lr");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<QString>("message");
        QTest::newRow("NaN learning rate") << std::nan("") << 32 << 1 << "learning rate is nan";
        QTest::newRow("infinite learning rate") << HUGE_VAL << 32 << 1 << "learning rate is inf";
        QTest::newRow("negative learning rate") << -0.1 << 32 << 1 << "learning rate is -0.1";
        QTest::newRow("absurd learning rate") << 1e12 << 32 << 1 << "learning rate is 1e+12";
        QTest::newRow("zero batch") << 0.1 << 0 << 1 << "batch size is 0";
        QTest::newRow("negative batch") << 0.1 << -5 << 1 << "batch size is -5";
        QTest::newRow("zero epochs") << 0.1 << 32 << 0 << "epochs is 0";
        QTest::newRow("negative epochs") << 0.1 << 32 << -3 << "epochs is -3";
    }
    void absurdSettingsAreRefused() {
        QFETCH(double, lr);
        QFETCH(int, batch);
        QFETCH(int, epochs);
        QFETCH(QString, message);
        TrainConfig c;
        c.learningRate = lr;
        c.batchSize = batch;
        c.epochs = epochs;
        const std::vector<std::string> problems = checkTrainConfig(c);
        QVERIFY(!problems.empty());
        QVERIFY2(QString::fromStdString(problems.front()).contains(message), problems.front().c_str());
    }
};

QTEST_APPLESS_MAIN(TestHostileInputs)
#include "test_hostile_inputs.moc"
