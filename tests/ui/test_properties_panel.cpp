// tests/ui/test_properties_panel.cpp: the properties panel edits what is selected, at once and
// undoably: block fields (width, kernel, stride, span, activation, BN, shortcut), several
// blocks together, stem/head layer fields, and the network's own fields; typing into a field is
// one undo step; the one-click fix repairs a mismatch.
#include "ui/builder/properties_panel.h"
#include "ui/document/network_document.h"

#include "core/spec/presets.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace ui;

class TestPropertiesPanel : public QObject {
    Q_OBJECT

    template <class T>
    static T* field(PropertiesPanel& panel, const char* name) {
        T* widget = panel.findChild<T*>(QLatin1String(name));
        if (!widget)
            qFatal("no field %s", name);
        return widget;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void nothingSelectedShowsTheNetwork() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        PropertiesPanel panel(&document);
        QCOMPARE(panel.page(), PropertiesPanel::Page::Network);
        QCOMPARE(field<QSpinBox>(panel, "classes")->value(), 3);
        field<QSpinBox>(panel, "classes")->setValue(5);
        QCOMPARE(document.spec().classes, 5);
        QVERIFY(!document.isValid());   // the head still has 3 units
        document.undoStack()->undo();
        QCOMPARE(document.spec().classes, 3);
        QCOMPARE(field<QSpinBox>(panel, "classes")->value(), 3);

        QLineEdit* name = field<QLineEdit>(panel, "networkName");
        name->setText("my net");
        emit name->editingFinished();
        QCOMPARE(document.spec().name, std::string("my net"));
    }

    // Ctrl+Z with a field focused undoes the last edit of the document (the field's own text
    // undo must not swallow the key).
    void ctrlZInAFieldUndoesTheDocument() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* panel = new PropertiesPanel(&document, &window);
        layout->addWidget(panel);
        QAction* undo = document.undoStack()->createUndoAction(&window);
        undo->setShortcut(QKeySequence::Undo);
        window.addAction(undo);
        const core::BlockId id = document.spec().blocks[1].id;
        panel->setSelection({id}, {});
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSpinBox* width = field<QSpinBox>(*panel, "width");
        width->setFocus();
        width->selectAll();
        QTest::keyClicks(width, "24");
        QCOMPARE(document.spec().blocks[1].width, 24);
        QTest::keyClick(width, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(document.spec().blocks[1].width, 16);
        QVERIFY(document.undoStack()->canRedo());
        QCOMPARE(width->value(), 16);
    }

    void blockFieldsEditTheSpec() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        PropertiesPanel panel(&document);
        const core::BlockId id = document.spec().blocks[1].id;
        panel.setSelection({id}, {});
        QCOMPARE(panel.page(), PropertiesPanel::Page::Block);
        QCOMPARE(field<QSpinBox>(panel, "width")->value(), 16);

        const std::string before = core::specToJson(document.spec());
        field<QSpinBox>(panel, "kernel")->setValue(5);
        field<QSpinBox>(panel, "span")->setValue(3);
        field<QComboBox>(panel, "activation")->setCurrentIndex(1);
        emit field<QComboBox>(panel, "activation")->activated(1);
        field<QCheckBox>(panel, "batchNorm")->setChecked(false);
        const core::BlockSpec& block = document.spec().blocks[1];
        QCOMPARE(block.kernel, 5);
        QCOMPARE(block.span, 3);
        QCOMPARE(block.activation, core::Activation::Tanh);
        QCOMPARE(block.batchNorm, false);
        QCOMPARE(document.undoStack()->count(), 4);
        while (document.undoStack()->canUndo())
            document.undoStack()->undo();
        QCOMPARE(core::specToJson(document.spec()), before);
        QCOMPARE(field<QSpinBox>(panel, "kernel")->value(), 3);
    }

    void typingAWidthIsOneStep() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        PropertiesPanel panel(&document);
        panel.setSelection({document.spec().blocks[0].id}, {});
        QSpinBox* width = field<QSpinBox>(panel, "width");
        width->selectAll();
        QTest::keyClicks(width, "128");
        QCOMPARE(document.spec().blocks[0].width, 128);
        QCOMPARE(document.undoStack()->count(), 1);
    }

    void severalBlocksChangeTogether() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        PropertiesPanel panel(&document);
        QList<core::BlockId> ids;
        for (const core::BlockSpec& b : document.spec().blocks)
            ids << b.id;
        panel.setSelection(ids, {});
        field<QSpinBox>(panel, "width")->setValue(64);
        for (const core::BlockSpec& b : document.spec().blocks)
            QCOMPARE(b.width, 64);
        QCOMPARE(document.undoStack()->count(), 1);
        QComboBox* shortcut = field<QComboBox>(panel, "shortcut");
        shortcut->setCurrentIndex(0);
        emit shortcut->activated(0);
        for (const core::BlockSpec& b : document.spec().blocks)
            QCOMPARE(b.shortcut, core::ShortcutKind::None);
        QCOMPARE(document.undoStack()->count(), 2);
    }

    void mismatchOffersAOneClickFix() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        PropertiesPanel panel(&document);
        const core::BlockId id = document.spec().blocks[0].id;
        panel.setSelection({id}, {});
        field<QSpinBox>(panel, "width")->setValue(32);   // 16 -> 32 channels under an identity skip
        QVERIFY(!document.isValid());
        auto* projection = field<QPushButton>(panel, "fixProjection");
        auto* zeroPad = field<QPushButton>(panel, "fixZeroPad");
        QVERIFY(!projection->isHidden());
        QVERIFY(!zeroPad->isHidden());
        QVERIFY(field<QWidget>(panel, "blockIssues")->property("text").toString().contains("block 0"));
        zeroPad->click();
        QCOMPARE(document.spec().blocks[0].shortcut, core::ShortcutKind::ZeroPad);
        QVERIFY(projection->isHidden());
    }

    void layerFields() {
        NetworkDocument document;
        document.reset(core::presetByName("resnet20"));
        PropertiesPanel panel(&document);
        panel.setSelection({}, {{LayerSection::Head, 1}});   // dense 10
        QCOMPARE(panel.page(), PropertiesPanel::Page::Layer);
        QCOMPARE(field<QSpinBox>(panel, "layerUnits")->value(), 10);
        field<QSpinBox>(panel, "layerUnits")->setValue(12);
        QCOMPARE(document.spec().head[1].units, 12);
        QVERIFY(!document.isValid());   // 12 outputs for 10 classes
        panel.setSelection({}, {{LayerSection::Stem, 0}});   // conv 3x3
        field<QSpinBox>(panel, "layerStride")->setValue(2);
        QCOMPARE(document.spec().stem[0].stride, 2);
    }

    void selectionThatUndoRemovesFallsBackToTheNetwork() {
        NetworkDocument document;
        document.reset(core::presetByName("spiral-residual-8"));
        PropertiesPanel panel(&document);
        core::BlockSpec block = document.spec().blocks[0];
        block.id = 99;
        document.insertBlock(0, block);
        panel.setSelection({99}, {});
        QCOMPARE(panel.page(), PropertiesPanel::Page::Block);
        document.removeBlock(99);
        QCOMPARE(panel.page(), PropertiesPanel::Page::Network);
        QVERIFY(panel.selectedBlocks().isEmpty());
    }
};

QTEST_MAIN(TestPropertiesPanel)
#include "test_properties_panel.moc"
