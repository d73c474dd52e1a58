// tests/ui/test_preset_dialog.cpp: "New from preset" gives the core's named presets exactly,
// and builds plain or residual networks of the chosen depth, width and input.
#include "ui/builder/preset_dialog.h"

#include "core/spec/presets.h"
#include "core/spec/spec_analysis.h"

#include <QStandardPaths>
#include <QTest>

using ui::PresetDialog;

class TestPresetDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void namedPresetsAreTheCores_data() {
        QTest::addColumn<QString>("name");
        for (const std::string& name : core::presetNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void namedPresetsAreTheCores() {
        QFETCH(QString, name);
        PresetDialog dialog;
        QVERIFY(dialog.selectPreset(name));
        QCOMPARE(dialog.spec(), core::presetByName(name.toStdString()));
    }

    void unknownPresetIsRefused() {
        PresetDialog dialog;
        QVERIFY(!dialog.selectPreset("resnet-9000x"));
    }

    void customPointsNetwork() {
        PresetDialog dialog;
        dialog.setCustom(false, false, 32, 24);
        const core::NetworkSpec spec = dialog.spec();
        const core::SpecAnalysis analysis = core::analyze(spec);
        QCOMPARE(analysis.depth, 32);
        QVERIFY(analysis.valid());
        QCOMPARE(spec.input.kind, core::InputKind::Points);
        for (const core::BlockSpec& b : spec.blocks) {
            QCOMPARE(b.width, 24);
            QVERIFY(!b.residual());
        }
    }

    void customImageNetworkIs6nPlus2() {
        PresetDialog dialog;
        dialog.setCustom(true, true, 44, 16);
        QCOMPARE(dialog.depth(), 44);
        const core::NetworkSpec spec = dialog.spec();
        QCOMPARE(spec, core::presetByName("resnet44"));
        dialog.setCustom(true, true, 20, 32);   // wider: 32, 64, 128 channels
        const core::NetworkSpec wide = dialog.spec();
        QCOMPARE(wide.blocks.front().width, 32);
        QCOMPARE(wide.blocks.back().width, 128);
        QVERIFY(core::analyze(wide).valid());
    }

    void changingTheFormLeavesTheNamedPreset() {
        PresetDialog dialog;
        QVERIFY(dialog.selectPreset("resnet56"));
        dialog.setCustom(false, true, 56, 16);
        QCOMPARE(dialog.spec(), core::presetByName("plain56"));
    }
};

QTEST_MAIN(TestPresetDialog)
#include "test_preset_dialog.moc"
