// The network spec: JSON round trip, strict reading (unknown, missing and mistyped fields are
// errors naming the field), and one test per validation message, each on the right block.
#include "core/spec/build_network.h"
#include "core/spec/network_spec.h"
#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>

#include <fstream>
#include <sstream>
#include <QtTest>

using namespace core;

namespace {

NetworkSpec smallConvNet() {
    CifarOptions o;
    o.n = 2;
    o.channels = 1;
    o.height = 8;
    o.width = 8;
    return cifarResNet(o);
}

// A spiral net whose every block uses non-default design values, so a round trip that dropped
// a field would change it.
NetworkSpec everyDesignField() {
    NetworkSpec spec = presetByName("spiral-residual-8");
    BlockDesign& d = spec.blocks[0].design;
    d.placement = Placement::BnAfterAddition;
    d.shortcutVariant = ShortcutVariant::ExclusiveGating;
    d.gateBias = -6.0;
    d.shortcutScale = 0.25;
    d.scaleBranch = true;
    d.dropoutRate = 0.125;
    spec.blocks[1].design.placement = Placement::FullPreActivation;
    spec.blocks[1].design.residualScale = ResidualScale::ReZero;
    spec.blocks[2].batchNorm = false;
    spec.blocks[2].design.residualScale = ResidualScale::SkipInit;
    spec.blocks[2].design.alphaInit = 0.0625;
    return spec;
}

std::string readTestFile(const std::string& name) {
    std::ifstream in(std::string(RESNETLAB_SOURCE_DIR) + "/tests/data/" + name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

QString issuesText(const std::vector<SpecIssue>& issues) {
    QStringList lines;
    for (const SpecIssue& i : issues)
        lines << QString::fromStdString(i.message);
    return lines.join('\n');
}

}  // namespace

class TestNetworkSpec : public QObject {
    Q_OBJECT
private slots:
    void jsonRoundTripIsExact_data() {
        QTest::addColumn<QString>("preset");
        for (const char* name : {"resnet20", "plain56", "spiral-residual-56", "spiral-plain-4", "bottleneck-example",
                                 "resnet-v2-20", "spiral-rezero-8", "every design field"})
            QTest::newRow(name) << QString::fromUtf8(name);
    }
    void jsonRoundTripIsExact() {
        QFETCH(QString, preset);
        const NetworkSpec spec =
            preset == "every design field" ? everyDesignField() : presetByName(preset.toStdString());
        const std::string json = specToJson(spec);
        const NetworkSpec back = specFromJson(json);
        QVERIFY(back == spec);
        QCOMPARE(specToJson(back), json);
    }

    void fileRoundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("net.json").toStdString();
        const NetworkSpec spec = presetByName("resnet32");
        saveSpecFile(spec, path);
        QVERIFY(loadSpecFile(path) == spec);
    }

    void readingRejects_data() {
        QTest::addColumn<QString>("edit");      // a JSON pointer and a new value, or "delete <pointer>"
        QTest::addColumn<QString>("message");   // expected part of the message
        QTest::newRow("unknown top field") << "/colour=\"red\"" << "colour: unknown field";
        QTest::newRow("unknown block field") << "/blocks/1/dropout=0.5" << "blocks[1].dropout: unknown field";
        QTest::newRow("missing block field") << "delete /blocks/2/width" << "blocks[2].width: missing field";
        QTest::newRow("missing name") << "delete /name" << "name: missing field";
        QTest::newRow("string for integer") << "/blocks/0/width=\"wide\"" << "blocks[0].width: expected an integer, got a string";
        QTest::newRow("fraction for integer") << "/blocks/0/span=2.5" << "blocks[0].span: expected an integer";
        QTest::newRow("huge integer") << "/blocks/0/width=1e30" << "blocks[0].width: the value";
        QTest::newRow("bad shortcut") << "/blocks/0/shortcut=\"skip\"" << "blocks[0].shortcut: unknown value \"skip\"";
        QTest::newRow("bad activation") << "/blocks/0/activation=\"gelu\"" << "blocks[0].activation: unknown value";
        QTest::newRow("bad layer type") << "/stem/0/type=\"pool\"" << "stem[0].type: unknown value \"pool\"";
        QTest::newRow("future version") << "/version=7" << "version: this file has format version 7";
        QTest::newRow("other format") << "/format=\"something\"" << "format: expected \"resnetlab-network\"";
        QTest::newRow("blocks not an array") << "/blocks={}" << "blocks: expected an array, got an object";
        QTest::newRow("boolean as string") << "/blocks/0/batchnorm=\"yes\"" << "blocks[0].batchnorm: expected true or false";
        QTest::newRow("version 0") << "/version=0" << "version: this file has format version 0";
        QTest::newRow("bad placement") << "/blocks/1/placement=\"sideways\""
            << "blocks[1].placement: unknown value \"sideways\" (expected one of: original, bn-after-addition, "
               "relu-before-addition, relu-only-preactivation, full-preactivation)";
        QTest::newRow("bad shortcut variant") << "/blocks/0/shortcut_variant=\"gated\""
            << "blocks[0].shortcut_variant: unknown value \"gated\" (expected one of: none, constant-scaling";
        QTest::newRow("bad residual scale") << "/blocks/2/residual_scale=\"zero\""
            << "blocks[2].residual_scale: unknown value \"zero\" (expected one of: none, rezero, skipinit, fixup)";
        QTest::newRow("lambda above 1") << "/blocks/0/shortcut_scale=2" << "blocks[0].shortcut_scale: is 2; it must be between 0 and 1";
        QTest::newRow("dropout rate 1") << "/blocks/0/dropout_rate=1" << "blocks[0].dropout_rate: is 1; it must be between 0 and 0.99";
        QTest::newRow("gate bias absurd") << "/blocks/0/gate_bias=-1e6" << "blocks[0].gate_bias: is -1e+06; it must be between -50 and 50";
        QTest::newRow("negative alpha") << "/blocks/0/alpha_init=-0.5" << "blocks[0].alpha_init: is -0.5";
        QTest::newRow("gate bias as text") << "/blocks/0/gate_bias=\"-6\"" << "blocks[0].gate_bias: expected a number, got a string";
        QTest::newRow("missing placement") << "delete /blocks/1/placement" << "blocks[1].placement: missing field";
        QTest::newRow("missing alpha") << "delete /blocks/0/alpha_init" << "blocks[0].alpha_init: missing field";
        QTest::newRow("design field in a version 1 file") << "/version=1" << "blocks[0].alpha_init: unknown field";
    }
    void readingRejects() {
        QFETCH(QString, edit);
        QFETCH(QString, message);
        nlohmann::json j = nlohmann::json::parse(specToJson(presetByName("spiral-residual-8")));
        const std::string e = edit.toStdString();
        if (e.rfind("delete ", 0) == 0) {
            const nlohmann::json::json_pointer p(e.substr(7));
            j[p.parent_pointer()].erase(p.back());
        } else {
            const auto eq = e.find('=');
            j[nlohmann::json::json_pointer(e.substr(0, eq))] = nlohmann::json::parse(e.substr(eq + 1));
        }
        try {
            specFromJson(j.dump());
            QFAIL("the spec was accepted");
        } catch (const SpecError& error) {
            QVERIFY2(QString(error.what()).contains(message), error.what());
        }
    }

    // Files written before the block-design fields existed (by ResNet Lab with format version 1)
    // open with every block at the default design: He et al. 2015's block.
    void versionOneFilesStillOpen_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("preset");
        QTest::newRow("spiral") << "network_v1_spiral_residual_8.json" << "spiral-residual-8";
        QTest::newRow("bottleneck") << "network_v1_bottleneck_example.json" << "bottleneck-example";
    }
    void versionOneFilesStillOpen() {
        QFETCH(QString, file);
        QFETCH(QString, preset);
        const std::string text = readTestFile(file.toStdString());
        QVERIFY2(text.find("\"version\": 1") != std::string::npos, "not a version 1 file");
        QVERIFY(text.find("placement") == std::string::npos);
        const NetworkSpec spec = specFromJson(text);
        QVERIFY(spec == presetByName(preset.toStdString()));
        for (const BlockSpec& b : spec.blocks)
            QVERIFY(b.design == BlockDesign{});
        QVERIFY(validate(spec).empty());
        // Saving writes the current version, with every design field.
        const nlohmann::json saved = nlohmann::json::parse(specToJson(spec));
        QCOMPARE(saved.at("version").get<int>(), NetworkSpec::kFormatVersion);
        QCOMPARE(NetworkSpec::kFormatVersion, 2);
        QCOMPARE(saved.at("blocks").at(0).at("placement").get<std::string>(), std::string("original"));
        QCOMPARE(saved.at("blocks").at(0).at("residual_scale").get<std::string>(), std::string("none"));
    }

    void notJsonNamesThePosition() {
        try {
            specFromJson("{\"format\": \"resnetlab-network\", \"version\": 1,, }");
            QFAIL("accepted");
        } catch (const SpecError& e) {
            QVERIFY2(QString(e.what()).contains("not valid JSON at byte"), e.what());
        }
    }

    // A UTF-16 file (or any binary) read as a spec: the message quotes the bytes it stopped at,
    // escaped, so nothing unprintable reaches a terminal.
    void notJsonQuotesBytesEscaped() {
        for (const std::string& text : {std::string("\xff\xfe{\x00\"\x00"), std::string("{\"form\xc3\xa0t\x01\": \"\xff\"}")}) {
            try {
                specFromJson(text);
                QFAIL("accepted");
            } catch (const SpecError& e) {
                const QByteArray what(e.what());
                for (const char c : what)
                    QVERIFY2(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, what.constData());
                QVERIFY2(QString::fromUtf8(what).toUtf8() == what, what.constData());   // well-formed UTF-8
                // Raw bytes come out as \xNN (the JSON reader itself writes a control character
                // inside a string as <U+0001>, which is printable as it stands).
                QVERIFY2(what.contains("\\x") || what.contains("<U+0001>"), what.constData());
            }
        }
    }

    // Found by fuzz_spec_json: a number beyond double range made the JSON library throw
    // out_of_range, which escaped as an unexpected exception.
    void numberOutOfRangeIsASpecError() {
        try {
            specFromJson("{\"format\": 1e999}");
            QFAIL("accepted");
        } catch (const SpecError& e) {
            QVERIFY2(QString(e.what()).contains("not valid JSON"), e.what());
        }
    }

    void missingFileAndDirectory() {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(SpecError, loadSpecFile(dir.filePath("nope.json").toStdString()));
        try {
            loadSpecFile(dir.path().toStdString());
            QFAIL("accepted a directory");
        } catch (const SpecError& e) {
            QVERIFY(QString(e.what()).contains("is a directory"));
        }
    }

    void presetsAreValid() {
        for (const std::string& name : presetNames())
            QVERIFY2(validate(presetByName(name)).empty(), (name + ": " + issuesText(validate(presetByName(name))).toStdString()).c_str());
    }

    // One test per validation message: the message, the block index and the field.
    void validationMessages_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("identity with channel change") << 0 << 3 << "shortcut"
            << "block 3: branch outputs 32 channels but the input has 16; use a projection or zero-padding shortcut";
        QTest::newRow("identity with stride") << 1 << 1 << "shortcut" << "block 1: branch outputs 16x4x4 but the input is 16x8x8 (stride 2)";
        QTest::newRow("zero-pad cannot remove channels") << 2 << 2 << "shortcut" << "block 2: zero-padding can only add channels";
        QTest::newRow("absurd width") << 3 << 1 << "width" << "block 1: width is 1000000000; it must be between 1 and 16,384";
        QTest::newRow("residual span 1") << 4 << 0 << "span" << "block 0: a residual branch needs at least 2 layers";
        QTest::newRow("span too long") << 5 << 0 << "span" << "block 0: span is 40; it must be between 1 and 16";
        QTest::newRow("even kernel") << 6 << 0 << "kernel" << "block 0: kernel is 4; a block's kernel must be odd";
        QTest::newRow("stride on vectors") << 7 << 0 << "stride" << "block 0: stride is 2 but the block receives a vector";
        QTest::newRow("dense on image") << 8 << 0 << "type" << "head layer 0: a dense layer needs a vector but receives the image";
        QTest::newRow("conv on vector") << 9 << 0 << "type" << "stem layer 0: a conv layer needs an image but receives a vector";
        QTest::newRow("wrong class count") << 10 << 0 << "units" << "the network outputs 10 values but there are 3 classes";
        QTest::newRow("duplicate id") << 11 << 1 << "id" << "block 1: id 1 is used by another block";
        QTest::newRow("kernel bigger than image") << 12 << 0 << "kernel" << "stem layer 0: a 15x15 kernel does not fit the 8x8 input";
        QTest::newRow("too many classes") << 13 << -1 << "classes" << "network: classes is 0; it must be between 2 and 10,000";
        QTest::newRow("too many parameters") << 14 << -1 << "" << "parameters; the limit is 200,000,000";
        QTest::newRow("huge activations") << 15 << 0 << "" << "values per sample; the limit is";
        QTest::newRow("input image too big") << 16 << -1 << "height" << "input: height is 100000; it must be between 1 and 2,048";
        QTest::newRow("stride out of range") << 17 << 0 << "stride" << "block 0: stride is 9; it must be between 1 and 4";
        QTest::newRow("bottleneck width") << 18 << 0 << "bottleneck_width" << "block 0: bottleneck_width is 0";
        QTest::newRow("pool on vector") << 19 << 0 << "type" << "global average pooling needs an image";
        QTest::newRow("gating with a shape change") << 20 << 3 << "shortcut_variant"
            << "block 3: exclusive-gating acts on x itself, value by value, so the branch must keep the input's shape, "
               "but this block changes 16x8x8 to 32x4x4";
        QTest::newRow("scaling a projection") << 21 << 0 << "shortcut_variant"
            << "block 0: constant-scaling acts on the identity shortcut (He et al. 2016, Fig. 2), but this block's "
               "shortcut is projection";
        QTest::newRow("variant on a plain block") << 22 << 1 << "shortcut_variant"
            << "block 1: dropout changes what the shortcut carries, but this block is plain";
        QTest::newRow("rezero on a plain block") << 23 << 0 << "residual_scale"
            << "block 0: rezero scales a residual branch, but this block is plain";
        QTest::newRow("skipinit with batch norm") << 24 << 1 << "batchnorm"
            << "block 1: skipinit trains without batch normalisation (it replaces it)";
        QTest::newRow("fixup with pre-activation") << 25 << 0 << "placement"
            << "block 0: Fixup is defined for the original block";
        QTest::newRow("skipinit alpha too large") << 26 << 2 << "alpha_init"
            << "block 2: SkipInit starts alpha at 0 or below 1/sqrt(d) = 0.5774 for d = 3 residual blocks, but "
               "alpha_init is 0.6";
        QTest::newRow("bn after addition without bn") << 27 << 0 << "placement"
            << "block 0: BN after addition moves the branch's last batch norm after the addition, but this block has "
               "no batch norm";
        QTest::newRow("lambda out of range") << 28 << 1 << "shortcut_scale" << "block 1: shortcut_scale is -0.5; it must be between 0 and 1";
        QTest::newRow("dropout rate out of range") << 29 << 0 << "dropout_rate" << "block 0: dropout_rate is 1.5";
        QTest::newRow("identity that drops channels") << 30 << 2 << "shortcut"
            << "but the input has 16; use a projection shortcut (zero-padding can only add channels)";
    }
    void validationMessages() {
        QFETCH(int, which);
        QFETCH(int, index);
        QFETCH(QString, field);
        QFETCH(QString, message);
        NetworkSpec spec;
        switch (which) {
        case 0: spec = smallConvNet(); spec.blocks[2].width = 16; break;
        case 1: spec = smallConvNet(); spec.blocks[1].width = 16; spec.blocks[1].stride = 2; spec.blocks[1].shortcut = ShortcutKind::Identity; break;
        case 2: spec = smallConvNet(); spec.blocks[2].width = 8; spec.blocks[2].shortcut = ShortcutKind::ZeroPad; break;
        case 3: spec = presetByName("spiral-residual-8"); spec.blocks[1].width = 1000000000; break;
        case 4: spec = presetByName("spiral-residual-8"); spec.blocks[0].span = 1; break;
        case 5: spec = presetByName("spiral-plain-8"); spec.blocks[0].span = 40; break;
        case 6: spec = smallConvNet(); spec.blocks[0].kernel = 4; break;
        case 7: spec = presetByName("spiral-plain-8"); spec.blocks[0].stride = 2; break;
        case 8: spec = smallConvNet(); spec.head.erase(spec.head.begin()); break;
        case 9: spec = presetByName("spiral-plain-8"); spec.stem[0] = LayerSpec{LayerType::Conv, 8, 3, 1, 1, false}; break;
        case 10: spec = presetByName("spiral-plain-8"); spec.head[0].units = 10; break;
        case 11: spec = presetByName("spiral-plain-8"); spec.blocks[1].id = spec.blocks[0].id; break;
        case 12: spec = smallConvNet(); spec.stem[0].kernel = 15; spec.stem[0].padding = 0; break;
        case 13: spec = presetByName("spiral-plain-8"); spec.classes = 0; break;
        case 14: spec = presetByName("spiral-plain-8"); for (auto& b : spec.blocks) b.width = 16384; spec.head[0].units = 3; break;
        case 15: spec = smallConvNet(); spec.input.height = spec.input.width = 2048; spec.stem[0].units = 16384; break;
        case 16: spec = smallConvNet(); spec.input.height = 100000; break;
        case 17: spec = smallConvNet(); spec.blocks[0].stride = 9; break;
        case 18: spec = presetByName("bottleneck-example"); spec.blocks[0].bottleneckWidth = 0; break;
        case 19: spec = presetByName("spiral-plain-8"); spec.head.insert(spec.head.begin(), LayerSpec{LayerType::GlobalAvgPool}); break;
        case 20: spec = smallConvNet(); spec.blocks[2].shortcut = ShortcutKind::Identity; spec.blocks[2].design.shortcutVariant = ShortcutVariant::ExclusiveGating;
                 spec.blocks[3] = spec.blocks[2]; spec.blocks[3].id = 99; spec.blocks[2].stride = 1; spec.blocks[2].width = 16;
                 spec.blocks[2].design.shortcutVariant = ShortcutVariant::None; break;
        case 21: spec = presetByName("spiral-residual-8"); spec.blocks[0].shortcut = ShortcutKind::Projection; spec.blocks[0].design.shortcutVariant = ShortcutVariant::ConstantScaling; break;
        case 22: spec = presetByName("spiral-plain-8"); spec.blocks[1].design.shortcutVariant = ShortcutVariant::Dropout; break;
        case 23: spec = presetByName("spiral-plain-8"); spec.blocks[0].design.residualScale = ResidualScale::ReZero; break;
        case 24: spec = presetByName("spiral-residual-8"); spec.blocks[1].design.residualScale = ResidualScale::SkipInit; break;
        case 25: spec = presetByName("spiral-residual-8"); spec.blocks[0].batchNorm = false; spec.blocks[0].design.residualScale = ResidualScale::Fixup;
                 spec.blocks[0].design.placement = Placement::FullPreActivation; break;
        case 26: spec = presetByName("spiral-residual-8"); for (auto& b : spec.blocks) { b.batchNorm = false; b.design.residualScale = ResidualScale::SkipInit; }
                 spec.blocks[2].design.alphaInit = 0.6; break;
        case 27: spec = presetByName("spiral-residual-8"); spec.blocks[0].batchNorm = false; spec.blocks[0].design.placement = Placement::BnAfterAddition; break;
        case 28: spec = presetByName("spiral-residual-8"); spec.blocks[1].design.shortcutScale = -0.5; break;
        case 29: spec = presetByName("spiral-residual-8"); spec.blocks[0].design.dropoutRate = 1.5; break;
        case 30: spec = smallConvNet(); spec.blocks[2].width = 8; spec.blocks[2].stride = 1; spec.blocks[2].shortcut = ShortcutKind::Identity; break;
        }
        const std::vector<SpecIssue> issues = validate(spec);
        bool found = false;
        for (const SpecIssue& issue : issues)
            found |= QString::fromStdString(issue.message).contains(message) &&
                     (field.isEmpty() || QString::fromStdString(issue.field) == field) &&
                     (index < 0 || issue.index == index);
        QVERIFY2(found, qPrintable("expected \"" + message + "\" (index " + QString::number(index) + ", field " + field + ") in:\n" + issuesText(issues)));
        QVERIFY_THROWS_EXCEPTION(SpecError, buildNetwork(spec));
    }

    void absurdSizesAreRejectedWithoutAllocating() {
        // A 10^9-wide layer would need terabytes; validation refuses it before buildNetwork
        // allocates anything, and buildNetwork reports the same message.
        NetworkSpec spec = presetByName("spiral-plain-8");
        spec.blocks[0].width = 1000000000;
        try {
            buildNetwork(spec);
            QFAIL("built");
        } catch (const SpecError& e) {
            QVERIFY2(QString(e.what()).contains("block 0: width is 1000000000"), e.what());
        }
    }

    void analysisMatchesBuiltNetwork_data() {
        QTest::addColumn<QString>("preset");
        for (const std::string& name : presetNames())
            if (name.find("110") == std::string::npos && name.find("1000") == std::string::npos &&
                name.find("1202") == std::string::npos)
                QTest::newRow(name.c_str()) << QString::fromStdString(name);
        for (const char* name : {"resnet-v2-20", "resnet-rezero-20", "spiral-preact-16", "spiral-rezero-16"})
            QTest::newRow(name) << QString::fromUtf8(name);
        QTest::newRow("every design field") << "every design field";
    }
    void analysisMatchesBuiltNetwork() {
        QFETCH(QString, preset);
        const NetworkSpec spec =
            preset == "every design field" ? everyDesignField() : presetByName(preset.toStdString());
        const SpecAnalysis a = analyze(spec);
        auto net = buildNetwork(spec);
        QCOMPARE(net->parameterCount(), a.params);
        QCOMPARE(net->outputShape(), a.outputShape);
        QCOMPARE(std::size_t(net->blockCount()), spec.blocks.size());
    }

    void presetParameterCounts_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<qlonglong>("params");
        QTest::addColumn<int>("depth");
        QTest::newRow("resnet20") << "resnet20" << 269722LL << 20;
        QTest::newRow("plain20") << "plain20" << 269722LL << 20;
        QTest::newRow("resnet56") << "resnet56" << 853018LL << 56;
        QTest::newRow("plain56") << "plain56" << 853018LL << 56;
        QTest::newRow("resnet110") << "resnet110" << 1727962LL << 110;
        QTest::newRow("plain110") << "plain110" << 1727962LL << 110;
        QTest::newRow("spiral-residual-56") << "spiral-residual-56" << 59011LL << 56;
    }
    void presetParameterCounts() {
        QFETCH(QString, preset);
        QFETCH(qlonglong, params);
        QFETCH(int, depth);
        const SpecAnalysis a = analyze(presetByName(preset.toStdString()));
        QCOMPARE(a.params, params);
        QCOMPARE(a.depth, depth);
        QVERIFY(a.valid());
    }

    void twinsChangeOnlyShortcuts() {
        const NetworkSpec resnet = presetByName("resnet20");
        const NetworkSpec plain = plainTwin(resnet);
        for (const BlockSpec& b : plain.blocks)
            QCOMPARE(b.shortcut, ShortcutKind::None);
        const NetworkSpec back = residualTwin(plain, ShortcutKind::ZeroPad);
        QVERIFY(back == resnet);
        QCOMPARE(analyze(plain).params, analyze(resnet).params);
    }

    void unknownPresetListsNames() {
        try {
            presetByName("resnet21");
            QFAIL("accepted");
        } catch (const SpecError& e) {
            QVERIFY(QString(e.what()).contains("known presets: resnet20"));
        }
    }
};

QTEST_APPLESS_MAIN(TestNetworkSpec)
#include "test_network_spec.moc"
