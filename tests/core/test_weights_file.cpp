// Weights files: round trip, and every damaged or mismatched file refused with a message
// before the network is touched.
#include "core/init/initializer.h"
#include "core/io/weights_file.h"
#include "core/spec/build_network.h"
#include "core/spec/presets.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace core;

namespace {

std::vector<Vector> snapshot(Network& net) {
    std::vector<Vector> values;
    for (const ParamView& p : net.params())
        values.push_back(p.value);
    for (const BufferView& b : net.buffers())
        values.push_back(b.value);
    return values;
}

}  // namespace

class TestWeightsFile : public QObject {
    Q_OBJECT
private slots:
    void roundTripIsExact() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("w.rnlw").toStdString();
        auto a = buildNetwork(presetByName("resnet20"));
        initialize(*a, {}, 1);
        for (BufferView& b : a->buffers())
            b.value.setRandom();
        saveWeights(*a, path);
        auto b = buildNetwork(presetByName("resnet20"));
        initialize(*b, {}, 2);
        QVERIFY(snapshot(*a) != snapshot(*b));
        loadWeights(*b, path);
        QVERIFY(snapshot(*a) == snapshot(*b));
    }

    void refusesDamagedFiles_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("other network") << 0 << "belongs to another network";
        QTest::newRow("truncated") << 1 << "bytes but the weights of this network take";
        QTest::newRow("bad magic") << 2 << "wrong magic number";
        QTest::newRow("empty") << 3 << "has 0 bytes";
        QTest::newRow("directory") << 4 << "is a directory";
        QTest::newRow("nan value") << 5 << "not finite";
        QTest::newRow("renamed tensor") << 6 << "is not part of this network";
    }
    void refusesDamagedFiles() {
        QFETCH(int, which);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath("w.rnlw");
        auto net = buildNetwork(presetByName("spiral-residual-8"));
        initialize(*net, {}, 0);
        saveWeights(*net, path.toStdString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        QString target = path;
        switch (which) {
        case 0: {
            auto other = buildNetwork(presetByName("spiral-plain-16"));
            initialize(*other, {}, 0);
            saveWeights(*other, path.toStdString());
            bytes.clear();
            break;
        }
        case 1: bytes.chop(10); break;
        case 2: bytes[0] = 'X'; break;
        case 3: bytes.clear(); bytes.append(""); break;
        case 4: target = dir.path(); bytes.clear(); break;
        case 5: {
            const float nan = std::numeric_limits<float>::quiet_NaN();
            std::memcpy(bytes.data() + bytes.size() - 4, &nan, 4);
            break;
        }
        case 6: {
            const int at = bytes.indexOf("head.0.W");
            QVERIFY(at > 0);
            bytes[at] = 'x';
            break;
        }
        }
        if (which == 3 || (which != 0 && which != 4)) {
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(bytes);
            f.close();
        }
        const std::vector<Vector> before = snapshot(*net);
        try {
            loadWeights(*net, target.toStdString());
            QFAIL("accepted");
        } catch (const WeightsError& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
        QVERIFY(snapshot(*net) == before);   // untouched
    }
};

QTEST_APPLESS_MAIN(TestWeightsFile)
#include "test_weights_file.moc"
